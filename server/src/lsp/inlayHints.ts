import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { comparePositions, type Position, type Range } from '../core/range';
import type { Analysis } from '../engine/analysis';
import { enabledDocument, type ServerContext } from './context';
import { currentAnalysis } from './documents';
import { directionLabel, hooksOf } from './chainDirections';
import { serviceName } from './grammarAdapter';

const PORT_OPTIONS = new Set(['--dport', '--sport', '--dports', '--sports', '--ports']);

/** After each rule's chain: the direction it governs; after each port: its service name. */
export async function inlayHints(ctx: ServerContext, params: InlayHintParams): Promise<InlayHint[] | null> {
  const doc = await enabledDocument(ctx, params.textDocument.uri);
  if (!doc || !doc.settings.inlayHints.enable) return null;
  const analysis = currentAnalysis(doc.entry);
  if (!analysis) return null;
  return ruleHints(analysis, params.range);
}

export function ruleHints(analysis: Analysis, visible: Range): InlayHint[] {
  const hints: InlayHint[] = [];
  const seen = new Set<string>();
  // A loop repeats one text with other values (`--dport $port`): one hint per place, naming them all.
  const services = new Map<string, { position: Position; names: string[] }>();
  for (const statement of analysis.statements) {
    const c = statement.command;
    if (!c.rule || !c.chain || (c.op !== 'append' && c.op !== 'insert' && c.op !== 'replace')) continue;
    if (comparePositions(c.range.end, visible.start) < 0 || comparePositions(c.range.start, visible.end) > 0) continue;
    const key = `${c.chain.range.start.line}:${c.chain.range.start.character}`;
    if (!seen.has(key)) {
      seen.add(key);
      const direction = directionLabel(hooksOf(analysis, c.family, c.table, c.chain.value));
      if (direction) hints.push({ position: c.chain.range.end, label: direction, kind: InlayHintKind.Type, paddingLeft: true });
    }
    for (const match of c.rule.matches) {
      for (const option of match.options) {
        if (!PORT_OPTIONS.has(option.name)) continue;
        for (const value of option.values) {
          const names = value.known ? servicesOf(value.value) : undefined;
          if (!names) continue;
          const at = `${value.range.end.line}:${value.range.end.character}`;
          const place = services.get(at) ?? { position: value.range.end, names: [] };
          if (!place.names.includes(names)) place.names.push(names);
          services.set(at, place);
        }
      }
    }
  }
  for (const { position, names } of services.values()) {
    hints.push({ position, label: names.join(', '), kind: InlayHintKind.Parameter, paddingLeft: true });
  }
  return hints;
}

/** `443` → `https`, `80,443` → `http, https`; undefined when no port has a well-known name. */
function servicesOf(ports: string): string | undefined {
  const names = ports.split(',').map((p) => (/^\d+$/.test(p) ? serviceName(Number(p)) : undefined));
  return names.some(Boolean) ? names.map((n, i) => n ?? ports.split(',')[i]).join(', ') : undefined;
}
