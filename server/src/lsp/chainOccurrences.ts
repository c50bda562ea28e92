import { comparePositions, containsPosition, type Position, type Range } from '../core/range';
import type { Analysis } from '../engine/analysis';
import type { Family, TableName } from '../iptables/rule';
import type { Statement } from '../model/statement';

export type OccurrenceKind =
  /** `-N CHAIN`, `:CHAIN - [0:0]`, or the new name of `-E OLD NEW`. */
  | 'definition'
  /** `-j CHAIN` / `-g CHAIN`. */
  | 'jump'
  /** `-A CHAIN`, `-I CHAIN`, `-F CHAIN`, `-X CHAIN`, `-P CHAIN`, the old name of `-E`… */
  | 'command';

export interface ChainOccurrence {
  name: string;
  family: Family;
  table: TableName;
  kind: OccurrenceKind;
  range: Range;
  statement: Statement;
}

/**
 * Every place a chain is named, once per place in the text: a rule a loop produced five times names
 * its chain at one place. In execution order.
 */
export function chainOccurrences(analysis: Analysis): ChainOccurrence[] {
  const out: ChainOccurrence[] = [];
  const seen = new Set<string>();
  const add = (statement: Statement, name: string, range: Range, kind: OccurrenceKind) => {
    const key = `${range.start.line}:${range.start.character}:${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { family, table } = statement.command;
    out.push({ name, family, table, kind, range, statement });
  };
  for (const statement of analysis.statements) {
    const c = statement.command;
    if (c.chain) add(statement, c.chain.value, c.chain.range, c.op === 'new-chain' ? 'definition' : 'command');
    if (c.op === 'rename-chain' && c.newName) add(statement, c.newName.value, c.newName.range, 'definition');
    const target = c.rule?.target;
    if (target) add(statement, target.name, target.range, 'jump');
  }
  return out;
}

/** The chain named at a position, and every occurrence of that chain (same family and table). */
export function chainAt(analysis: Analysis, position: Position): { at: ChainOccurrence; all: ChainOccurrence[] } | undefined {
  const occurrences = chainOccurrences(analysis);
  const at = occurrences.find((o) => containsPosition(o.range, position));
  if (!at) return undefined;
  const all = occurrences.filter((o) => o.name === at.name && o.family === at.family && o.table === at.table);
  return { at, all };
}

/** A chain the user created (not INPUT, not a target such as ACCEPT): only those can be jumped to and renamed. */
export function isUserChain(all: readonly ChainOccurrence[]): boolean {
  return all.some((o) => o.kind === 'definition');
}

export function byPosition(a: ChainOccurrence, b: ChainOccurrence): number {
  return comparePositions(a.range.start, b.range.start);
}
