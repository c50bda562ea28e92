import { OffsetRange, type PositionSource, type Range } from '../core/range';

/**
 * One argument of an iptables command as the script would pass it, after quote removal and
 * expansion of what the script itself determines.
 */
export interface ArgWord {
  /** The expanded text. When `known` is false it is a readable stand-in such as `$1` or `$(…)`. */
  value: string;
  /** False when the value depends on something the script cannot know (script arguments, command output). */
  known: boolean;
  /** Source range of the shell word this argument came from (one word may yield several arguments). */
  range: Range;
}

/**
 * The evaluator's arguments: each is its own range (`range` returns the argument itself, an
 * `OffsetRange` over the word's offsets). A 100,000-rule script has a million arguments: one object
 * of five fields each instead of an argument and a range. JSON sees the range: `{start, end}`, for
 * the argument too (to serialise an argument, write out its value, known and range).
 */
export class WordArg extends OffsetRange implements ArgWord {
  // Declared, then assigned in the constructor, rather than parameter properties: compiled as ES2022
  // class fields those would be defined on each new argument, a store over twice as slow as an
  // assignment, paid a million times at 100,000 rules.
  declare readonly value: string;
  declare readonly known: boolean;

  constructor(value: string, known: boolean, source: PositionSource, startOffset: number, endOffset: number) {
    super(source, startOffset, endOffset);
    this.value = value;
    this.known = known;
  }

  get range(): Range {
    return this;
  }

  /**
   * An argument is never negated: a `!` is a word of its own. With this, an argument can stand as the
   * `Negatable` value of a rule (`-s 192.0.2.1`) instead of a copy of it.
   */
  get negated(): false {
    return false;
  }

  protected override describe(): string {
    return `WordArg ${JSON.stringify(this.value)}${this.known ? '' : ' (unknown)'} at ${super.describe()}`;
  }
}

/** Why a command ran more than once or with particular values: a loop iteration or a function call. */
export interface Origin {
  kind: 'loop' | 'call';
  /** The `for` line or the call site. */
  range: Range;
  /** Human text, e.g. `port=443` or `allow_in 22`. */
  detail: string;
}

/** No loop or call behind it: one shared, frozen list (every top-level command and restore-file line has it). */
export const NO_ORIGINS: Origin[] = Object.freeze([]) as unknown as Origin[];

export type Program = 'iptables' | 'ip6tables' | 'iptables-restore' | 'ip6tables-restore';

/** A line of restore-format text and where it sits in the document (a here-document body, or the file itself). */
export interface SourceLine {
  text: string;
  line: number;
  /** Column of `text[0]` in the document line. */
  character: number;
  /**
   * Unquoted here-documents only: where `text` holds a stand-in for a value the script cannot know
   * (`$WAN` never set, `$(hostname -I)`), as `[start, end)` offsets into `text`. Words overlapping
   * these are not known values. Columns after an expansion no longer match the document exactly.
   */
  symbolic?: { start: number; end: number }[];
}

/** One iptables invocation the script would make, in execution order. */
export interface Invocation {
  program: Program;
  /** Range of the command name as written (`iptables`, `$IPT`, `/usr/sbin/ip6tables`). */
  programRange: Range;
  /**
   * Arguments after the program name. Invocations made by the same words of a loop or function body
   * share the argument objects of their literal words, and ranges: read them, never mutate them.
   * The engine lets go of the list (an empty one takes its place) once the command has been parsed:
   * the parsed command keeps the words it needs, and a big script's argument lists would outlive it.
   */
  args: ArgWord[];
  /** The whole simple command. */
  range: Range;
  /** Under `if`, `case`, `&&`, `||`, a `while` body…: it may or may not run. */
  conditional: boolean;
  /**
   * Innermost last: the loop iterations and function calls that produced this invocation. The array is
   * frozen and shared by every invocation made under the same iteration or call: read it, never mutate it.
   */
  origins: Origin[];
  /** For `iptables-restore <<EOF … EOF` (or a file the evaluator could read): its input lines. */
  restoreInput?: SourceLine[];
  /** `iptables-restore -n` / `--noflush`: the tables are not flushed first. */
  noflush?: boolean;
}
