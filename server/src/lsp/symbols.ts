import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import { spanRanges, type Range } from '../core/range';
import type { Analysis } from '../engine/analysis';
import type { Family, TableName } from '../iptables/rule';
import type { Statement } from '../model/statement';
import { enabledDocument, type ServerContext } from './context';
import { currentAnalysis } from './documents';

/** Outline: tables → chains → their rules and policy, in the order the text names them. */
export async function documentSymbols(ctx: ServerContext, params: DocumentSymbolParams): Promise<DocumentSymbol[] | null> {
  const doc = await enabledDocument(ctx, params.textDocument.uri);
  if (!doc) return null;
  const analysis = currentAnalysis(doc.entry);
  if (!analysis) return null;
  return outline(analysis, (range) => doc.entry.document.getText(range));
}

interface ChainNode {
  symbol: DocumentSymbol;
  children: DocumentSymbol[];
  seenRanges: Set<string>;
}

export function outline(analysis: Analysis, textOf: (range: Range) => string): DocumentSymbol[] {
  const tables = new Map<string, { family: Family; table: TableName; chains: Map<string, ChainNode>; range: Range }>();
  const bothFamilies = new Set(analysis.statements.map((s) => s.command.family)).size > 1;

  const chainNode = (statement: Statement, name: string, nameRange: Range): ChainNode => {
    const { family, table } = statement.command;
    const key = `${family}/${table}`;
    let t = tables.get(key);
    if (!t) {
      t = { family, table, chains: new Map(), range: statement.command.range };
      tables.set(key, t);
    }
    t.range = spanRanges(t.range, statement.command.range);
    let chain = t.chains.get(name);
    if (!chain) {
      chain = {
        symbol: { name, kind: SymbolKind.Function, range: statement.command.range, selectionRange: nameRange, children: [] },
        children: [],
        seenRanges: new Set(),
      };
      t.chains.set(name, chain);
    }
    chain.symbol.range = spanRanges(chain.symbol.range, statement.command.range);
    return chain;
  };

  for (const statement of analysis.statements) {
    const c = statement.command;
    if (!c.chain) continue;
    const chain = chainNode(statement, c.chain.value, c.chain.range);
    const key = `${c.range.start.line}:${c.range.start.character}`;
    // A loop yields the same text many times: the outline shows the text once.
    if (chain.seenRanges.has(key)) continue;
    chain.seenRanges.add(key);
    if (c.op === 'new-chain') {
      chain.symbol.selectionRange = c.chain.range;
    } else if (c.op === 'policy' && c.policy) {
      chain.children.push({ name: `policy ${c.policy.value}`, kind: SymbolKind.Constant, range: c.range, selectionRange: c.policy.range });
    } else if (c.rule && (c.op === 'append' || c.op === 'insert' || c.op === 'replace')) {
      const label = ruleLabel(textOf({ start: c.chain.range.end, end: c.range.end }));
      chain.children.push({
        name: label || '(matches everything)',
        detail: c.op === 'insert' ? 'inserted' : c.op === 'replace' ? 'replaced' : undefined,
        kind: SymbolKind.Field,
        range: c.range,
        selectionRange: c.rule.target?.range ?? c.opRange,
      });
    }
  }

  const out: DocumentSymbol[] = [];
  for (const t of tables.values()) {
    const chains: DocumentSymbol[] = [];
    for (const chain of t.chains.values()) {
      chain.symbol.children = chain.children;
      chains.push(chain.symbol);
    }
    out.push({
      name: bothFamilies || t.family === 'ipv6' ? `${t.table} (${t.family === 'ipv6' ? 'IPv6' : 'IPv4'})` : t.table,
      kind: SymbolKind.Namespace,
      range: t.range,
      selectionRange: { start: t.range.start, end: t.range.start },
      children: chains,
    });
  }
  return out.map(enclose);
}

/**
 * Editors reject a whole outline when one symbol's range does not hold its selection range or its
 * children (VS Code does). Arguments can come from words elsewhere (a function's "$1"), so widen
 * each range to what it must hold.
 */
function enclose(symbol: DocumentSymbol): DocumentSymbol {
  const children = symbol.children?.map(enclose);
  let range = spanRanges(symbol.range, symbol.selectionRange);
  for (const child of children ?? []) range = spanRanges(range, child.range);
  return { ...symbol, range, children };
}

/** The rule as written after its chain, on one line: `-p tcp --dport 22 -j ACCEPT`. */
function ruleLabel(text: string): string {
  const flat = text.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}
