/**
 * Shell tokens on demand: words (with all quoting forms and expansions), operators, newlines and
 * here-document bodies. The parser pulls one token at a time and reads the current one from the
 * lexer's fields, so lexing allocates nothing but the words themselves.
 *
 * Scanning works on char codes with lookup tables; a plain word (the vast majority in firewall
 * scripts) is found by one tight loop and one `slice`.
 */
import type { Problem } from '../engine/problem';
import type {
  ArithmeticPart,
  Command,
  CommandSubstitutionPart,
  HereDoc,
  HereDocLine,
  LiteralPart,
  ParamOperator,
  ParamPart,
  Word,
  WordPart,
} from './ast';
import { LineIndex } from './lineIndex';

export const enum Tok {
  Word,
  Op,
  Newline,
  Eof,
}

/**
 * The reserved words (and the words `{ } [[ ]] !` that act like them) as numbers: the lexer knows a
 * word's keyword from its word cache, so the parser compares small integers instead of strings.
 * The closers come first, in one run (see `isCloser`).
 */
export const enum Keyword {
  None,
  Then,
  Elif,
  Else,
  Fi,
  Do,
  Done,
  Esac,
  CloseBrace,
  If,
  While,
  Until,
  For,
  Select,
  Case,
  Function,
  In,
  OpenBrace,
  OpenTest,
  CloseTest,
  Bang,
}

/** The text of each keyword, by number. */
export const KEYWORD_TEXT = ['', 'then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}', 'if', 'while', 'until', 'for', 'select', 'case', 'function', 'in', '{', '[[', ']]', '!'];

/** Words that close a list when they appear where a command would start. */
export function isCloser(keyword: Keyword): boolean {
  return keyword >= Keyword.Then && keyword <= Keyword.CloseBrace;
}

const KEYWORDS = new Map<string, Keyword>(KEYWORD_TEXT.map((text, keyword) => [text, keyword]));
KEYWORDS.delete('');

/** The keyword a plainly written word is (`Keyword.None` for most words). */
export function keywordOf(word: string): Keyword {
  return word.length > 8 ? Keyword.None : (KEYWORDS.get(word) ?? Keyword.None);
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const AMP = 38;
const SQUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const MINUS = 45;
const COLON = 58;
const SEMI = 59;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const QUESTION = 63;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const BACKTICK = 96;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

/** Characters that end an unquoted word. */
const BREAK = new Uint8Array(128);
/**
 * What an ASCII character means inside an unquoted word: 0 (most) is appended as it is; non-ASCII
 * characters are too.
 */
const CHAR_KIND = new Uint8Array(128);
/** Needs more than "append to the word": quotes, expansions, escapes, and breaks. */
const SPECIAL_CHAR = 1;
/** `=`: appended, but it may make the word an assignment. */
const EQUALS_CHAR = 2;
/** [A-Za-z0-9_] */
const NAME_CHAR = new Uint8Array(128);
for (const c of [TAB, LF, CR, SPACE, PIPE, AMP, SEMI, LPAREN, RPAREN, LT, GT]) BREAK[c] = 1;
for (const c of [TAB, LF, CR, SPACE, PIPE, AMP, SEMI, LPAREN, RPAREN, LT, GT, DQUOTE, SQUOTE, DOLLAR, BACKTICK, BACKSLASH]) CHAR_KIND[c] = SPECIAL_CHAR;
CHAR_KIND[EQUALS] = EQUALS_CHAR;
for (let c = 48; c <= 57; c++) NAME_CHAR[c] = 1;
for (let c = 65; c <= 90; c++) NAME_CHAR[c] = 1;
for (let c = 97; c <= 122; c++) NAME_CHAR[c] = 1;
NAME_CHAR[95] = 1;

function isNameStart(c: number): boolean {
  return c < 128 && NAME_CHAR[c] === 1 && !(c >= 48 && c <= 57);
}

/** True when `codes[start…end)` are all ASCII digits. */
function isDigits(codes: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (codes[i] < 48 || codes[i] > 57) return false;
  return true;
}

function isBreak(c: number): boolean {
  return c < 128 && BREAK[c] === 1;
}

/** Code units after the script's own: a line break, then NULs (see `Lexer.codes`). */
const SENTINEL_UNITS = 4;
/** A lexer keeps its code-unit buffer for the next script up to this many units (2 MB); a bigger one is let go. */
const KEPT_CODE_UNITS = 1 << 20;
/** `Buffer.write(…, 'utf16le')` lays out a string's code units exactly as a Uint16Array holds them only here. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const WORD_CACHE_SIZE = 4096;
/** Numbers per word cache entry (see `Lexer.cacheEntries`). */
const CACHE_ENTRY = 4;
/** Longer words are rarely repeated (and comparing them costs more than it saves). */
const MAX_CACHED_WORD = 24;

/** The lines of the empty script: what a lexer or parser holds between scripts. */
export const NO_LINES = new LineIndex('');

/** Nesting beyond this (`$($($(…` or `((((…`) is reported instead of recursed into. */
export const MAX_NESTING = 200;

interface PendingHereDoc {
  heredoc: HereDoc;
  /** Where the `<<EOF` was written, for the "never terminated" message. */
  start: number;
  end: number;
}

/** The parser's hook for `$(…)` and backticks: parse commands up to `)` (or the lexer's limit). */
export type SubstitutionParser = (closer: 'paren' | 'limit') => Command[];

export class Lexer {
  pos = 0;
  /** Scanning stops here: the text length, or the closing backtick of a command substitution. */
  limit = 0;

  // The current token.
  kind: Tok = Tok.Eof;
  start = 0;
  end = 0;
  /** The current word (undefined when the token is not a word). */
  get word(): Word | undefined {
    return this.current.word;
  }

  private current = new CurrentWord();
  private wordCount = 0;
  /**
   * The keyword the current word is, when it is written plainly (no quotes, escapes or expansions):
   * reserved words are recognised by it, without reading the word objects, which come in several shapes.
   */
  keyword = Keyword.None;
  /** The current word is an assignment (`NAME=…`): it has `assign`. */
  assignment = false;
  op = '';
  /** The current operator is a redirection (`<`, `>>`, `2>&`, `<<-`…). */
  redirect = false;
  fd: number | undefined = undefined;

  depth = 0;
  private pending: PendingHereDoc[] = [];
  parseSubstitution: SubstitutionParser = () => [];

  /**
   * The script's UTF-16 code units, then a line break and NULs: the scanners read `codes[p]` rather than
   * `source.charCodeAt(p)`, which V8 compiles to a plain load instead of a check of the string's
   * representation on every character, and lookahead (`codes[p + 2]`) never runs off the end. The
   * buffer is reused from script to script (filled natively by `Buffer.write`); it may be longer than
   * the script: nothing at or past `limit` is tokenised.
   */
  codes = new Uint16Array(SENTINEL_UNITS);
  /** The bytes of `codes`, for `Buffer.write`. */
  private codeBytes = Buffer.from(this.codes.buffer);
  /** The script itself: strings are sliced from it. */
  source = '';
  private lines = NO_LINES;
  private problems: Problem[] = [];

  constructor(source: string, lines: LineIndex, problems: Problem[]) {
    this.reset(source, lines, problems);
  }

  /** Start reading another script (the parser's lexer is reused: see `spareParser` in parser.ts). */
  reset(source: string, lines: LineIndex, problems: Problem[]): void {
    this.source = source;
    this.fillCodes(source);
    this.lines = lines;
    this.problems = problems;
    this.pos = 0;
    this.limit = source.length;
    this.kind = Tok.Eof;
    this.depth = 0;
    this.partTop = 0;
    if (this.pending.length > 0) this.pending = [];
    this.cacheEntries.fill(0); // the remembered offsets were into the previous script
  }

  /** Let go of everything the last script made, so that a lexer kept for reuse keeps none of it alive. */
  release(): void {
    this.reset('', NO_LINES, []);
    this.current = new CurrentWord();
    this.keyword = Keyword.None;
    this.cacheValue.fill('');
    this.partStack.length = 0;
    if (this.codes.length > KEPT_CODE_UNITS) this.setCodeBuffer(SENTINEL_UNITS);
  }

  private fillCodes(source: string): void {
    const length = source.length;
    if (this.codes.length < length + SENTINEL_UNITS) this.setCodeBuffer(length + SENTINEL_UNITS);
    const codes = this.codes;
    if (LITTLE_ENDIAN) this.codeBytes.write(source, 0, 2 * length, 'utf16le');
    else for (let i = 0; i < length; i++) codes[i] = source.charCodeAt(i);
    codes[length] = LF;
    codes[length + 1] = 0;
    codes[length + 2] = 0;
    codes[length + 3] = 0;
  }

  private setCodeBuffer(units: number): void {
    this.codes = new Uint16Array(units);
    this.codeBytes = Buffer.from(this.codes.buffer);
  }

  problem(message: string, start: number, end: number): void {
    this.problems.push({ code: 'IPT001', message, range: this.lines.range(start, end), severity: 'error' });
  }

  /** Advance to the next token. After a newline, the pending here-document bodies are read first. */
  next(): void {
    if (this.kind === Tok.Newline && this.pending.length > 0) this.readHereDocBodies();
    const codes = this.codes;
    const limit = this.limit;
    let p = this.pos;
    // Blanks, line continuations and comments.
    for (;;) {
      const c = codes[p];
      if (c === SPACE || c === TAB || c === CR) p++;
      else if (c === BACKSLASH && codes[p + 1] === LF) p += 2;
      else if (c === BACKSLASH && codes[p + 1] === CR && codes[p + 2] === LF) p += 3;
      else if (c === HASH) {
        const lineEnd = this.source.indexOf('\n', p);
        p = lineEnd >= 0 && lineEnd < limit ? lineEnd : limit;
      } else break;
      if (p >= limit) break;
    }
    this.current.word = undefined;
    this.keyword = Keyword.None;
    this.fd = undefined;
    this.start = p;
    if (p >= limit) {
      this.pos = this.end = limit;
      this.start = limit;
      this.kind = Tok.Eof;
      return;
    }
    const c = codes[p];
    const d = codes[p + 1];
    switch (c) {
      case LF:
        return this.setOp(Tok.Newline, '\n', p + 1);
      case SEMI:
        if (d === SEMI) return this.setOp(Tok.Op, codes[p + 2] === AMP ? ';;&' : ';;', p + (codes[p + 2] === AMP ? 3 : 2));
        return d === AMP ? this.setOp(Tok.Op, ';&', p + 2) : this.setOp(Tok.Op, ';', p + 1);
      case AMP:
        if (d === AMP) return this.setOp(Tok.Op, '&&', p + 2);
        if (d === GT) {
          // `&>`, `&>>`: redirections of both outputs.
          this.setOp(Tok.Op, codes[p + 2] === GT ? '&>>' : '&>', codes[p + 2] === GT ? p + 3 : p + 2);
          this.redirect = true;
          return;
        }
        return this.setOp(Tok.Op, '&', p + 1);
      case PIPE:
        if (d === PIPE) return this.setOp(Tok.Op, '||', p + 2);
        return d === AMP ? this.setOp(Tok.Op, '|&', p + 2) : this.setOp(Tok.Op, '|', p + 1);
      case LPAREN:
        return this.setOp(Tok.Op, '(', p + 1);
      case RPAREN:
        return this.setOp(Tok.Op, ')', p + 1);
      case LT:
      case GT:
        if (d === LPAREN) break; // process substitution: a word
        return this.setRedirect(p, p, undefined);
    }
    // A command substitution inside the word runs the parser, which moves the token fields: the
    // scanners set `end`, `keyword` and `assignment` last, and the others are set here, after.
    this.pos = p;
    const word = this.scanWord();
    if (word === undefined) return; // a file descriptor number: the token is a redirection
    this.kind = Tok.Word;
    // A new holder every 1024 words keeps it young (see `CurrentWord`).
    if ((++this.wordCount & 1023) === 0) this.current = new CurrentWord();
    this.current.word = word;
    this.fd = undefined;
    this.start = p;
  }

  private setOp(kind: Tok, op: string, end: number): void {
    this.kind = kind;
    this.op = op;
    this.redirect = false;
    this.pos = this.end = end;
  }

  private setRedirect(start: number, p: number, fd: number | undefined): void {
    const codes = this.codes;
    const c = codes[p];
    const d = codes[p + 1];
    let op: string;
    if (c === LT) {
      if (d === LT) {
        const e = codes[p + 2];
        op = e === LT ? '<<<' : e === MINUS ? '<<-' : '<<';
      } else op = d === AMP ? '<&' : d === GT ? '<>' : '<';
    } else op = d === GT ? '>>' : d === AMP ? '>&' : d === PIPE ? '>|' : '>';
    this.kind = Tok.Op;
    this.op = op;
    this.redirect = true;
    this.fd = fd;
    this.start = start;
    this.pos = this.end = p + op.length;
  }

  /** True when the current token is the plainly written word `keyword` (a reserved word in command position). */
  isKeyword(keyword: Keyword): boolean {
    return this.kind === Tok.Word && this.keyword === keyword;
  }

  /** The current token's kind (a method, so that TypeScript does not narrow it across `next()`). */
  at(kind: Tok): boolean {
    return this.kind === kind;
  }

  isOp(op: string): boolean {
    return this.kind === Tok.Op && this.op === op;
  }

  // ── Words ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * After a command's word, before `next()`: the plain words that follow on the line (`-A INPUT -s
   * 10.0.0.0/8 -j DROP`, most words of a firewall script) go straight onto `stack` from `top`, in one
   * loop, without each becoming the current token. Returns the new top; `next()` then reads the token
   * after them (a call of its own: a command substitution in that token parses onto the same stack).
   * A word with `=`, or before `<`/`>` (`2>`), is left to `next()`, which makes such words as always.
   */
  pushPlainWords(stack: Word[], top: number): number {
    const codes = this.codes;
    const limit = this.limit;
    let p = this.pos;
    for (;;) {
      let c = codes[p];
      while (c === SPACE || c === TAB || c === CR) c = codes[++p];
      // `#` starts a comment here, and `CHAR_KIND` 0 is a character that is simply part of a word.
      if (p >= limit || c >= 128 || CHAR_KIND[c] !== 0 || c === HASH) break;
      const start = p;
      let hash = 0;
      for (; p < limit; p++) {
        c = codes[p];
        if (c < 128 && CHAR_KIND[c] !== 0) break;
        hash = (Math.imul(hash, 31) + c) | 0;
      }
      if (p < limit && (BREAK[c] !== 1 || c === LT || c === GT)) {
        p = start;
        break;
      }
      stack[top++] = new PlainWord(start, p, this.cachedWord(hash, start, p));
    }
    this.pos = p;
    return top;
  }

  /**
   * The word at `this.pos`. Three shapes cover nearly every word of a firewall script and are built
   * directly from the source, without the general scanner's bookkeeping: a plain word (`-A`,
   * `INPUT`, `10.0.0.0/8`), `$NAME` and `"$NAME"`. Undefined when the digits at `this.pos` are the file
   * descriptor of a redirection (`2>`, `10<&0`): the token is then that redirection.
   */
  private scanWord(): Word | undefined {
    const codes = this.codes;
    const limit = this.limit;
    const start = this.pos;
    const first = codes[start];
    if (first === DOLLAR) return this.scanParameterWord(start, start + 1, false);
    if (first === DQUOTE && codes[start + 1] === DOLLAR) return this.scanParameterWord(start, start + 2, true);
    // A word of plain characters only, hashed on the way for the word cache. `=` is plain but noted:
    // a plain word that starts with a name and holds one may be an assignment.
    let p = start;
    let hash = 0;
    let equals = false;
    for (; p < limit; p++) {
      const c = codes[p];
      if (c < 128) {
        const kind = CHAR_KIND[c];
        if (kind === SPECIAL_CHAR) break;
        if (kind === EQUALS_CHAR) equals = true;
      }
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (p > start && p < limit && (codes[p] === LT || codes[p] === GT) && codes[p + 1] !== LPAREN && isDigits(codes, start, p)) {
      this.setRedirect(start, p, Number(this.source.slice(start, p)));
      return undefined;
    }
    if (p === start || !this.endsWord(p)) return this.scanComplexWord(start);
    if (equals && isNameStart(first) && codes[p] === LPAREN && codes[p - 1] === EQUALS) return this.scanComplexWord(start); // `NAME=(…)`
    this.pos = p;
    const value = this.cachedWord(hash, start, p);
    this.end = p;
    this.keyword = this.cachedKeyword;
    if (equals && isNameStart(first)) {
      const word: Word = { start, end: p, parts: [{ kind: 'literal', value, quoted: false, start, end: p }], literal: value };
      this.assignment = this.markAssignment(word);
      return word;
    }
    this.assignment = false;
    return new PlainWord(start, p, value);
  }

  /** True when an unquoted word ends at `p` (a blank, an operator character, or the limit). */
  private endsWord(p: number): boolean {
    return p >= this.limit || isBreak(this.codes[p]);
  }

  /**
   * `$NAME` (`quoted` false, `dollar` = start + 1) or `"$NAME"` (`dollar` = start + 2) standing alone as
   * a word; anything else goes to the general scanner. The parts are those it would make: for
   * `"$NAME"` the parameter and the empty quoted literal that closes the string.
   */
  private scanParameterWord(start: number, dollar: number, quoted: boolean): Word {
    const codes = this.codes;
    const limit = this.limit;
    if (dollar >= limit || !isNameStart(codes[dollar])) return this.scanComplexWord(start);
    let p = dollar + 1;
    let hash = codes[dollar];
    for (; p < limit; p++) {
      const c = codes[p];
      if (c >= 128 || NAME_CHAR[c] !== 1) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    const nameEnd = p;
    if (quoted) {
      if (p >= limit || codes[p] !== DQUOTE) return this.scanComplexWord(start);
      p++;
    }
    if (!this.endsWord(p)) return this.scanComplexWord(start);
    this.pos = this.end = p;
    this.keyword = Keyword.None;
    this.assignment = false;
    return new ParameterWord(start, p, this.cachedWord(hash, dollar, nameEnd), quoted);
  }

  /**
   * The text of a short word, shared with earlier occurrences of the same text: a firewall script
   * repeats `iptables`, `-A`, `INPUT`, `-j`, `ACCEPT` on every line, and one string each is enough.
   * A slot remembers where its word was first seen, so a candidate is checked against the source text
   * itself (one flat string) rather than against the cached string. Sets `cachedKeyword`.
   */
  private cachedWord(hash: number, start: number, end: number): string {
    const length = end - start;
    if (length > MAX_CACHED_WORD) {
      this.cachedKeyword = Keyword.None;
      return this.source.slice(start, end);
    }
    const slot = hash & (WORD_CACHE_SIZE - 1);
    const entries = this.cacheEntries;
    const entry = slot * CACHE_ENTRY;
    if (entries[entry] === hash && entries[entry + 1] === length) {
      const codes = this.codes;
      const first = entries[entry + 2];
      let i = 0;
      while (i < length && codes[first + i] === codes[start + i]) i++;
      if (i === length) {
        this.cachedKeyword = entries[entry + 3];
        return this.cacheValue[slot];
      }
    }
    const value = this.source.slice(start, end);
    const keyword = keywordOf(value);
    entries[entry] = hash;
    entries[entry + 1] = length;
    entries[entry + 2] = start;
    entries[entry + 3] = keyword;
    this.cacheValue[slot] = value;
    this.cachedKeyword = keyword;
    return value;
  }

  /** The keyword of the word `cachedWord` returned last. */
  private cachedKeyword = Keyword.None;

  /**
   * The word cache, one entry per slot (a slot is a hash modulo the size): the hash, the length, where
   * the word was first seen and its keyword, side by side so that a lookup reads one cache line (the
   * parser runs between the other layers' work, on a cold processor cache). Empty slots have length 0,
   * which no word has. The strings are in `cacheValue`, by slot.
   */
  private readonly cacheEntries = new Int32Array(WORD_CACHE_SIZE * CACHE_ENTRY);
  private readonly cacheValue: string[] = new Array<string>(WORD_CACHE_SIZE).fill('');

  /**
   * A word of each class the lexer makes, alive as long as the lexer (which the parser reuses). When
   * the last object of a class dies, a full garbage collection may drop the class's hidden class, and V8
   * then throws away the optimized code that makes such objects: the next parse would recompile it.
   */
  private readonly wordClasses = [new PlainWord(0, 0, ''), new ParameterWord(0, 0, '', false)];

  /** Parts of the words being scanned; a nested word's parts sit above those of its enclosing word. */
  private readonly partStack: WordPart[] = [];
  private partTop = 0;

  private addPart(part: WordPart): void {
    this.partStack[this.partTop++] = part;
  }

  /** The parts added since `base`, in an array of their own (exactly as long as needed). */
  private takeParts(base: number): WordPart[] {
    const parts = this.partStack.slice(base, this.partTop);
    this.partTop = base;
    return parts;
  }

  /**
   * An unquoted literal run that ends at `end`: `pending` is what was already collected of it (text
   * before line continuations, starting at `pendingStart`, or -1), `runStart` where the rest begins.
   */
  private addUnquotedLiteral(pending: string, pendingStart: number, runStart: number, end: number): void {
    let value = pending;
    let valueStart = pendingStart;
    if (end > runStart) {
      if (valueStart < 0) valueStart = runStart;
      value += this.source.slice(runStart, end);
    }
    if (valueStart >= 0) this.addPart({ kind: 'literal', value, quoted: false, start: valueStart, end });
  }

  private scanComplexWord(start: number): Word {
    const codes = this.codes;
    const base = this.partTop;
    let p = start;
    if ((codes[p] === LT || codes[p] === GT) && codes[p + 1] === LPAREN) {
      this.pos = p + 2;
      this.addPart(this.scanCommandSubstitution(p, codes[p] === LT ? '<(' : '>(', false));
      p = this.pos;
    }
    let litStart = p;
    let lit = '';
    let litValueStart = -1; // source start of the pending unquoted literal (may span escapes)
    let array: Word[] | undefined;
    let trailingContinuation = -1;
    for (;;) {
      if (p >= this.limit) break;
      const c = codes[p];
      if (c < 128 && BREAK[c] === 1) {
        if (c === LPAREN && this.partTop === base && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/.test(lit + this.source.slice(litStart, p))) {
          // `NAME=(…)`: an array assignment.
          this.addUnquotedLiteral(lit, litValueStart, litStart, p);
          lit = '';
          litValueStart = -1;
          this.pos = p + 1;
          array = this.scanArrayElements(p);
          p = this.pos;
          litStart = p;
        }
        break;
      }
      if (c >= 128 || CHAR_KIND[c] !== SPECIAL_CHAR) {
        trailingContinuation = -1;
        p++;
        continue;
      }
      if (c === BACKSLASH) {
        const n = codes[p + 1];
        if (n === LF || (n === CR && codes[p + 2] === LF)) {
          // Line continuation: removed, even in the middle of a word. If the word ends right after
          // it (`-j ACCEPT \` then an indented line), the word ends before the backslash.
          if (p > litStart) {
            if (litValueStart < 0) litValueStart = litStart;
            lit += this.source.slice(litStart, p);
          }
          if (trailingContinuation < 0) trailingContinuation = p;
          p += n === LF ? 2 : 3;
          litStart = p;
          continue;
        }
        trailingContinuation = -1;
        this.addUnquotedLiteral(lit, litValueStart, litStart, p);
        lit = '';
        litValueStart = -1;
        if (p + 1 >= this.limit) {
          this.addPart({ kind: 'literal', value: '', quoted: true, start: p, end: p + 1 });
          p++;
        } else {
          const width = n >= 0xd800 && n <= 0xdbff ? 2 : 1;
          this.addPart({ kind: 'literal', value: width === 2 ? this.source.slice(p + 1, p + 3) : String.fromCharCode(n), quoted: true, start: p, end: p + 1 + width });
          p += 1 + width;
        }
        litStart = p;
        continue;
      }
      trailingContinuation = -1;
      this.addUnquotedLiteral(lit, litValueStart, litStart, p);
      lit = '';
      litValueStart = -1;
      this.pos = p;
      if (c === SQUOTE) this.scanSingleQuoted();
      else if (c === DQUOTE) this.scanDoubleQuoted();
      else if (c === DOLLAR) this.scanDollar(false);
      else this.scanBacktick(false);
      p = this.pos;
      litStart = p;
    }
    const end = trailingContinuation >= 0 ? trailingContinuation : p;
    this.addUnquotedLiteral(lit, litValueStart, litStart, end);
    this.pos = p;
    const parts = this.takeParts(base);
    let literal: string | undefined = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.kind !== 'literal') {
        literal = undefined;
        break;
      }
      literal += part.value;
    }
    const word: Word = literal === undefined ? { start, end, parts } : { start, end, parts, literal };
    if (array) word.array = array;
    this.end = end;
    // A keyword only when written plainly: nothing quoted, escaped or removed.
    this.keyword = literal !== undefined && literal.length === end - start ? keywordOf(literal) : Keyword.None;
    this.assignment = parts.length > 0 && parts[0].kind === 'literal' && !parts[0].quoted && isNameStart(codes[start]) && this.markAssignment(word);
    return word;
  }

  /** Recognise `NAME=`, `NAME+=`, `NAME[i]=` at the start of the word's first (unquoted) literal. */
  private markAssignment(word: Word): boolean {
    const first = word.parts[0] as LiteralPart;
    const v = first.value;
    let i = 1;
    while (i < v.length && v.charCodeAt(i) < 128 && NAME_CHAR[v.charCodeAt(i)] === 1) i++;
    const nameEnd = i;
    let index: string | undefined;
    if (v.charCodeAt(i) === LBRACKET) {
      const close = v.indexOf(']', i);
      if (close < 0) return false;
      index = v.slice(i + 1, close);
      i = close + 1;
    }
    let append = false;
    if (v.charCodeAt(i) === PLUS) {
      append = true;
      i++;
    }
    if (v.charCodeAt(i) !== EQUALS) return false;
    i++;
    // The prefix must be exactly source text (no escapes inside it) for the split to be exact.
    if (this.source.slice(first.start, first.start + i) !== v.slice(0, i)) return false;
    const prefix: LiteralPart = { kind: 'literal', value: v.slice(0, i), quoted: false, start: first.start, end: first.start + i };
    if (i < v.length) {
      word.parts = [prefix, { kind: 'literal', value: v.slice(i), quoted: false, start: first.start + i, end: first.end }, ...word.parts.slice(1)];
    } else {
      word.parts = [prefix, ...word.parts.slice(1)];
    }
    word.assign = { name: v.slice(0, nameEnd), append, valueStart: first.start + i };
    if (index !== undefined) word.assign.index = index;
    return true;
  }

  /** After `NAME=(`: words (newlines and comments allowed) up to `)`. */
  private scanArrayElements(open: number): Word[] {
    const elements: Word[] = [];
    const savedKind = this.kind;
    for (;;) {
      this.kind = Tok.Eof; // never read here-documents from inside an array
      this.next();
      if (this.at(Tok.Word)) elements.push(this.word!);
      else if (this.at(Tok.Newline)) continue;
      else if (this.isOp(')')) break;
      else {
        this.problem(this.at(Tok.Eof) ? 'array `(` is never closed: `)` is missing' : `unexpected \`${this.op}\` in an array`, open, open + 1);
        if (this.at(Tok.Eof)) break;
      }
    }
    this.kind = savedKind;
    return elements;
  }

  private scanSingleQuoted(): void {
    const start = this.pos;
    const close = this.source.indexOf("'", start + 1);
    if (close < 0 || close >= this.limit) {
      this.problem("unterminated single quote: the string that starts here runs to the end of the file (add the closing ')", start, start + 1);
      this.addPart({ kind: 'literal', value: this.source.slice(start + 1, this.limit), quoted: true, start, end: this.limit });
      this.pos = this.limit;
      return;
    }
    this.addPart({ kind: 'literal', value: this.source.slice(start + 1, close), quoted: true, start, end: close + 1 });
    this.pos = close + 1;
  }

  /** `"…"`: literal runs, `\` escapes of `$ \` " \\ newline`, and expansions. */
  private scanDoubleQuoted(): void {
    const codes = this.codes;
    const open = this.pos;
    let p = open + 1;
    let segStart = p;
    let value = '';
    let valueStart = open;
    for (;;) {
      if (p >= this.limit) {
        this.problem('unterminated double quote: the string that starts here runs to the end of the file (add the closing ")', open, open + 1);
        this.addPart({ kind: 'literal', value: value + this.source.slice(segStart, this.limit), quoted: true, start: valueStart, end: this.limit });
        this.pos = this.limit;
        return;
      }
      const c = codes[p];
      if (c === DQUOTE) {
        // The closing quote belongs to the last literal.
        this.addPart({ kind: 'literal', value: value + this.source.slice(segStart, p), quoted: true, start: valueStart, end: p + 1 });
        this.pos = p + 1;
        return;
      }
      if (c === BACKSLASH) {
        const n = codes[p + 1];
        if (n === DOLLAR || n === BACKTICK || n === DQUOTE || n === BACKSLASH) {
          value += this.source.slice(segStart, p) + this.source[p + 1];
          p += 2;
          segStart = p;
        } else if (n === LF || (n === CR && codes[p + 2] === LF)) {
          value += this.source.slice(segStart, p);
          p += n === LF ? 2 : 3;
          segStart = p;
        } else p += 2;
        continue;
      }
      if (c === DOLLAR || c === BACKTICK) {
        const n = codes[p + 1];
        if (c === DOLLAR && !(n === LBRACE || n === LPAREN || n === LBRACKET || isNameStart(n) || (n >= 48 && n <= 57) || isSpecialParam(n))) {
          p++;
          continue;
        }
        if (p > segStart || value !== '') {
          this.addPart({ kind: 'literal', value: value + this.source.slice(segStart, p), quoted: true, start: valueStart, end: p });
          value = '';
        }
        this.pos = p;
        if (c === DOLLAR) this.scanDollar(true);
        else this.scanBacktick(true);
        p = this.pos;
        segStart = valueStart = p;
        continue;
      }
      p++;
    }
  }

  /** At `$`: a parameter, `${…}`, `$(…)`, `$((…))`, `$'…'`, `$"…"`, or a lone `$`. */
  private scanDollar(quoted: boolean): void {
    const codes = this.codes;
    const start = this.pos;
    const n = codes[start + 1];
    if (n === LBRACE) return this.scanBraceParameter(quoted);
    if (n === LPAREN) {
      if (codes[start + 2] === LPAREN) return this.scanArithmetic(quoted, start, 3, '))');
      this.pos = start + 2;
      this.addPart(this.scanCommandSubstitution(start, '$(', quoted));
      return;
    }
    if (n === LBRACKET) return this.scanArithmetic(quoted, start, 2, ']');
    if (isNameStart(n)) {
      let p = start + 2;
      while (p < this.limit && codes[p] < 128 && NAME_CHAR[codes[p]] === 1) p++;
      this.addPart({ kind: 'param', name: this.source.slice(start + 1, p), quoted, start, end: p });
      this.pos = p;
      return;
    }
    if ((n >= 48 && n <= 57) || isSpecialParam(n)) {
      this.addPart({ kind: 'param', name: this.source[start + 1], quoted, start, end: start + 2 });
      this.pos = start + 2;
      return;
    }
    if (!quoted && n === SQUOTE) return this.scanAnsiC();
    if (!quoted && n === DQUOTE) {
      // $"…" (locale translation) reads like "…".
      this.pos = start + 1;
      const first = this.partTop;
      this.scanDoubleQuoted();
      if (this.partTop > first) this.partStack[first].start = start;
      return;
    }
    this.addPart({ kind: 'literal', value: '$', quoted, start, end: start + 1 });
    this.pos = start + 1;
  }

  private scanArithmetic(quoted: boolean, start: number, openLength: number, closer: string): void {
    const codes = this.codes;
    let p = start + openLength;
    let depth = 0;
    let substitutions: CommandSubstitutionPart[] | undefined;
    for (; p < this.limit; p++) {
      const c = codes[p];
      if (c === DOLLAR && codes[p + 1] === LPAREN && codes[p + 2] !== LPAREN) {
        // `$(( 1 + $(wc -l < f) ))`: the command inside runs, so it is parsed like any other.
        this.pos = p + 2;
        (substitutions ??= []).push(this.scanCommandSubstitution(p, '$(', quoted));
        p = this.pos - 1;
      } else if (c === BACKTICK) {
        this.pos = p;
        this.scanBacktick(quoted);
        (substitutions ??= []).push(this.partStack[--this.partTop] as CommandSubstitutionPart);
        p = this.pos - 1;
      } else if (c === LPAREN) depth++;
      else if (c === RPAREN && depth > 0) depth--;
      else if (depth === 0 && this.source.startsWith(closer, p)) break;
    }
    const part: ArithmeticPart = { kind: 'arith', expression: '', quoted, start, end: p + closer.length };
    if (substitutions) part.substitutions = substitutions;
    if (p >= this.limit) {
      this.problem(`unterminated arithmetic expansion: \`${this.source.slice(start, start + openLength)}\` has no matching \`${closer}\``, start, start + openLength);
      part.expression = this.source.slice(start + openLength, this.limit);
      part.end = this.limit;
      this.addPart(part);
      this.pos = this.limit;
      return;
    }
    part.expression = this.source.slice(start + openLength, p);
    this.addPart(part);
    this.pos = p + closer.length;
  }

  /** Scan from just after `$(` / `<(` / `>(` to the matching `)`, parsing the commands inside. */
  private scanCommandSubstitution(start: number, form: '$(' | '<(' | '>(', quoted: boolean): CommandSubstitutionPart {
    const part: CommandSubstitutionPart = { kind: 'command', body: [], quoted, form, start, end: start };
    if (++this.depth > MAX_NESTING) {
      this.problem('command substitutions are nested too deeply to follow', start, start + 2);
      this.pos = this.limit;
    } else {
      const savedKind = this.kind;
      const savedPending = this.pending;
      this.pending = [];
      this.kind = Tok.Eof;
      part.body = this.parseSubstitution('paren');
      if (this.isOp(')')) {
        // The parser stopped on the closing `)`; the lexer is already past it.
      } else {
        this.problem(`\`${form}\` is never closed: \`)\` is missing`, start, start + 2);
        this.pos = this.limit;
      }
      this.pending = savedPending.concat(this.pending);
      this.kind = savedKind;
    }
    this.depth--;
    part.end = this.pos;
    return part;
  }

  private scanBacktick(quoted: boolean): void {
    const codes = this.codes;
    const start = this.pos;
    let p = start + 1;
    while (p < this.limit && codes[p] !== BACKTICK) p += codes[p] === BACKSLASH ? 2 : 1;
    const part: CommandSubstitutionPart = { kind: 'command', body: [], quoted, form: '`', start, end: start };
    if (p >= this.limit) {
      this.problem('unterminated backquote: the command substitution that starts here runs to the end of the file', start, start + 1);
      p = this.limit;
    }
    if (++this.depth > MAX_NESTING) {
      this.problem('command substitutions are nested too deeply to follow', start, start + 1);
    } else {
      // Parse the inside in place, bounded by the closing backquote.
      const savedLimit = this.limit;
      const savedKind = this.kind;
      const savedPending = this.pending;
      this.pending = [];
      this.limit = p;
      this.pos = start + 1;
      this.kind = Tok.Eof;
      part.body = this.parseSubstitution('limit');
      this.limit = savedLimit;
      this.pending = savedPending;
      this.kind = savedKind;
    }
    this.depth--;
    this.pos = Math.min(p + 1, this.limit);
    part.end = this.pos;
    this.addPart(part);
  }

  /** `${…}` in all its forms. */
  private scanBraceParameter(quoted: boolean): void {
    const codes = this.codes;
    const start = this.pos;
    let p = start + 2;
    const part: ParamPart = { kind: 'param', name: '', quoted, start, end: start };
    let length = false;
    if (codes[p] === HASH && codes[p + 1] !== RBRACE) {
      length = true;
      p++;
    } else if (codes[p] === BANG && codes[p + 1] !== RBRACE) {
      part.indirect = true;
      p++;
    }
    const nameStart = p;
    const c = codes[p];
    if (isNameStart(c)) {
      while (p < this.limit && codes[p] < 128 && NAME_CHAR[codes[p]] === 1) p++;
    } else if (c >= 48 && c <= 57) {
      while (p < this.limit && codes[p] >= 48 && codes[p] <= 57) p++;
    } else if (isSpecialParam(c)) p++;
    part.name = this.source.slice(nameStart, p);
    if (codes[p] === LBRACKET) {
      const close = this.source.indexOf(']', p);
      if (close > 0 && close < this.limit) {
        part.index = this.source.slice(p + 1, close);
        p = close + 1;
      }
    }
    if (length) part.operator = 'length';
    const op = this.parameterOperator(p);
    if (op) {
      part.operator = op.operator;
      p += op.width;
      this.pos = p;
      const base = this.partTop;
      if (++this.depth > MAX_NESTING) {
        this.problem('parameter expansions are nested too deeply to follow', start, start + 2);
        this.pos = this.limit;
      } else this.scanBraceOperand(quoted);
      this.depth--;
      part.operand = this.takeParts(base);
      p = this.pos;
    }
    if (p < this.limit && codes[p] === RBRACE) {
      part.end = p + 1;
    } else {
      // Something we do not know inside `${…}`: skip to the closing brace.
      const close = this.source.indexOf('}', p);
      if (close < 0 || close >= this.limit) {
        this.problem('`${` is never closed: `}` is missing', start, start + 2);
        part.end = this.limit;
      } else {
        part.operator = 'other';
        part.end = close + 1;
      }
    }
    if (part.name === '' && !part.indirect) this.problem(`bad substitution: \`${this.source.slice(start, Math.min(part.end, start + 40))}\``, start, part.end);
    this.pos = part.end;
    this.addPart(part);
  }

  private parameterOperator(p: number): { operator: ParamOperator; width: number } | undefined {
    const c = this.codes[p];
    const n = this.codes[p + 1];
    if (c === COLON) {
      if (n === MINUS) return { operator: ':-', width: 2 };
      if (n === EQUALS) return { operator: ':=', width: 2 };
      if (n === PLUS) return { operator: ':+', width: 2 };
      if (n === QUESTION) return { operator: ':?', width: 2 };
      return { operator: 'other', width: 1 };
    }
    if (c === MINUS) return { operator: '-', width: 1 };
    if (c === EQUALS) return { operator: '=', width: 1 };
    if (c === PLUS) return { operator: '+', width: 1 };
    if (c === QUESTION) return { operator: '?', width: 1 };
    if (c === HASH || c === 37 /* % */ || c === 47 /* / */ || c === 94 /* ^ */ || c === 44 /* , */ || c === AT) return { operator: 'other', width: 1 };
    return undefined;
  }

  /** The word inside `${V:-…}` up to the closing `}`: blanks are literal, quotes and expansions work. */
  private scanBraceOperand(quoted: boolean): void {
    const codes = this.codes;
    let p = this.pos;
    let litStart = p;
    while (p < this.limit) {
      const c = codes[p];
      if (c === RBRACE) break;
      if (c === BACKSLASH) {
        this.addOperandLiteral(litStart, p, quoted);
        this.addPart({ kind: 'literal', value: this.source.slice(p + 1, p + 2), quoted: true, start: p, end: Math.min(p + 2, this.limit) });
        p += 2;
        litStart = p;
        continue;
      }
      if (c === DOLLAR || c === BACKTICK || c === DQUOTE || (c === SQUOTE && !quoted)) {
        this.addOperandLiteral(litStart, p, quoted);
        this.pos = p;
        if (c === DOLLAR) this.scanDollar(quoted);
        else if (c === BACKTICK) this.scanBacktick(quoted);
        else if (c === DQUOTE) this.scanDoubleQuoted();
        else this.scanSingleQuoted();
        p = this.pos;
        litStart = p;
        continue;
      }
      p++;
    }
    this.addOperandLiteral(litStart, Math.min(p, this.limit), quoted);
    this.pos = Math.min(p, this.limit);
  }

  private addOperandLiteral(start: number, end: number, quoted: boolean): void {
    if (end > start) this.addPart({ kind: 'literal', value: this.source.slice(start, end), quoted, start, end });
  }

  /** `$'…'`: ANSI-C quoting with backslash escapes. */
  private scanAnsiC(): void {
    const codes = this.codes;
    const start = this.pos;
    let p = start + 2;
    let value = '';
    for (;;) {
      if (p >= this.limit) {
        this.problem("unterminated $'…' string: it runs to the end of the file", start, start + 2);
        break;
      }
      const c = codes[p];
      if (c === SQUOTE) {
        p++;
        break;
      }
      if (c !== BACKSLASH) {
        value += this.source[p++];
        continue;
      }
      const e = String.fromCharCode(codes[p + 1]); // past the end: the sentinel's line break
      p += 2;
      switch (e) {
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        case 'r': value += '\r'; break;
        case 'a': value += '\x07'; break;
        case 'b': value += '\b'; break;
        case 'e': case 'E': value += '\x1b'; break;
        case 'f': value += '\f'; break;
        case 'v': value += '\v'; break;
        case 'x': {
          let q = p;
          while (q < p + 2 && /[0-9A-Fa-f]/.test(this.source[q] ?? '')) q++;
          value += q > p ? String.fromCharCode(parseInt(this.source.slice(p, q), 16)) : '\\x';
          p = q;
          break;
        }
        default:
          if (e >= '0' && e <= '7') {
            let q = p;
            while (q < p + 2 && this.source[q] >= '0' && this.source[q] <= '7') q++;
            value += String.fromCharCode(parseInt(this.source.slice(p - 1, q), 8) & 0xff);
            p = q;
          } else value += e;
      }
    }
    this.pos = Math.min(p, this.limit);
    this.addPart({ kind: 'literal', value, quoted: true, start, end: this.pos });
  }

  // ── Here-documents ─────────────────────────────────────────────────────────────────────────────

  /** Called by the parser after `<<WORD`: the body starts after the current line. */
  addHereDoc(heredoc: HereDoc, start: number, end: number): void {
    this.pending.push({ heredoc, start, end });
  }

  get hasPendingHereDocs(): boolean {
    return this.pending.length > 0;
  }

  /** Read the bodies of all here-documents opened on the line just ended, in order. */
  private readHereDocBodies(): void {
    const codes = this.codes;
    const pending = this.pending;
    this.pending = [];
    for (const { heredoc, start, end } of pending) {
      let p = this.pos;
      for (;;) {
        if (p >= this.limit) {
          this.problem(`here-document \`${heredoc.delimiter}\` is never terminated: its body runs to the end of the file`, start, end);
          heredoc.terminated = false;
          break;
        }
        let lineEnd = this.source.indexOf('\n', p);
        if (lineEnd < 0 || lineEnd > this.limit) lineEnd = this.limit;
        const next = lineEnd < this.limit ? lineEnd + 1 : lineEnd;
        let contentEnd = lineEnd;
        if (contentEnd > p && codes[contentEnd - 1] === CR) contentEnd--;
        let contentStart = p;
        if (heredoc.stripTabs) while (contentStart < contentEnd && codes[contentStart] === TAB) contentStart++;
        if (contentEnd - contentStart === heredoc.delimiter.length && this.source.startsWith(heredoc.delimiter, contentStart)) {
          p = next;
          break;
        }
        const line: HereDocLine = { start: contentStart, end: contentEnd };
        if (!heredoc.quoted) this.scanHereDocLine(line);
        heredoc.lines.push(line);
        p = next;
      }
      this.pos = p;
    }
  }

  /** Expansions of an unquoted here-document line (`$V`, `${…}`, `$(…)`, backticks, `\$`). */
  private scanHereDocLine(line: HereDocLine): void {
    const codes = this.codes;
    let p = line.start;
    while (p < line.end) {
      const c = codes[p];
      if (c === DOLLAR || c === BACKTICK || c === BACKSLASH) break;
      p++;
    }
    if (p >= line.end) return;
    const base = this.partTop;
    let litStart = line.start;
    let value = '';
    let valueStart = line.start;
    const savedLimit = this.limit;
    this.limit = line.end;
    while (p < line.end) {
      const c = codes[p];
      if (c === BACKSLASH) {
        const n = codes[p + 1];
        if (n === DOLLAR || n === BACKTICK || n === BACKSLASH) {
          value += this.source.slice(litStart, p) + this.source[p + 1];
          p += 2;
          litStart = p;
        } else p++;
        continue;
      }
      if (c === DOLLAR || c === BACKTICK) {
        value += this.source.slice(litStart, p);
        if (value !== '') this.addPart({ kind: 'literal', value, quoted: true, start: valueStart, end: p });
        value = '';
        this.pos = p;
        if (c === DOLLAR) this.scanDollar(true);
        else this.scanBacktick(true);
        p = litStart = valueStart = this.pos;
        continue;
      }
      p++;
    }
    value += this.source.slice(litStart, line.end);
    if (value !== '') this.addPart({ kind: 'literal', value, quoted: true, start: valueStart, end: line.end });
    this.limit = savedLimit;
    line.parts = this.takeParts(base);
  }
}

/**
 * Holds the lexer's current word. The lexer lives from script to script, so V8 keeps it in the old
 * generation, and storing a just-made word into an old object costs a write-barrier call (V8 records
 * every old-to-young pointer); storing it into a young object does not. The lexer replaces its holder
 * often enough that the holder is nearly always young.
 */
class CurrentWord {
  word: Word | undefined = undefined;
}

/**
 * A word of plain characters only (most words of a firewall script). Its single literal part is made
 * only when someone asks: the evaluator reads `literal`, so a big script never allocates the parts.
 */
class PlainWord implements Word {
  constructor(
    public start: number,
    public end: number,
    public literal: string,
  ) {}

  get parts(): WordPart[] {
    return [{ kind: 'literal', value: this.literal, quoted: false, start: this.start, end: this.end }];
  }
}

/**
 * `$NAME` or `"$NAME"` standing alone (most expansions in a firewall script). Like a plain word, it
 * makes its parts only when asked, exactly as the general scanner would have made them: for
 * `"$NAME"`, the parameter and the empty quoted literal that closes the string.
 */
class ParameterWord implements Word {
  constructor(
    public start: number,
    public end: number,
    private readonly name: string,
    private readonly quoted: boolean,
  ) {}

  get parts(): WordPart[] {
    if (!this.quoted) return [{ kind: 'param', name: this.name, quoted: false, start: this.start, end: this.end }];
    const close = this.end - 1;
    return [
      { kind: 'param', name: this.name, quoted: true, start: this.start + 1, end: close },
      { kind: 'literal', value: '', quoted: true, start: close, end: this.end },
    ];
  }
}

function isSpecialParam(c: number): boolean {
  return c === AT || c === STAR || c === HASH || c === QUESTION || c === MINUS || c === DOLLAR || c === BANG;
}
