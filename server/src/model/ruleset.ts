import type { Range } from '../core/range';
import type { Family, Rule, TableName } from '../iptables/rule';
import type { Statement } from './statement';

/** A rule as it stands in a chain after the whole script ran. */
export interface RuleEntry {
  rule: Rule;
  statement: Statement;
  /** True when the rule, or something that moved it (an -I/-D before it), may not have run. */
  conditional: boolean;
  /** For `-j`/`-g` into a user chain: that chain's current name (it follows `-E` renames). */
  jumpsTo?: string;
}

export interface ChainState {
  name: string;
  builtin: boolean;
  /** Built-in chains only: ACCEPT or DROP. */
  policy?: 'ACCEPT' | 'DROP';
  /** The `-P` (or `:CHAIN POLICY` line) that set the policy last; absent for the kernel default ACCEPT. */
  policyStatement?: Statement;
  policyRange?: Range;
  /** The `-N` (or `:CHAIN - [0:0]` line) that created a user chain. */
  definedAt?: Statement;
  rules: RuleEntry[];
  /** The policy or rule order may differ when conditional statements ran (or did not). */
  uncertain: boolean;
}

export interface TableState {
  family: Family;
  table: TableName;
  chains: Map<string, ChainState>;
}

/** The state the script leaves behind: per family and table. Key: `${family}/${table}`. */
export interface Ruleset {
  tables: Map<string, TableState>;
  /**
   * The statements, in order, whose `-s`/`-d` may hold a host name (Rule.addressTraits),
   * noted by buildRuleset while it reads each rule anyway, so that the host-name check need not
   * visit every statement again. Absent when the ruleset was built another way.
   */
  hostnameCandidates?: Statement[];
}

export function tableKey(family: Family, table: TableName): string {
  return `${family}/${table}`;
}
