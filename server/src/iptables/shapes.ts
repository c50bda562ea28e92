/**
 * IptCommand and Rule objects are built here, with every property present and always in the same
 * order. Each kind then has one hidden class in V8: the model, the analysis and the checks read
 * `command.rule`, `rule.source`… through one shape at each access rather than one per combination
 * of optional parts, and the properties live inside the object instead of a separate store.
 */
import type { Range } from '../core/range';
import type { CommandOp, Family, IptCommand, Located, MatchModule, Negatable, Rule, TableName, Target } from './rule';

export function newCommand(
  op: CommandOp,
  family: Family,
  table: TableName,
  opRange: Range,
  range: Range,
  chain: Located<string> | undefined,
  policy: Located<string> | undefined,
): IptCommand {
  return {
    op,
    family,
    table,
    tableRange: undefined,
    opRange,
    chain,
    ruleNum: undefined,
    rule: undefined,
    policy,
    newName: undefined,
    range,
    unknownArgs: undefined,
    tableKnown: undefined,
  };
}

export function newRule(
  family: Family,
  table: TableName,
  chain: string,
  protocol: Negatable<string> | undefined,
  source: Negatable<string> | undefined,
  destination: Negatable<string> | undefined,
  inInterface: Negatable<string> | undefined,
  outInterface: Negatable<string> | undefined,
  fragment: Negatable<true> | undefined,
  matches: MatchModule[],
  target: Target | undefined,
  range: Range,
  addressTraits: number,
): Rule {
  return { family, table, chain, protocol, source, destination, inInterface, outInterface, fragment, matches, target, range, addressTraits };
}
