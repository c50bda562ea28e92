import { OffsetRange, type Position, type PositionSource, type Range } from '../core/range';

/**
 * Turns UTF-16 offsets into LSP positions. Line breaks are `\n`, `\r\n` and a lone `\r`, as in the
 * LSP specification, so a CRLF file maps exactly the way an editor shows it. JavaScript strings are
 * UTF-16 already, so a column is simply the distance from the line start.
 */
export class LineIndex implements PositionSource {
  private starts: number[] | undefined = undefined;
  private lastLine = 0;

  /** Cheap: the lines are found when a position is first asked for (a script without findings never asks). */
  constructor(readonly text: string) {}

  /** Offset of the first character of every line. */
  get lineStarts(): number[] {
    return this.starts ?? (this.starts = findLineStarts(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line holding `offset` (offsets past the end belong to the last line). */
  lineOf(offset: number): number {
    const starts = this.lineStarts;
    // Callers mostly walk forward through the text: try the last line found and the one after it first.
    const hint = this.lastLine;
    if (starts[hint] <= offset) {
      if (hint + 1 >= starts.length || offset < starts[hint + 1]) return hint;
      if (hint + 2 >= starts.length || offset < starts[hint + 2]) return (this.lastLine = hint + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.lastLine = lo;
    return lo;
  }

  position(offset: number): Position {
    const clamped = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  range(start: number, end: number): Range {
    const startPos = this.position(start);
    // Most ranges are one token on one line: skip the second search when the end is on the same line.
    const nextStart = startPos.line + 1 < this.lineStarts.length ? this.lineStarts[startPos.line + 1] : Infinity;
    if (end < nextStart && end >= start) {
      return { start: startPos, end: { line: startPos.line, character: end - this.lineStarts[startPos.line] } };
    }
    return { start: startPos, end: this.position(end) };
  }

  /**
   * The same range as one small object whose positions are computed from this index when read: for
   * the ranges kept by the hundred thousand (every argument and command of a big script).
   */
  offsetRange(start: number, end: number): OffsetRange {
    return new OffsetRange(this, start, end);
  }

  /** Offset of a position (clamped into the document). */
  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    return Math.min(this.lineStarts[position.line] + Math.max(0, position.character), this.text.length);
  }
}

/** Offset of the first character of every line of `text`. */
function findLineStarts(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // The common case: `\n` only, found with the native search.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }
  return starts;
}
