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
  // One text can stand for several rules (a loop's `--dport $port`, a function's `-A "$1"`): one hint
  // per place, naming every direction or service it stands for.
  const directions = new Map<string, Place>();
  const services = new Map<string, Place>();
  for (const statement of analysis.statements) {
    const c = statement.command;
    if (!c.rule || !c.chain || (c.op !== 'append' && c.op !== 'insert' && c.op !== 'replace')) continue;
    if (comparePositions(c.range.end, visible.start) < 0 || comparePositions(c.range.start, visible.end) > 0) continue;
    addLabel(directions, c.chain.range.end, directionLabel(hooksOf(analysis, c.family, c.table, c.chain.value)));
    for (const match of c.rule.matches) {
      for (const option of match.options) {
        if (!PORT_OPTIONS.has(option.name)) continue;
        for (const value of option.values) addLabel(services, value.range.end, value.known ? servicesOf(value.value) : undefined);
      }
    }
  }
  return [
    ...[...directions.values()].map((p) => hint(p, InlayHintKind.Type)),
    ...[...services.values()].map((p) => hint(p, InlayHintKind.Parameter)),
  ];
}

interface Place {
  position: Position;
  labels: string[];
}

function addLabel(places: Map<string, Place>, position: Position, label: string | undefined): void {
  if (!label) return;
  const key = `${position.line}:${position.character}`;
  const place = places.get(key) ?? { position, labels: [] };
  if (!place.labels.includes(label)) place.labels.push(label);
  places.set(key, place);
}

function hint(place: Place, kind: InlayHintKind): InlayHint {
  return { position: place.position, label: place.labels.join(', '), kind, paddingLeft: true };
}

/** `443` → `https`, `80,443` → `http, https`; undefined when no port has a well-known name. */
function servicesOf(ports: string): string | undefined {
  const names = ports.split(',').map((p) => (/^\d+$/.test(p) ? serviceName(Number(p)) : undefined));
  return names.some(Boolean) ? names.map((n, i) => n ?? ports.split(',')[i]).join(', ') : undefined;
}
