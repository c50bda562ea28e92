// Placeholder until the model lands (issue #2): the signature is the contract.
import type { Problem } from '../engine/problem';
import type { Ruleset } from './ruleset';
import type { Statement } from './statement';
export function buildRuleset(_statements: Statement[]): { ruleset: Ruleset; problems: Problem[] } {
  return { ruleset: { tables: new Map() }, problems: [] };
}
