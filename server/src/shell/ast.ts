/**
 * The syntax tree of a shell script (POSIX sh and the bash constructs firewall scripts use).
 *
 * Every node carries `start`/`end` UTF-16 offsets into the text; `Script.lines.range(start, end)` turns
 * them into exact LSP ranges. Offsets keep the tree small and fast to build: a 100,000-line script
 * makes a million words, and ranges are only needed for the few that end up in a finding.
 */
import type { LineIndex } from './lineIndex';

export interface Span {
  start: number;
  end: number;
}

// ── Words ────────────────────────────────────────────────────────────────────────────────────────

/** Text after quote removal. `quoted` parts are not subject to word splitting. */
export interface LiteralPart extends Span {
  kind: 'literal';
  value: string;
  quoted: boolean;
}

/** `${V:-x}`-style operators the evaluator understands; everything else (`#`, `%`, `/`, `:off`…) is `other`. */
export type ParamOperator = '-' | ':-' | '=' | ':=' | '+' | ':+' | '?' | ':?' | 'length' | 'other';

/** `$V`, `${V}`, `${V:-x}`, `${#V}`, `${A[@]}`, `$1`, `$@`… */
export interface ParamPart extends Span {
  kind: 'param';
  /** Variable name, digit string for positionals, or one of `@ * # ? - $ ! 0`. */
  name: string;
  /** Array subscript as written (`@`, `*`, `0`). */
  index?: string;
  operator?: ParamOperator;
  /** The word after a `:-`/`:=`/`:+`/`:?`-family operator. */
  operand?: WordPart[];
  /** `${!V}`: indirect expansion. */
  indirect?: boolean;
  quoted: boolean;
}

/** `$(…)`, backticks, and `<(…)` / `>(…)` process substitutions. */
export interface CommandSubstitutionPart extends Span {
  kind: 'command';
  body: Command[];
  quoted: boolean;
  form: '$(' | '`' | '<(' | '>(';
}

/** `$((…))` and `$[…]`. */
export interface ArithmeticPart extends Span {
  kind: 'arith';
  expression: string;
  quoted: boolean;
  /** Command substitutions inside the expression (they run; the value is then unknown). */
  substitutions?: CommandSubstitutionPart[];
}

export type WordPart = LiteralPart | ParamPart | CommandSubstitutionPart | ArithmeticPart;

export interface Word extends Span {
  parts: WordPart[];
  /** The value after quote removal when the word contains no expansion at all. */
  literal?: string;
  /**
   * `NAME=…`, `NAME+=…`, `NAME[i]=…` written unquoted at the start of the word: `parts[0]` is then
   * exactly that prefix and the value is `parts.slice(1)`.
   */
  assign?: { name: string; append: boolean; index?: string; valueStart: number };
  /** `NAME=(a b c)`: the array elements. */
  array?: Word[];
}

// ── Commands ─────────────────────────────────────────────────────────────────────────────────────

export interface Assignment extends Span {
  name: string;
  append: boolean;
  index?: string;
  /** The value (absent for `NAME=` and for arrays). */
  value?: Word;
  array?: Word[];
}

/** One line of a here-document body. `start` is after the tabs `<<-` strips, `end` before the line break. */
export interface HereDocLine extends Span {
  /** Unquoted delimiters only: the line's expansions. Absent when the line is plain text. */
  parts?: WordPart[];
}

export interface HereDoc {
  delimiter: string;
  /** `<<'EOF'` / `<<"EOF"` / `<<\EOF`: the body is taken literally. */
  quoted: boolean;
  /** `<<-`: leading tabs are removed. */
  stripTabs: boolean;
  lines: HereDocLine[];
  /** False when the file ended before the delimiter line. */
  terminated: boolean;
}

export interface Redirect extends Span {
  /** `<`, `>`, `>>`, `<<`, `<<-`, `<<<`, `<&`, `>&`, `<>`, `>|`, `&>`, `&>>`. */
  op: string;
  fd?: number;
  target?: Word;
  heredoc?: HereDoc;
}

interface CommandBase extends Span {
  /** Terminated by `&`. */
  background?: boolean;
  /** Redirections of a compound command (`done < file`, `} > /dev/null`). */
  redirects?: Redirect[];
}

export interface SimpleCommand extends CommandBase {
  kind: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

/** `a | b | c`, possibly `! a`. Single commands without `!` are not wrapped. */
export interface Pipeline extends CommandBase {
  kind: 'pipeline';
  negated: boolean;
  commands: Command[];
}

/** `a && b || c`: `operators[i]` joins `commands[i]` and `commands[i + 1]`. */
export interface AndOrList extends CommandBase {
  kind: 'andor';
  commands: Command[];
  operators: ('&&' | '||')[];
}

export interface IfClause {
  /** The `if` / `elif` keyword. */
  keyword: Span;
  condition: Command[];
  body: Command[];
}

export interface IfCommand extends CommandBase {
  kind: 'if';
  clauses: IfClause[];
  elseBody?: Command[];
}

export interface ForCommand extends CommandBase {
  kind: 'for';
  variable: string;
  variableSpan: Span;
  /** Absent for `for x; do` (iterates over `"$@"`). */
  items?: Word[];
  /** From `for` to the end of the word list: where each unrolled iteration points. */
  header: Span;
  body: Command[];
  /** bash `select`: the body runs once per choice the user makes at run time. */
  select?: boolean;
}

export interface ArithForCommand extends CommandBase {
  kind: 'arith-for';
  init: string;
  condition: string;
  step: string;
  header: Span;
  body: Command[];
}

export interface WhileCommand extends CommandBase {
  kind: 'while';
  until: boolean;
  condition: Command[];
  body: Command[];
}

export interface CaseArm extends Span {
  patterns: Word[];
  body: Command[];
  /** `;;`, `;&`, `;;&`, or empty for the last arm before `esac`. */
  terminator: string;
}

export interface CaseCommand extends CommandBase {
  kind: 'case';
  subject: Word;
  arms: CaseArm[];
}

export interface FunctionDefinition extends CommandBase {
  kind: 'function';
  name: string;
  nameSpan: Span;
  body: Command;
}

/** `{ …; }` */
export interface GroupCommand extends CommandBase {
  kind: 'group';
  body: Command[];
}

/** `( … )` */
export interface SubshellCommand extends CommandBase {
  kind: 'subshell';
  body: Command[];
}

/** `[[ … ]]`: kept only for the expansions inside. */
export interface TestCommand extends CommandBase {
  kind: 'test';
  words: Word[];
}

/** `(( … ))` */
export interface ArithCommand extends CommandBase {
  kind: 'arith';
  expression: string;
}

export type Command =
  | SimpleCommand
  | Pipeline
  | AndOrList
  | IfCommand
  | ForCommand
  | ArithForCommand
  | WhileCommand
  | CaseCommand
  | FunctionDefinition
  | GroupCommand
  | SubshellCommand
  | TestCommand
  | ArithCommand;

export interface Script {
  kind: 'script';
  text: string;
  lines: LineIndex;
  body: Command[];
}
