import { keepHiddenClassesOf } from '../core/hiddenClasses';
import { spanRanges, type Position, type Range } from '../core/range';

/**
 * A range within one line, kept as the line and two columns; `start` and `end` are made when read.
 * A restore file of 100,000 rules has over a million word ranges: one small object each instead of
 * a range and two positions. Immutable. JSON (the LSP transport, the CLI's output) sees a plain
 * `{start, end}`, and so must tests that compare ranges deeply (`toJSON()`).
 */
export class LineRange implements Range {
  constructor(
    readonly line: number,
    readonly startCharacter: number,
    readonly endCharacter: number,
  ) {}

  get start(): Position {
    return { line: this.line, character: this.startCharacter };
  }

  get end(): Position {
    return { line: this.line, character: this.endCharacter };
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }

  /** How Node prints it (test failures, the debugger). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `LineRange ${this.line}:${this.startCharacter}-${this.line}:${this.endCharacter}`;
  }
}

/**
 * The smallest range covering both (spanRanges), without making positions when both are parts
 * of the same line.
 */
export function spanLineRanges(a: Range, b: Range): Range {
  if (a instanceof LineRange && b instanceof LineRange && a.line === b.line) {
    const start = Math.min(a.startCharacter, b.startCharacter);
    const end = Math.max(a.endCharacter, b.endCharacter);
    if (start === a.startCharacter && end === a.endCharacter) return a;
    if (start === b.startCharacter && end === b.endCharacter) return b;
    return new LineRange(a.line, start, end);
  }
  return spanRanges(a, b);
}

// Ranges live as long as their analysis: see keepHiddenClassesOf.
keepHiddenClassesOf(new LineRange(0, 0, 0));
