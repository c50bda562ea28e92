import type { Range } from '../core/range';

export type Family = 'ipv4' | 'ipv6';
export type TableName = 'filter' | 'nat' | 'mangle' | 'raw' | 'security';

/** A value as written, with its source range; `known` is false for values the script cannot know. */
export interface Located<T> {
  value: T;
  range: Range;
  known: boolean;
}

export interface Negatable<T> extends Located<T> {
  negated: boolean;
}

/** `--dport 80`, `! --ctstate NEW`, `--dports 80,443`: an option of a match or a target. */
export interface OptionValue {
  /** Canonical long name with dashes, e.g. `--dport` (aliases such as `--destination-port` are mapped). */
  name: string;
  negated: boolean;
  /** The option's arguments (most take one). */
  values: Located<string>[];
  /** From the option name (or its `!`) to its last argument. */
  range: Range;
}

/** A match extension: loaded by `-m name`, or implicitly by `-p tcp|udp|icmp|…`. */
export interface MatchModule {
  /** Canonical module name; `state` stays `state` (iptables -S prints it back that way). */
  name: string;
  implicit: boolean;
  range: Range;
  options: OptionValue[];
}

export interface Target {
  name: string;
  /** `-j` jumps (and returns); `-g` goes to (returns to the last `-j` caller). */
  kind: 'jump' | 'goto';
  /** Range of the target name. */
  range: Range;
  options: OptionValue[];
}

/** A rule as `-A/-I/-D/-R/-C` carry it. */
export interface Rule {
  family: Family;
  table: TableName;
  chain: string;
  protocol?: Negatable<string>;
  source?: Negatable<string>;
  destination?: Negatable<string>;
  inInterface?: Negatable<string>;
  outInterface?: Negatable<string>;
  /** `-f` / `! -f`. */
  fragment?: Negatable<true>;
  matches: MatchModule[];
  target?: Target;
  /** The whole command (or restore line) this rule was written in. */
  range: Range;
  /**
   * ADDRESS_LIST and ADDRESS_MAY_BE_NAME (iptables/addresses) of `-s` and `-d`, worked out by the parser
   * while the values are at hand: the model then needs not read every rule's addresses again.
   */
  addressTraits: number;
}

export type CommandOp =
  | 'append' // -A
  | 'insert' // -I
  | 'delete' // -D (by rule spec or number)
  | 'replace' // -R
  | 'check' // -C
  | 'flush' // -F
  | 'zero' // -Z
  | 'new-chain' // -N
  | 'delete-chain' // -X
  | 'policy' // -P
  | 'rename-chain' // -E
  | 'list' // -L
  | 'list-rules'; // -S

/** One parsed iptables command (a command line, or a line of a restore file). */
export interface IptCommand {
  op: CommandOp;
  family: Family;
  table: TableName;
  /** Range of `-t nat` (absent when the default table is used). */
  tableRange?: Range;
  /** Range of the command option, e.g. `-A`. */
  opRange: Range;
  /** Absent for `-F`, `-X`, `-Z`, `-L`, `-S` without a chain. */
  chain?: Located<string>;
  /** `-I CHAIN 3`, `-D CHAIN 2`, `-R CHAIN 1`. */
  ruleNum?: Located<number>;
  /** For append/insert/replace/check and delete-by-spec. */
  rule?: Rule;
  /** For `-P`. */
  policy?: Located<string>;
  /** For `-E old new`. */
  newName?: Located<string>;
  range: Range;
  /**
   * Words whose value the script cannot know standing where an option belongs (`iptables $OPTS -A …`):
   * the command may carry options nobody can see, so checks must not conclude from what is absent.
   */
  unknownArgs?: Located<string>[];
  /** False when the table is a value the script cannot know (`-t $TABLE`); `table` is then a guess (filter). */
  tableKnown?: boolean;
}
