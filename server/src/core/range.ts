/**
 * Positions are LSP positions: 0-based line, 0-based column in UTF-16 code units.
 * Every layer keeps these, so a finding deep in the analysis points at the exact source text.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Turns UTF-16 offsets of one text into positions (the shell layer's line index). */
export interface PositionSource {
  position(offset: number): Position;
}

/**
 * A range kept as two offsets into its text; `start` and `end` are computed when read. A big script
 * keeps millions of ranges (every argument, option and rule has one): one small object each instead of
 * a range and two positions. Immutable: to move a range, make a new one. JSON (the LSP transport, the
 * CLI's output) sees a plain `{start, end}`; so must tests that compare ranges deeply (`toJSON()`).
 */
export class OffsetRange implements Range {
  // Declared, then assigned in the constructor, rather than parameter properties: compiled as ES2022
  // class fields those would be defined on each new range, which also keeps V8 from inlining this
  // constructor into a subclass's (`WordArg`): a million of them at 100,000 rules.
  declare readonly source: PositionSource;
  declare readonly startOffset: number;
  declare readonly endOffset: number;

  constructor(source: PositionSource, startOffset: number, endOffset: number) {
    this.source = source;
    this.startOffset = startOffset;
    this.endOffset = endOffset;
  }

  get start(): Position {
    return this.source.position(this.startOffset);
  }

  get end(): Position {
    return this.source.position(this.endOffset);
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }

  /** How Node prints it (test failures, the debugger): the positions, not the whole text behind it. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.describe();
  }

  protected describe(): string {
    const { start, end } = this;
    return `OffsetRange ${start.line}:${start.character}-${end.line}:${end.character}`;
  }
}

/**
 * A range within one line, kept as the line and two columns; `start` and `end` are made when read.
 * Restore-file words have no offsets into a shell text: a 100,000-rule restore file has over a million
 * word ranges, one small object each. Immutable; JSON sees a plain `{start, end}` (`toJSON()`).
 */
export class LineRange implements Range {
  // Declared and assigned rather than parameter properties, as in OffsetRange: V8 then inlines this
  // constructor into a subclass's (a restore file's words).
  declare readonly line: number;
  declare readonly startCharacter: number;
  declare readonly endCharacter: number;

  constructor(line: number, startCharacter: number, endCharacter: number) {
    this.line = line;
    this.startCharacter = startCharacter;
    this.endCharacter = endCharacter;
  }

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

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

export function containsPosition(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

/** Both offset ranges of one text: their ends compare as offsets, no position needed. */
function sameText(a: Range, b: Range): boolean {
  return a instanceof OffsetRange && b instanceof OffsetRange && a.source === b.source;
}

/** The smallest range covering both; compact when both are compact ranges of one text or one line. */
export function spanRanges(a: Range, b: Range): Range {
  if (a instanceof LineRange && b instanceof LineRange && a.line === b.line) {
    const start = Math.min(a.startCharacter, b.startCharacter);
    const end = Math.max(a.endCharacter, b.endCharacter);
    if (start === a.startCharacter && end === a.endCharacter) return a;
    if (start === b.startCharacter && end === b.endCharacter) return b;
    return new LineRange(a.line, start, end);
  }
  if (sameText(a, b)) {
    const x = a as OffsetRange;
    const y = b as OffsetRange;
    if (x.startOffset <= y.startOffset && x.endOffset >= y.endOffset) return x;
    if (y.startOffset <= x.startOffset && y.endOffset >= x.endOffset) return y;
    return new OffsetRange(x.source, Math.min(x.startOffset, y.startOffset), Math.max(x.endOffset, y.endOffset));
  }
  return {
    start: comparePositions(a.start, b.start) <= 0 ? a.start : b.start,
    end: comparePositions(a.end, b.end) >= 0 ? a.end : b.end,
  };
}
