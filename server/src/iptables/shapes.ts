/**
 * IptCommand, Rule and option objects are built here, their properties always in the same order, so
 * that the model, the analysis and the checks read `command.rule`, `rule.source`… through few shapes.
 * A Rule has every property present: one hidden class. A command has the ones every command can use
 * (`tableRange`, `chain` and `rule` may be undefined); the rare ones (`policy`, `ruleNum`, `newName`,
 * `unknownArgs`, `tableKnown`) are added when the command has them, rather than kept empty on every
 * command: at 100,000 rules that was 5 MB more for the garbage collector to copy, for a few shapes more.
 */
import { spanRanges, type Range } from '../core/range';
import type { CommandOp, Family, IptCommand, Located, MatchModule, Negatable, OptionValue, Rule, TableName, Target } from './rule';

export function newCommand(
  op: CommandOp,
  family: Family,
  table: TableName,
  tableRange: Range | undefined,
  opRange: Range,
  range: Range,
  chain: Located<string> | undefined,
  policy: Located<string> | undefined,
): IptCommand {
  const command: IptCommand = { op, family, table, tableRange, opRange, chain, rule: undefined, range };
  if (policy) command.policy = policy;
  return command;
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

/**
 * A match or target option as the parser keeps it. Its range (from the option word, or the `!` before
 * it, to its last value) is worked out when read, which is only for a finding or a hover: kept as an
 * object it was one more per option for the garbage collector to copy and mark, about 80,000 of them
 * in a 100,000-rule script, read for a handful.
 */
class ParsedOption implements OptionValue {
  declare readonly name: string;
  declare readonly negated: boolean;
  declare readonly values: Located<string>[];
  /** The option word, or the `!` before it. */
  private declare readonly first: Range;

  constructor(name: string, negated: boolean, values: Located<string>[], first: Range) {
    this.name = name;
    this.negated = negated;
    this.values = values;
    this.first = first;
  }

  get range(): Range {
    const n = this.values.length;
    return n === 0 ? this.first : spanRanges(this.first, this.values[n - 1].range);
  }

  toJSON(): OptionValue {
    return { name: this.name, negated: this.negated, values: this.values, range: this.range };
  }
}

/** An option from its name, negation, values and first word (the option or its `!`). */
export function newOption(name: string, negated: boolean, values: Located<string>[], first: Range): OptionValue {
  return new ParsedOption(name, negated, values, first);
}
