/**
 * Recursive-descent parser for POSIX sh and bash, over the on-demand lexer. It never throws: a
 * syntax error becomes an IPT001 problem pointing at the construct, and parsing resumes after it.
 */
import type { Problem } from '../engine/problem';
import type {
  ArithCommand,
  ArithForCommand,
  Assignment,
  CaseArm,
  CaseCommand,
  Command,
  ForCommand,
  FunctionDefinition,
  HereDoc,
  IfClause,
  IfCommand,
  LiteralPart,
  Redirect,
  Script,
  SimpleCommand,
  Span,
  TestCommand,
  WhileCommand,
  Word,
} from './ast';
import { isCloser, Keyword, KEYWORD_TEXT, keywordOf, Lexer, MAX_NESTING, NO_LINES, Tok } from './lexer';
import { keepHiddenClassesOf } from '../core/hiddenClasses';
import { LineIndex } from './lineIndex';

export type { Script } from './ast';

/**
 * The parser every parse uses, kept between parses (a parse started while another script is being
 * read makes its own). Reusing it keeps V8's optimized code: when the last object of a class has
 * died, a full garbage collection may drop the class's hidden classes, and then every optimized
 * function that used them is thrown away and compiled again by the next parse. It also keeps the
 * stacks and caches.
 */
let spareParser: Parser | undefined;

export function parseShell(text: string): { script: Script; problems: Problem[] } {
  const reader = readShell(text);
  const body: Command[] = [];
  for (let command = reader.next(); command !== undefined; command = reader.next()) body.push(command);
  return { script: { kind: 'script', text, lines: reader.lines, body }, problems: reader.problems };
}

/**
 * A script read one top-level command at a time (`parseShell` reads them all). For a consumer that is
 * done with each command before it asks for the next, such as an evaluator that runs it: the syntax
 * tree of a big script then never exists all at once, and each command dies young, which costs the
 * garbage collector nearly nothing, instead of being copied and marked while the rest is read.
 */
export interface ShellReader {
  /** The script. */
  readonly text: string;
  /** Turns the commands' offsets into ranges. */
  readonly lines: LineIndex;
  /** The next top-level command, with its here-document bodies; undefined at the end of the script. */
  next(): Command | undefined;
  /** The syntax problems found so far: all of them once `next()` has returned undefined. */
  readonly problems: Problem[];
}

export function readShell(text: string): ShellReader {
  return new ScriptReader(text);
}

class ScriptReader implements ShellReader {
  readonly lines: LineIndex;
  readonly problems: Problem[] = [];
  /** Undefined once the script has been read. */
  private parser: Parser | undefined;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    this.parser = spareParser ?? new Parser();
    spareParser = undefined;
    this.parser.begin(text, this.lines, this.problems);
  }

  next(): Command | undefined {
    const parser = this.parser;
    if (parser === undefined) return undefined;
    const command = parser.nextTopLevel();
    if (command !== undefined) return command;
    parser.release();
    spareParser = parser;
    this.parser = undefined;
    reportCarriageReturns(this.text, this.lines, this.problems);
    return undefined;
  }
}

/**
 * Windows line ends: we read `\r` as a blank, as the editor shows it, but sh and bash take it as part
 * of the last word of every line (`DROP\r`), so each command fails. Said once, on the first such line.
 */
function reportCarriageReturns(text: string, lines: LineIndex, problems: Problem[]): void {
  const first = text.indexOf('\r\n');
  if (first < 0) return;
  // Point at the first command line (where a disable comment can also go), not at a comment.
  let crlf = first;
  let line = lines.lineOf(crlf);
  for (let at = first; at >= 0 && at - first < 100_000; at = text.indexOf('\r\n', at + 2)) {
    const l = lines.lineOf(at);
    const content = text.slice(lines.lineStarts[l], at).trim();
    if (content !== '' && !content.startsWith('#')) {
      crlf = at;
      line = l;
      break;
    }
  }
  problems.push({
    code: 'IPT001',
    message: 'this file has Windows (CRLF) line endings: sh and bash read the `\\r` as part of the last word of each line (`DROP\\r`), so the commands fail. Save it with LF line endings (e.g. `dos2unix`).',
    range: lines.range(lines.lineStarts[line], crlf),
    severity: 'error',
  });
}

/** Shared by every command without assignments or redirections; frozen, so a stray push fails loudly. */
const NONE = Object.freeze([]) as unknown as never[];

class Parser {
  private readonly lx = new Lexer('', NO_LINES, []);

  /** The lexer's code units of the text (with sentinels after the end, so lookahead never runs off it). */
  private codes = new Uint16Array(0);
  /** The script itself: strings are sliced from it (see `Lexer.source`). */
  private source = '';
  private lines = NO_LINES;
  private problems: Problem[] = [];

  /** See `wordClasses` in the lexer. */
  private readonly commandClasses = [new SimpleCommandNode(NONE, NONE, NONE, 0, 0)];

  constructor() {
    this.lx.parseSubstitution = (closer) => this.parseSubstitution(closer);
  }

  /** Start reading a script: then `nextTopLevel()` until it returns undefined, then `release()`. */
  begin(source: string, lines: LineIndex, problems: Problem[]): void {
    this.lx.reset(source, lines, problems);
    this.codes = this.lx.codes;
    this.source = source;
    this.lines = lines;
    this.problems = problems;
    this.depth = 0;
    this.commandTop = 0;
    this.wordTop = 0;
    this.lx.next();
  }

  /** See `Lexer.release`. */
  release(): void {
    this.lx.release();
    this.codes = this.lx.codes;
    this.source = '';
    this.lines = NO_LINES;
    this.problems = [];
    this.commandStack = [];
    this.wordStack = [];
  }

  /** The script's next command; what cannot start or continue one is reported and skipped. */
  nextTopLevel(): Command | undefined {
    const lx = this.lx;
    if ((++this.topLevelCount & 63) === 0) {
      // New stacks now and then keep them young, like the lexer's `CurrentWord`, and let go of the
      // words and commands left in them above the top.
      this.commandStack = [];
      this.wordStack = [];
    }
    for (;;) {
      const command = this.parseListItem();
      if (command !== undefined || lx.at(Tok.Eof)) return command;
      this.unexpected();
      lx.next();
    }
  }

  /** The commands of `$(…)` (up to `)`) or of a backquoted substitution (up to the lexer's limit). */
  private parseSubstitution(closer: 'paren' | 'limit'): Command[] {
    const lx = this.lx;
    lx.next();
    const base = this.commandTop;
    for (;;) {
      this.parseListOntoStack();
      if (lx.at(Tok.Eof) || (closer === 'paren' && lx.isOp(')'))) return this.takeCommands(base);
      this.unexpected();
      lx.next();
    }
  }

  private problem(message: string, start: number, end: number): void {
    this.problems.push({ code: 'IPT001', message, range: this.lines.range(start, end), severity: 'error' });
  }

  private unexpected(): void {
    const lx = this.lx;
    const what = lx.at(Tok.Newline) ? 'end of line' : lx.at(Tok.Eof) ? 'end of file' : `\`${this.source.slice(lx.start, Math.min(lx.end, lx.start + 40))}\``;
    const hint =
      lx.at(Tok.Word) && isCloser(keywordOf(lx.word!.literal ?? ''))
        ? ': there is no open construct it could close'
        : lx.isOp(')')
          ? ': there is no open `(` it could close'
          : '';
    this.problem(`unexpected ${what} here${hint}`, lx.start, lx.end);
  }

  private skipNewlines(): void {
    while (this.lx.at(Tok.Newline)) this.lx.next();
  }

  private atListEnd(): boolean {
    const lx = this.lx;
    if (lx.at(Tok.Eof)) return true;
    if (lx.at(Tok.Op)) {
      const op = lx.op;
      return op === ')' || op === ';;' || op === ';&' || op === ';;&';
    }
    return isCloser(lx.keyword);
  }

  /**
   * Commands of the lists being parsed, and words of the commands, `for` lists and `case` patterns being
   * parsed: a nested construct's entries sit above those of the construct around it. Each finished
   * list is copied out into an array exactly as long as it (a big script keeps 100,000 of them).
   */
  private commandStack: Command[] = [];
  private commandTop = 0;
  private wordStack: Word[] = [];
  private wordTop = 0;
  private topLevelCount = 0;

  private takeCommands(base: number): Command[] {
    const commands = copyOut(this.commandStack, base, this.commandTop);
    this.commandTop = base;
    return commands;
  }

  private takeWords(base: number): Word[] {
    const words = copyOut(this.wordStack, base, this.wordTop);
    this.wordTop = base;
    return words;
  }

  private parseList(): Command[] {
    const base = this.commandTop;
    this.parseListOntoStack();
    return this.takeCommands(base);
  }

  /** Commands separated by `;`, `&` and newlines, up to a closing word, `)`, `;;` or the end. */
  private parseListOntoStack(): void {
    for (let command = this.parseListItem(); command !== undefined; command = this.parseListItem()) this.commandStack[this.commandTop++] = command;
  }

  /** The next command of a list, and the `;`, `&` or newline after it; undefined at the list's end. */
  private parseListItem(): Command | undefined {
    const lx = this.lx;
    for (;;) {
      this.skipNewlines();
      if (this.atListEnd()) return undefined;
      const command = this.parseAndOr();
      if (!command) {
        this.unexpected();
        lx.next();
        continue;
      }
      if (lx.at(Tok.Op) && (lx.op === ';' || lx.op === '&')) {
        if (lx.op === '&') command.background = true;
        lx.next();
      } else if (lx.at(Tok.Newline)) {
        lx.next();
      } else if (!this.atListEnd()) {
        this.problem(`expected \`;\` or a new line before ${this.describeToken()}`, lx.start, lx.end);
      }
      return command;
    }
  }

  private describeToken(): string {
    const lx = this.lx;
    return lx.at(Tok.Eof) ? 'the end of the file' : `\`${this.source.slice(lx.start, Math.min(lx.end, lx.start + 40))}\``;
  }

  private parseAndOr(): Command | undefined {
    const lx = this.lx;
    const first = this.parsePipeline();
    if (!first || !(lx.isOp('&&') || lx.isOp('||'))) return first;
    const commands: Command[] = [first];
    const operators: ('&&' | '||')[] = [];
    while (lx.isOp('&&') || lx.isOp('||')) {
      const op = lx.op as '&&' | '||';
      const opStart = lx.start;
      lx.next();
      this.skipNewlines();
      const next = this.parsePipeline();
      if (!next) {
        this.problem(`\`${op}\` must be followed by a command`, opStart, opStart + 2);
        break;
      }
      operators.push(op);
      commands.push(next);
    }
    if (commands.length === 1) return first;
    return { kind: 'andor', commands, operators, start: first.start, end: commands[commands.length - 1].end };
  }

  private parsePipeline(): Command | undefined {
    const lx = this.lx;
    const start = lx.start;
    let negated = false;
    if (lx.isKeyword(Keyword.Bang)) {
      negated = true;
      lx.next();
    }
    const first = this.parseCommand();
    if (!first) {
      if (negated) this.problem('`!` must be followed by a command', start, start + 1);
      return undefined;
    }
    if (!negated && !(lx.isOp('|') || lx.isOp('|&'))) return first;
    const commands: Command[] = [first];
    while (lx.isOp('|') || lx.isOp('|&')) {
      const opStart = lx.start;
      lx.next();
      this.skipNewlines();
      const next = this.parseCommand();
      if (!next) {
        this.problem('`|` must be followed by a command', opStart, opStart + 1);
        break;
      }
      commands.push(next);
    }
    return { kind: 'pipeline', negated, commands, start, end: commands[commands.length - 1].end };
  }

  private depth = 0;

  private parseCommand(): Command | undefined {
    const lx = this.lx;
    if (++this.depth > MAX_NESTING) {
      this.problem('commands are nested too deeply to follow', lx.start, lx.end);
      this.depth--;
      lx.pos = lx.limit;
      lx.next();
      return undefined;
    }
    const command = this.parseCommandInner();
    this.depth--;
    return command;
  }

  private parseCommandInner(): Command | undefined {
    const lx = this.lx;
    let compound: Command | undefined;
    if (lx.at(Tok.Word)) {
      switch (lx.keyword) {
        case Keyword.If: compound = this.parseIf(); break;
        case Keyword.While: compound = this.parseWhile(false); break;
        case Keyword.Until: compound = this.parseWhile(true); break;
        case Keyword.For: compound = this.parseFor('for'); break;
        case Keyword.Select: compound = this.parseFor('select'); break;
        case Keyword.Case: compound = this.parseCase(); break;
        case Keyword.Function: return this.parseFunctionKeyword();
        case Keyword.OpenBrace: compound = this.parseGroup(); break;
        case Keyword.OpenTest: compound = this.parseTest(); break;
        default: return this.parseSimple();
      }
    } else if (lx.isOp('(')) {
      compound = this.codes[lx.end] === 40 ? this.parseArithCommand() : this.parseSubshell();
    } else if (lx.at(Tok.Op) && lx.redirect) {
      return this.parseSimple();
    }
    if (!compound) return undefined;
    this.parseTrailingRedirects(compound);
    return compound;
  }

  private parseTrailingRedirects(command: Command): void {
    const lx = this.lx;
    while (lx.at(Tok.Op) && lx.redirect) {
      const redirect = this.parseRedirect();
      (command.redirects ??= []).push(redirect);
      command.end = redirect.end;
    }
  }

  // ── Simple commands ────────────────────────────────────────────────────────────────────────────

  private parseSimple(): Command {
    const lx = this.lx;
    const start = lx.start;
    let end = lx.end;
    // Most commands have no assignment and no redirection: they share one frozen empty array.
    let assignments: Assignment[] = NONE;
    let redirects: Redirect[] = NONE;
    const base = this.wordTop;
    for (;;) {
      if (lx.at(Tok.Word)) {
        // The lexer's fields, not the word's: words come in several shapes, the lexer has one.
        const word = lx.word!;
        if (this.wordTop === base && lx.assignment) {
          if (assignments === NONE) assignments = [];
          assignments.push(toAssignment(word));
        } else {
          this.wordStack[this.wordTop++] = word;
        }
        end = this.pushPlainWordsAndAdvance(lx.end);
        if (this.wordTop === base + 1 && assignments === NONE && redirects === NONE && lx.isOp('(')) {
          this.wordTop = base;
          return this.parseFunctionAfterName(word, start);
        }
      } else if (lx.at(Tok.Op) && lx.redirect) {
        const redirect = this.parseRedirect();
        if (redirects === NONE) redirects = [];
        redirects.push(redirect);
        end = redirect.end;
      } else {
        return new SimpleCommandNode(assignments, this.takeWords(base), redirects, start, end);
      }
    }
  }

  /**
   * Past the current word (which ends at `end`): the plain words after it onto the word stack (see
   * `Lexer.pushPlainWords`), then the next token. Returns where the last word ends.
   */
  private pushPlainWordsAndAdvance(end: number): number {
    const top = this.lx.pushPlainWords(this.wordStack, this.wordTop);
    if (top > this.wordTop) {
      this.wordTop = top;
      end = this.wordStack[top - 1].end;
    }
    this.lx.next();
    return end;
  }

  private parseRedirect(): Redirect {
    const lx = this.lx;
    const redirect: Redirect = { op: lx.op, start: lx.start, end: lx.end };
    if (lx.fd !== undefined) redirect.fd = lx.fd;
    lx.next();
    if (!lx.at(Tok.Word)) {
      this.problem(`\`${redirect.op}\` needs a target (a file name${redirect.op.startsWith('<<') && redirect.op !== '<<<' ? ' or a here-document delimiter' : ''})`, redirect.start, redirect.end);
      return redirect;
    }
    const target = lx.word!;
    redirect.target = target;
    redirect.end = target.end;
    if (redirect.op === '<<' || redirect.op === '<<-') {
      const raw = this.source.slice(target.start, target.end);
      const delimiter = target.literal ?? raw;
      const heredoc: HereDoc = {
        delimiter,
        quoted: target.literal === undefined || target.literal !== raw,
        stripTabs: redirect.op === '<<-',
        lines: [],
        terminated: true,
      };
      redirect.heredoc = heredoc;
      // Register before moving on: the body starts after the newline the next token may be.
      lx.addHereDoc(heredoc, redirect.start, redirect.end);
    }
    lx.next();
    return redirect;
  }

  // ── Compound commands ──────────────────────────────────────────────────────────────────────────

  /** Consume the closing word `word` of a construct opened at `opener`, or report it missing. */
  private expectWord(word: Keyword, opener: Span, construct: string): number {
    const lx = this.lx;
    if (lx.isKeyword(word)) {
      const end = lx.end;
      lx.next();
      return end;
    }
    const line = this.lines.position(opener.start).line + 1;
    const found = lx.at(Tok.Eof) ? 'the file ends first' : `found ${this.describeToken()} instead`;
    this.problem(`\`${construct}\` on line ${line} is never closed: \`${KEYWORD_TEXT[word]}\` is missing (${found})`, opener.start, opener.end);
    return lx.at(Tok.Eof) ? lx.start : opener.end;
  }

  private keyword(): Span {
    const span = { start: this.lx.start, end: this.lx.end };
    this.lx.next();
    return span;
  }

  private parseIf(): IfCommand {
    const lx = this.lx;
    const ifKeyword = this.keyword();
    const start = ifKeyword.start;
    // Made by the first clause, exactly one long: most `if`s have no `elif`.
    let clauses: IfClause[] | undefined;
    let keyword = ifKeyword;
    let name = 'if';
    for (;;) {
      const condition = this.parseList();
      let clause: IfClause;
      let unclosed = false;
      if (!lx.isKeyword(Keyword.Then)) {
        this.expectWord(Keyword.Then, keyword, name);
        clause = { keyword, condition, body: [] };
        unclosed = !lx.isKeyword(Keyword.Elif) && !lx.isKeyword(Keyword.Else) && !lx.isKeyword(Keyword.Fi);
      } else {
        lx.next();
        clause = { keyword, condition, body: this.parseList() };
      }
      if (clauses === undefined) clauses = [clause];
      else clauses.push(clause);
      if (unclosed) return { kind: 'if', clauses: trimmed(clauses), start, end: Math.max(keyword.end, lx.start) };
      if (lx.isKeyword(Keyword.Elif)) {
        keyword = this.keyword();
        name = 'elif';
        continue;
      }
      break;
    }
    let elseBody: Command[] | undefined;
    if (lx.isKeyword(Keyword.Else)) {
      lx.next();
      elseBody = this.parseList();
    }
    const end = this.expectWord(Keyword.Fi, ifKeyword, 'if');
    return elseBody === undefined ? { kind: 'if', clauses: trimmed(clauses), start, end } : { kind: 'if', clauses: trimmed(clauses), start, end, elseBody };
  }

  private parseWhile(until: boolean): WhileCommand {
    const lx = this.lx;
    const keyword = this.keyword();
    const name = until ? 'until' : 'while';
    const condition = this.parseList();
    const command: WhileCommand = { kind: 'while', until, condition, body: [], start: keyword.start, end: keyword.end };
    if (!lx.isKeyword(Keyword.Do)) {
      this.expectWord(Keyword.Do, keyword, name);
      command.end = lx.start;
      return command;
    }
    lx.next();
    command.body = this.parseList();
    command.end = this.expectWord(Keyword.Done, keyword, name);
    return command;
  }

  /** `for` and bash's `select` (same syntax; the body runs for each choice the user makes). */
  private parseFor(name: 'for' | 'select'): ForCommand | ArithForCommand {
    const lx = this.lx;
    const keyword = this.keyword();
    if (name === 'for' && lx.isOp('(') && this.codes[lx.end] === 40) return this.parseArithFor(keyword);
    const header = { start: keyword.start, end: keyword.end };
    let variable = '';
    let variableSpan: Span;
    let items: Word[] | undefined;
    const named = lx.at(Tok.Word);
    if (!named) {
      this.problem(`\`${name}\` needs a variable name`, keyword.start, keyword.end);
      variableSpan = { start: lx.start, end: lx.start };
    } else {
      variable = lx.word!.literal ?? this.source.slice(lx.start, lx.end);
      variableSpan = { start: lx.start, end: lx.end };
      header.end = lx.end;
      lx.next();
      this.skipNewlines();
      if (lx.isKeyword(Keyword.In)) {
        header.end = lx.end;
        lx.next();
        const base = this.wordTop;
        while (lx.at(Tok.Word)) {
          this.wordStack[this.wordTop++] = lx.word!;
          header.end = this.pushPlainWordsAndAdvance(lx.end);
        }
        items = this.takeWords(base);
      }
    }
    // One object literal per shape, every field set at once (no property added later).
    const start = keyword.start;
    const command: ForCommand =
      items === undefined
        ? { kind: 'for', variable, variableSpan, header, body: [], start, end: keyword.end }
        : { kind: 'for', variable, variableSpan, items, header, body: [], start, end: keyword.end };
    if (name === 'select') command.select = true;
    if (!named) return command;
    if (lx.isOp(';')) lx.next();
    this.skipNewlines();
    this.parseLoopBody(command, keyword, name);
    return command;
  }

  /** `do … done` (or bash's `{ … }`) of a `for` loop. */
  private parseLoopBody(command: ForCommand | ArithForCommand, keyword: Span, name: string): void {
    const lx = this.lx;
    if (lx.isKeyword(Keyword.OpenBrace)) {
      const group = this.parseGroup();
      command.body = group.body;
      command.end = group.end;
      return;
    }
    if (!lx.isKeyword(Keyword.Do)) {
      this.expectWord(Keyword.Do, keyword, name);
      command.end = Math.max(command.header.end, lx.start);
      return;
    }
    lx.next();
    command.body = this.parseList();
    command.end = this.expectWord(Keyword.Done, keyword, name);
  }

  /** Scan `((…))` from the current `(` token; returns the inside text and moves past it. */
  private scanDoubleParen(): { inside: string; start: number; end: number } {
    const lx = this.lx;
    const codes = this.codes;
    const start = lx.start;
    let p = start + 2;
    let depth = 0;
    for (; p < lx.limit; p++) {
      const c = codes[p];
      if (c === 40) depth++;
      else if (c === 41) {
        if (depth === 0 && codes[p + 1] === 41) break;
        if (depth > 0) depth--;
      }
    }
    if (p >= lx.limit) {
      this.problem('`((` is never closed: `))` is missing', start, start + 2);
      lx.pos = lx.limit;
      lx.next();
      return { inside: this.source.slice(start + 2, lx.limit), start, end: lx.limit };
    }
    lx.pos = p + 2;
    lx.next();
    return { inside: this.source.slice(start + 2, p), start, end: p + 2 };
  }

  private parseArithFor(keyword: Span): ArithForCommand {
    const lx = this.lx;
    const { inside, end } = this.scanDoubleParen();
    const sections = inside.split(';');
    const command: ArithForCommand = {
      kind: 'arith-for',
      init: (sections[0] ?? '').trim(),
      condition: (sections[1] ?? '').trim(),
      step: (sections[2] ?? '').trim(),
      header: { start: keyword.start, end },
      body: [],
      start: keyword.start,
      end,
    };
    if (sections.length !== 3) this.problem('`for ((…))` needs three expressions separated by `;`', keyword.start, end);
    if (lx.isOp(';')) lx.next();
    this.skipNewlines();
    this.parseLoopBody(command, keyword, 'for');
    return command;
  }

  private parseArithCommand(): ArithCommand {
    const { inside, start, end } = this.scanDoubleParen();
    return { kind: 'arith', expression: inside, start, end };
  }

  private parseCase(): CaseCommand {
    const lx = this.lx;
    const keyword = this.keyword();
    if (!lx.at(Tok.Word)) {
      this.problem('`case` needs a word to match', keyword.start, keyword.end);
      return { kind: 'case', subject: { start: keyword.end, end: keyword.end, parts: [] }, arms: [], start: keyword.start, end: keyword.end };
    }
    const command: CaseCommand = { kind: 'case', subject: lx.word!, arms: [], start: keyword.start, end: lx.end };
    lx.next();
    this.skipNewlines();
    if (!lx.isKeyword(Keyword.In)) {
      this.expectWord(Keyword.In, keyword, 'case');
      command.end = lx.start;
      return command;
    }
    lx.next();
    for (;;) {
      this.skipNewlines();
      if (lx.isKeyword(Keyword.Esac) || lx.at(Tok.Eof)) break;
      const armStart = lx.start;
      if (lx.isOp('(')) lx.next();
      const base = this.wordTop;
      while (lx.at(Tok.Word)) {
        this.wordStack[this.wordTop++] = lx.word!;
        lx.next();
        if (!lx.isOp('|')) break;
        lx.next();
      }
      const patterns = this.takeWords(base);
      if (!lx.isOp(')') || patterns.length === 0) {
        this.problem(`a \`case\` pattern must be followed by \`)\`: found ${this.describeToken()}`, lx.start, lx.end);
        // Resynchronise on the next `;;` or `esac`.
        while (!lx.at(Tok.Eof) && !lx.isKeyword(Keyword.Esac) && !lx.isOp(';;')) lx.next();
        if (lx.isOp(';;')) lx.next();
        continue;
      }
      lx.next();
      const arm: CaseArm = { patterns, body: this.parseList(), terminator: '', start: armStart, end: lx.start };
      command.arms.push(arm);
      if (lx.isOp(';;') || lx.isOp(';&') || lx.isOp(';;&')) {
        arm.terminator = lx.op;
        arm.end = lx.end;
        lx.next();
      } else if (!lx.isKeyword(Keyword.Esac)) {
        if (!lx.at(Tok.Eof)) {
          this.unexpected();
          lx.next();
        }
        if (lx.at(Tok.Eof)) break;
      }
    }
    command.end = this.expectWord(Keyword.Esac, keyword, 'case');
    return command;
  }

  private parseFunctionKeyword(): Command {
    const lx = this.lx;
    const keyword = this.keyword();
    if (!lx.at(Tok.Word)) {
      this.problem('`function` needs a name', keyword.start, keyword.end);
      return { kind: 'simple', assignments: [], words: [], redirects: [], start: keyword.start, end: keyword.end };
    }
    const nameWord = lx.word!;
    lx.next();
    if (lx.isOp('(')) {
      lx.next();
      if (lx.isOp(')')) lx.next();
      else this.problem('expected `)` after `(` in a function definition', nameWord.start, nameWord.end);
    }
    return this.parseFunctionBody(nameWord, keyword.start);
  }

  /** `name ( ) body`: the current token is the `(`. */
  private parseFunctionAfterName(nameWord: Word, start: number): Command {
    const lx = this.lx;
    const open = lx.start;
    lx.next();
    if (!lx.isOp(')')) {
      this.problem(`expected \`)\` after \`${this.source.slice(nameWord.start, nameWord.end)}(\`: a function definition is written \`name() { …; }\``, open, open + 1);
    } else lx.next();
    return this.parseFunctionBody(nameWord, start);
  }

  private parseFunctionBody(nameWord: Word, start: number): Command {
    const lx = this.lx;
    this.skipNewlines();
    const name = nameWord.literal ?? this.source.slice(nameWord.start, nameWord.end);
    const body = this.parseCommand();
    const definition: FunctionDefinition = {
      kind: 'function',
      name,
      nameSpan: { start: nameWord.start, end: nameWord.end },
      body: body ?? { kind: 'group', body: [], start: lx.start, end: lx.start },
      start,
      end: body?.end ?? nameWord.end,
    };
    if (!body) this.problem(`function \`${name}\` has no body: expected \`{ …; }\``, nameWord.start, nameWord.end);
    return definition;
  }

  private parseGroup(): Command & { kind: 'group' } {
    const keyword = this.keyword();
    const body = this.parseList();
    const end = this.expectWord(Keyword.CloseBrace, keyword, '{');
    return { kind: 'group', body, start: keyword.start, end };
  }

  private parseSubshell(): Command {
    const lx = this.lx;
    const open = { start: lx.start, end: lx.end };
    lx.next();
    const body = this.parseList();
    let end = open.end;
    if (lx.isOp(')')) {
      end = lx.end;
      lx.next();
    } else {
      const line = this.lines.position(open.start).line + 1;
      this.problem(`\`(\` on line ${line} is never closed: \`)\` is missing`, open.start, open.end);
      end = lx.start;
    }
    return { kind: 'subshell', body, start: open.start, end };
  }

  /** `[[ … ]]`: words up to `]]`; operators inside are part of the test, not redirections. */
  private parseTest(): TestCommand {
    const lx = this.lx;
    const keyword = this.keyword();
    const command: TestCommand = { kind: 'test', words: [], start: keyword.start, end: keyword.end };
    for (;;) {
      if (lx.isKeyword(Keyword.CloseTest)) {
        command.end = lx.end;
        lx.next();
        return command;
      }
      if (lx.at(Tok.Eof)) {
        this.expectWord(Keyword.CloseTest, keyword, '[[');
        command.end = lx.start;
        return command;
      }
      if (lx.at(Tok.Word)) command.words.push(lx.word!);
      lx.next();
    }
  }
}

/**
 * Simple commands, the most numerous nodes, are made by a class rather than an object literal: V8 decides
 * per literal whether to allocate its objects in the old generation, and each change of mind throws away
 * the parser's optimized code.
 */
class SimpleCommandNode implements SimpleCommand {
  readonly kind = 'simple';
  constructor(
    public assignments: Assignment[],
    public words: Word[],
    public redirects: Redirect[],
    public start: number,
    public end: number,
  ) {}
}

/**
 * `stack.slice(base, top)`, by an array literal when short: V8 makes those inline, in half the time
 * of a call to `slice`, and nearly every list of words or commands is short.
 */
function copyOut<T>(stack: T[], base: number, top: number): T[] {
  const s = stack;
  const b = base;
  switch (top - base) {
    case 1: return [s[b]];
    case 2: return [s[b], s[b + 1]];
    case 3: return [s[b], s[b + 1], s[b + 2]];
    case 4: return [s[b], s[b + 1], s[b + 2], s[b + 3]];
    case 5: return [s[b], s[b + 1], s[b + 2], s[b + 3], s[b + 4]];
    case 6: return [s[b], s[b + 1], s[b + 2], s[b + 3], s[b + 4], s[b + 5]];
    case 7: return [s[b], s[b + 1], s[b + 2], s[b + 3], s[b + 4], s[b + 5], s[b + 6]];
    case 8: return [s[b], s[b + 1], s[b + 2], s[b + 3], s[b + 4], s[b + 5], s[b + 6], s[b + 7]];
    default: return s.slice(b, top);
  }
}

/** Items collected in an array literal of one and then pushed: a copy without the room `push` leaves. */
function trimmed<T>(items: T[]): T[] {
  return items.length === 1 ? items : items.slice();
}

function toAssignment(word: Word): Assignment {
  const assign = word.assign!;
  const assignment: Assignment = { name: assign.name, append: assign.append, start: word.start, end: word.end };
  if (assign.index !== undefined) assignment.index = assign.index;
  if (word.array) assignment.array = word.array;
  else if (word.end > assign.valueStart) {
    const parts = word.parts.slice(1);
    const value: Word = { start: assign.valueStart, end: word.end, parts };
    if (word.literal !== undefined) value.literal = word.literal.slice((word.parts[0] as LiteralPart).value.length);
    assignment.value = value;
  }
  return assignment;
}

// A reader and a syntax tree per script: see keepHiddenClassesOf. A small sample script, read to its
// end at once (which hands its parser back as the spare one), keeps the reader's hidden class, and
// its commands keep those of the trees the evaluator walks.
const keptReader = new ScriptReader('a=1\nb="$a c"\nd=$a\nf() { $IPT -A "$1" x=1; }\nfor p in 1; do LANG=C f "$p" | g; done\nif [ a ]; then b; fi\n');
for (let command = keptReader.next(); command !== undefined; command = keptReader.next()) keepHiddenClassesOf(command);
keepHiddenClassesOf(keptReader);
