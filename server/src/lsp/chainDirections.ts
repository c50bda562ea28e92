import { factsOf } from '../analysis/context';
import type { Analysis } from '../engine/analysis';
import type { Family, TableName } from '../iptables/rule';
import { tableKey } from '../model/ruleset';

/** What traffic a built-in chain sees, in one word for inlay hints. */
const HOOK_DIRECTION: Record<string, string> = {
  INPUT: 'ingress',
  OUTPUT: 'egress',
  FORWARD: 'forwarded',
  PREROUTING: 'pre-routing',
  POSTROUTING: 'post-routing',
};

/** The built-in chains whose packets reach `chain` in the ruleset the script leaves (as the hover says). */
export function hooksOf(analysis: Analysis, family: Family, table: TableName, chain: string): string[] {
  const state = analysis.ruleset.tables.get(tableKey(family, table));
  return state ? [...factsOf(analysis.ruleset).hooksOf(state, chain)] : [];
}

/** `ingress`, `ingress, forwarded`, or undefined for a chain nothing jumps to. */
export function directionLabel(hooks: readonly string[]): string | undefined {
  if (hooks.length === 0) return undefined;
  return hooks.map((h) => HOOK_DIRECTION[h] ?? h.toLowerCase()).join(', ');
}
