/**
 * IptCommand, Rule, match and option objects are built here, their properties always in the same
 * order, so that the model, the analysis and the checks read `command.rule`, `rule.source`… through
 * few shapes. A Rule has every property present: one hidden class. A command has the ones every command
 * can use (`tableRange`, `chain` and `rule` may be undefined); the rare ones (`policy`, `ruleNum`,
 * `newName`, `unknownArgs`, `tableKnown`) are added when the command has them, rather than kept empty
 * on every command: at 100,000 rules that was 5 MB more for the garbage collector to copy, for a few
 * shapes more. A match with one option of one value is a OneOptionMatch (see there).
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
  declare readonly first: Range;

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

/**
 * A match with one option of one value: `-p tcp --dport 22`, `-m conntrack --ctstate NEW`, `-m comment
 * --comment x`, most matches of most rules. It keeps that option's parts in its own fields, and builds
 * its `options` list (and that option's `values`) only when something reads them: a hover, a fix, the
 * printer. The analysis reads the option through optionCount and the `option…At` functions below,
 * which build nothing. Kept the usual way, such a match is six objects (the match, its list of options,
 * the option, its list of values, each list two objects to V8); at 100,000 rules that is half a million
 * objects more for the garbage collector to copy and mark, which cost the analysis about a tenth of
 * its time.
 */
class OneOptionMatch implements MatchModule {
  declare readonly name: string;
  declare readonly implicit: boolean;
  declare readonly range: Range;
  declare readonly optionName: string;
  declare readonly negated: boolean;
  /** The option word, or the `!` before it. */
  declare readonly first: Range;
  declare readonly value: Located<string>;
  private declare built: OptionValue[] | undefined;

  constructor(name: string, implicit: boolean, range: Range, option: ParsedOption) {
    this.name = name;
    this.implicit = implicit;
    this.range = range;
    this.optionName = option.name;
    this.negated = option.negated;
    this.first = option.first;
    this.value = option.values[0];
    this.built = undefined;
  }

  /** Built once, on first read: the same list (and option object) every time after. */
  get options(): OptionValue[] {
    return (this.built ??= [new ParsedOption(this.optionName, this.negated, [this.value], this.first)]);
  }

  toJSON(): MatchModule {
    return { name: this.name, implicit: this.implicit, range: this.range, options: this.options };
  }
}

/** A match from its name, how it was loaded, its range and the options the parser collected for it. */
export function newMatch(name: string, implicit: boolean, range: Range, options: OptionValue[]): MatchModule {
  const only = options.length === 1 ? options[0] : undefined;
  if (only instanceof ParsedOption && only.values.length === 1) return new OneOptionMatch(name, implicit, range, only);
  return { name, implicit, range, options: exactOptions(options) };
}

/** A match or target without options: one shared, frozen list (code that tried to add to it would fail). */
export const NO_OPTION_VALUES: OptionValue[] = Object.freeze([]) as unknown as OptionValue[];

/**
 * The options as a rule keeps them, from the parser's reused list. Lists of one or two are array
 * literals: V8 allocates what a literal makes directly in the old generation once it sees that nearly
 * all of it survives, where a copy (`slice`) starts young and is copied twice more by the scavenger.
 */
export function exactOptions(options: OptionValue[]): OptionValue[] {
  switch (options.length) {
    case 0:
      return NO_OPTION_VALUES;
    case 1:
      return [options[0]];
    case 2:
      return [options[0], options[1]];
    default:
      return options.slice();
  }
}

// Reading a match's options without building them (see OneOptionMatch). Index i counts from 0.

export function optionCount(m: MatchModule): number {
  return m instanceof OneOptionMatch ? 1 : m.options.length;
}

export function optionNameAt(m: MatchModule, i: number): string {
  return m instanceof OneOptionMatch ? m.optionName : m.options[i].name;
}

export function optionNegatedAt(m: MatchModule, i: number): boolean {
  return m instanceof OneOptionMatch ? m.negated : m.options[i].negated;
}

/** The option's values as one text (joined by spaces), or undefined when one of them is not known. */
export function optionTextAt(m: MatchModule, i: number): string | undefined {
  if (m instanceof OneOptionMatch) return m.value.known ? m.value.value : undefined;
  const values = m.options[i].values;
  if (values.length === 1) return values[0].known ? values[0].value : undefined;
  if (values.some((v) => !v.known)) return undefined;
  return values.map((v) => v.value).join(' ');
}
