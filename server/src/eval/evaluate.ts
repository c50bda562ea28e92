/**
 * Walks a shell script in execution order and collects the iptables invocations it would make,
 * without running anything. Constants are propagated, loops over known lists unrolled, functions
 * followed at their call sites; whatever the running script alone would know stays symbolic.
 *
 * Branches (`if`, `case`, `&&`/`||`, loop bodies) run under a journal: after each branch its variable
 * changes are undone, and afterwards a variable keeps a value only when every way through agrees.
 */
import { OffsetRange, type Range } from '../core/range';
import type { Problem } from '../engine/problem';
import type {
  CaseCommand,
  Command,
  CommandSubstitutionPart,
  ForCommand,
  FunctionDefinition,
  HereDoc,
  IfCommand,
  ParamPart,
  Script,
  SimpleCommand,
  Span,
  Word,
  WordPart,
} from '../shell/ast';
import { keepHiddenClassesOf } from '../core/hiddenClasses';
import { LineIndex } from '../shell/lineIndex';
import { NO_ORIGINS, WordArg, type ArgWord, type Invocation, type Origin, type Program, type SourceLine } from './invocation';
import {
  basename,
  forgetCommandNames,
  IPTABLES_COMMAND_FLAGS,
  IPTABLES_FIRST_OPERANDS,
  mentionsIptables,
  OPAQUE_RUNNERS,
  programOf,
  programOfCandidates,
  skipWrappers,
} from './programs';
import {
  arithmeticAssignedNames,
  evaluateArithmetic,
  expandBraces,
  globMatch,
  known,
  possibleTexts,
  sameValue,
  unknown,
  type Value,
} from './values';

export function evaluateScript(script: Script, text: string): { invocations: Invocation[]; problems: Problem[] } {
  const evaluation = new ScriptEvaluation(script.lines, text);
  for (const command of script.body) if (!evaluation.run(command)) break;
  return { invocations: evaluation.takeInvocations(), problems: evaluation.finish() };
}

/**
 * A script evaluated one top-level command at a time, in the order the shell runs them: the caller
 * may hand each command over as soon as it is read and take the invocations it made right away, so
 * neither the syntax tree nor the invocations of a big script ever exist all at once.
 */
export class ScriptEvaluation {
  private readonly evaluator: Evaluator;
  private stopped = false;

  constructor(lines: LineIndex, text: string) {
    this.evaluator = new Evaluator(lines, text);
  }

  /** Runs one top-level command. False once the script has stopped (`exit`, or too much to follow): later commands never run. */
  run(command: Command): boolean {
    if (this.stopped) return false;
    this.stopped = !this.evaluator.runTopLevel(command);
    return !this.stopped;
  }

  /** The invocations made since the last call, in order; the evaluation keeps none of them. */
  takeInvocations(): Invocation[] {
    return this.evaluator.takeInvocations();
  }

  /** All the problems, once the last command has run. */
  finish(): Problem[] {
    this.evaluator.finish();
    return this.evaluator.problems;
  }
}

/** How a list of commands ended. */
const enum Flow {
  Normal,
  Exit,
  Return,
  Break,
  Continue,
}

/** One argument after expansion, with the word it came from (the arguments of a builtin). */
interface Field {
  value: string;
  known: boolean;
  /** The word it came from (the `for` variable for `for x; do`). */
  span: Span;
  candidates?: string[];
}

/**
 * The fields of the commands being evaluated, as one stack of parallel arrays reused by every command:
 * expanding a word allocates nothing but its text. A command pushes its fields from `top` and pops
 * them when it is done; the commands a word runs (`$(…)`) or a function body push and pop above them.
 */
class FieldStack {
  readonly values: string[] = [];
  readonly known: boolean[] = [];
  /** The word each field came from. */
  readonly words: Word[] = [];
  /** An unknown field that is one of these constants (`$(which iptables)`): see `Value.candidates`. */
  readonly candidates: (string[] | undefined)[] = [];
  top = 0;

  push(value: string, isKnown: boolean, word: Word, candidates: string[] | undefined): void {
    const i = this.top++;
    this.values[i] = value;
    this.known[i] = isKnown;
    this.words[i] = word;
    this.candidates[i] = candidates;
  }

  /** Fields `from…to` as objects, for the few builtins that read their arguments. */
  list(from: number, to: number): Field[] {
    const out: Field[] = [];
    for (let i = from; i < to; i++) {
      const candidates = this.candidates[i];
      out.push(candidates ? { value: this.values[i], known: this.known[i], span: this.words[i], candidates } : { value: this.values[i], known: this.known[i], span: this.words[i] });
    }
    return out;
  }
}

/** Variable values before a branch changed them (undefined: it was unset). */
type Journal = Map<string, Value | undefined>;

const MAX_CALL_DEPTH = 40;
const MAX_EXEC_DEPTH = 600;
/** Simple commands evaluated at most (loops and calls included): beyond, the rest is not followed. */
const MAX_STEPS = 3_000_000;
const MAX_LOOP_ITERATIONS = 50_000;
const STAND_IN_LIMIT = 60;
/** `braceBlocks`: blocks of 2^6 characters. */
const BRACE_BLOCK_BITS = 6;
/** Slots of the cache of previous runs (a power of two). */
const PREVIOUS_RUNS_KEPT = 4096;
/** The builtins whose arguments change variables or positional parameters (see `builtinWithArguments`). */
/** Files scripts source for their functions only (log_daemon_msg, action…): no rules, no settings. */
const SHELL_LIBRARIES: ReadonlySet<string> = new Set(['/lib/lsb/init-functions', '/etc/init.d/functions', '/etc/rc.d/init.d/functions']);

const BUILTINS_READING_ARGUMENTS = new Set(['shift', 'set', 'unset', 'read', 'getopts', 'mapfile', 'readarray', 'printf', 'let']);
const READ_OPTIONS_WITH_ARGUMENT = new Set(['-p', '-t', '-n', '-N', '-d', '-u', '-i', '-a']);
const MAPFILE_OPTIONS_WITH_ARGUMENT = new Set(['-d', '-n', '-O', '-s', '-u', '-C', '-c']);

class Evaluator {
  /**
   * The invocations made since the last take, the first `madeCount` of a list reused from one top-level
   * command to the next: each is handed over as a list of its exact size (a new list would first grow
   * room for 16, for the one or two invocations most top-level commands make).
   */
  private readonly made: (Invocation | undefined)[] = [];
  private madeCount = 0;
  readonly problems: Problem[] = [];
  private readonly vars = new Map<string, Value>();
  private readonly functions = new Map<string, FunctionDefinition>();
  private readonly journals: Journal[] = [];
  /** The outcomes of the branches ended and not merged yet (see `endBranch`, `mergeBranches`). */
  private readonly outcomes: Journal[] = [];
  /** Empty journals to reuse (see `releaseJournal`). */
  private readonly spareJournals: Journal[] = [];
  /** Saved values of `local` variables, one map per active function call. */
  private readonly localFrames: Journal[] = [];
  /** Positional parameters: undefined at the top level (the script's arguments are unknown). */
  private positional: Value[] | undefined;
  /**
   * The loop iterations and calls around the current command. Each array is frozen and shared by the
   * invocations made under it (a new one is made on entering a loop iteration or call).
   */
  private origins: readonly Origin[] = NO_ORIGINS;
  private callDepth = 0;
  private execDepth = 0;
  private steps = 0;
  private aborted = false;
  /** Above zero during a discovery pass whose invocations and problems are not kept. */
  private silent = 0;
  private readonly reported = new Set<string>();
  private readonly unresolvedNames = new Map<string, { problem: Problem; count: number }>();
  private readonly fields = new FieldStack();
  /**
   * The last invocation of the commands of loop and function bodies: the next run of a command reuses
   * its ranges and the arguments that came out the same (see `invoke`). A cache indexed by the
   * command's offset: no hashing, no growth; a command whose slot another one took merely shares nothing.
   * The argument lists are kept apart: the engine empties an invocation's own list once it is parsed,
   * and a function called from the top level runs again only after that.
   */
  private readonly previousCommands: (SimpleCommand | undefined)[] = new Array(PREVIOUS_RUNS_KEPT).fill(undefined);
  private readonly previousInvocations: (Invocation | undefined)[] = new Array(PREVIOUS_RUNS_KEPT).fill(undefined);
  private readonly previousArgs: (WordArg[] | undefined)[] = new Array(PREVIOUS_RUNS_KEPT).fill(undefined);
  /** The slots taken by commands outside functions during this top-level command (see `forgetTopLevelRuns`). */
  private readonly topLevelSlots: number[] = [];

  /** A non-empty text without separators, the last one an unquoted expansion produced: it needs no splitting. */
  private lastUnsplitText = '';

  /**
   * bash expands `{80,443}`; a script run by `/bin/sh` (dash) does not (then undefined). For each block
   * of 64 characters of the text, whether it has a `{`: a literal word can only have one when its
   * source does, so most words need no scan of their own.
   */
  private readonly braceBlocks: Uint8Array | undefined;

  constructor(
    private readonly lines: LineIndex,
    private readonly text: string,
  ) {
    forgetCommandNames();
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
    const shell = shebang ? basename(shebang[1] === '/usr/bin/env' || shebang[1] === '/bin/env' ? (shebang[2] ?? '') : shebang[1]) : 'bash';
    if (shell === 'bash' || shell === 'zsh' || shell === 'ksh') {
      const blocks = new Uint8Array((text.length >> BRACE_BLOCK_BITS) + 1);
      for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) blocks[i >> BRACE_BLOCK_BITS] = 1;
      this.braceBlocks = blocks;
    }
  }

  /** Whether the text from `start` to `end` may have a `{` (see `braceBlocks`). */
  private mayHaveBrace(blocks: Uint8Array, start: number, end: number): boolean {
    for (let block = start >> BRACE_BLOCK_BITS; block <= (end - 1) >> BRACE_BLOCK_BITS; block++) if (blocks[block] !== 0) return true;
    return false;
  }

  /** One command of the script's top level: false when the script goes no further (as `execList` would stop). */
  runTopLevel(command: Command): boolean {
    if (this.aborted) return false;
    const flow = this.exec(command, false);
    if (this.topLevelSlots.length > 0) this.forgetTopLevelRuns();
    return flow === Flow.Normal;
  }

  /**
   * A command outside any function runs again only within the top-level command around it (a loop):
   * its previous run is let go once that is done, instead of living on in the cache with its arguments.
   */
  private forgetTopLevelRuns(): void {
    const slots = this.topLevelSlots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      this.previousCommands[slot] = undefined;
      this.previousInvocations[slot] = undefined;
      this.previousArgs[slot] = undefined;
    }
    slots.length = 0;
  }

  takeInvocations(): Invocation[] {
    const count = this.madeCount;
    if (count === 0) return [];
    const taken = this.made.slice(0, count) as Invocation[];
    // The list lets go of them: the caller decides how long they live.
    this.made.fill(undefined, 0, count);
    this.madeCount = 0;
    return taken;
  }

  finish(): void {
    for (const [name, { problem, count }] of this.unresolvedNames) {
      if (count > 1) problem.message += ` (nor are the ${count - 1} other commands run through \`${name}\`)`;
    }
  }

  /** The range of a word or command kept in an invocation or origin (compact: see `OffsetRange`). */
  private range(span: Span): OffsetRange {
    return this.lines.offsetRange(span.start, span.end);
  }

  /** `earlier` when it is the range of `span` already (made by an earlier run of the same command), else a new one. */
  private rangeAgain(earlier: Range | undefined, span: Span): OffsetRange {
    return earlier instanceof OffsetRange && earlier.startOffset === span.start && earlier.endOffset === span.end ? earlier : this.range(span);
  }

  private info(message: string, span: Span): Problem | undefined {
    if (this.silent > 0) return undefined;
    const key = `${span.start}:${message}`;
    if (this.reported.has(key)) return undefined;
    this.reported.add(key);
    const problem: Problem = { code: 'IPT002', message, range: this.lines.range(span.start, span.end), severity: 'info' };
    this.problems.push(problem);
    return problem;
  }

  private source(span: Span): string {
    const s = this.text.slice(span.start, span.end);
    return s.length > STAND_IN_LIMIT ? `${s.slice(0, STAND_IN_LIMIT - 1)}…` : s;
  }

  // ── Variables and branches ────────────────────────────────────────────────────────────────────

  private setVar(name: string, value: Value | undefined): void {
    const journal = this.journals[this.journals.length - 1];
    if (journal && !journal.has(name)) journal.set(name, this.vars.get(name));
    if (value === undefined) this.vars.delete(name);
    else this.vars.set(name, value);
  }

  private beginBranch(): void {
    this.journals.push(this.spareJournals.pop() ?? new Map());
  }

  /**
   * Undo the branch's changes. Its final values for the names it changed are written over the journal's
   * saved ones: the journal, now the branch's outcome, goes on the outcome stack for `mergeBranches`.
   */
  private endBranch(): void {
    const journal = this.journals.pop()!;
    // (A loop over an empty map would still make an iterator: most branches change nothing.)
    if (journal.size > 0) for (const [name, before] of journal) {
      journal.set(name, this.vars.get(name));
      if (before === undefined) this.vars.delete(name);
      else this.vars.set(name, before);
    }
    this.outcomes.push(journal);
  }

  /**
   * After alternative branches, whose outcomes are the outcome stack from `base`: a variable keeps a
   * value only when all ways through agree. With `mayBeSkipped`, not taking any branch is one of the
   * ways (an `if` without `else`). The outcomes are then taken off the stack.
   */
  private mergeBranches(base: number, mayBeSkipped: boolean): void {
    const stack = this.outcomes;
    let changed = false;
    for (let i = base; i < stack.length && !changed; i++) changed = stack[i].size > 0;
    // Most branches (an `if` around iptables commands) change no variable: nothing to merge.
    if (changed) this.mergeChanges(stack.slice(base), mayBeSkipped);
    while (stack.length > base) this.releaseJournal(stack.pop()!);
  }

  private mergeChanges(outcomes: Journal[], mayBeSkipped: boolean): void {
    const names = new Set<string>();
    for (const o of outcomes) for (const name of o.keys()) names.add(name);
    for (const name of names) {
      const current = this.vars.get(name);
      const values = outcomes.map((o) => (o.has(name) ? o.get(name) : current));
      if (mayBeSkipped) values.push(current);
      if (values.every((v) => sameValue(v, values[0]))) {
        this.setVar(name, values[0]);
        continue;
      }
      const candidates = new Set<string>();
      let complete = true;
      for (const v of values) {
        const texts = possibleTexts(v);
        if (texts) for (const t of texts) candidates.add(t);
        else complete = false;
      }
      this.setVar(name, unknown(`$${name}`, complete ? [...candidates] : undefined));
    }
  }

  /** A journal read to the end, for the next branch or call to reuse (a new `Map` costs its table). */
  private releaseJournal(journal: Journal): void {
    if (journal.size > 0) journal.clear();
    this.spareJournals.push(journal);
  }

  /** Commands run as one branch: the caller merges (its outcome is left on the outcome stack). */
  private branch(commands: Command[]): Flow {
    this.beginBranch();
    const flow = this.execList(commands, true);
    this.endBranch();
    return flow;
  }

  /** Commands that may or may not run (an `elif` condition): one optional branch. */
  private optionalBranch(commands: Command[]): void {
    const base = this.outcomes.length;
    this.branch(commands);
    this.mergeBranches(base, true);
  }

  /** Ends a subshell (or pipeline element) begun with `beginBranch`: its variable changes never reach the parent. */
  private discardBranch(): void {
    this.endBranch();
    this.releaseJournal(this.outcomes.pop()!);
  }

  // ── Commands ──────────────────────────────────────────────────────────────────────────────────

  private execList(commands: Command[], cond: boolean): Flow {
    for (let i = 0; i < commands.length; i++) {
      if (this.aborted) return Flow.Exit;
      const flow = this.exec(commands[i], cond);
      if (flow !== Flow.Normal) return flow;
    }
    return Flow.Normal;
  }

  private exec(command: Command, cond: boolean): Flow {
    // Nested constructs times recursive calls: bounded, so no input can exhaust the stack.
    if (this.execDepth >= MAX_EXEC_DEPTH) {
      this.info(`commands are nested too deeply (more than ${MAX_EXEC_DEPTH} levels through calls and blocks): the inner ones are not followed`, command);
      return Flow.Normal;
    }
    this.execDepth++;
    const flow = this.execCommand(command, cond);
    this.execDepth--;
    return flow;
  }

  private execCommand(command: Command, cond: boolean): Flow {
    switch (command.kind) {
      case 'simple':
        return this.execSimple(command, cond, undefined);
      case 'pipeline':
        return this.execPipeline(command.commands, cond);
      case 'andor': {
        const first = this.exec(command.commands[0], cond);
        if (first !== Flow.Normal) return first;
        // What follows `&&` / `||` may or may not run.
        for (let i = 1; i < command.commands.length; i++) {
          const base = this.outcomes.length;
          this.beginBranch();
          this.exec(command.commands[i], true);
          this.endBranch();
          this.mergeBranches(base, true);
        }
        return Flow.Normal;
      }
      case 'if':
        return this.execIf(command, cond);
      case 'for':
        return this.execFor(command, cond);
      case 'arith-for': {
        this.assignUnknownArithmetic(command.init);
        this.assignUnknownArithmetic(command.step);
        this.loopBodyOnce(command.body, command.header, 'for ((…))');
        return Flow.Normal;
      }
      case 'while': {
        // The condition runs at least once; the body perhaps never, perhaps many times.
        const flow = this.execList(command.condition, cond);
        if (flow === Flow.Exit || flow === Flow.Return) return flow;
        this.loopBodyOnce(command.body, undefined, '', command.condition);
        return Flow.Normal;
      }
      case 'case':
        return this.execCase(command, cond);
      case 'function':
        this.functions.set(command.name, command);
        return Flow.Normal;
      case 'group':
        return this.execList(command.body, cond);
      case 'subshell':
        this.beginBranch();
        this.execList(command.body, cond);
        this.discardBranch();
        return Flow.Normal;
      case 'test': {
        const base = this.fields.top;
        for (const word of command.words) this.expandWord(word, cond);
        this.fields.top = base;
        return Flow.Normal;
      }
      case 'arith':
        this.assignUnknownArithmetic(command.expression);
        return Flow.Normal;
    }
  }

  private assignUnknownArithmetic(expression: string): void {
    for (const name of arithmeticAssignedNames(expression)) this.setVar(name, unknown(`$${name}`));
  }

  /**
   * A loop body evaluated once, as a branch: it may run any number of times, including zero. Variables
   * the body changes differ from one iteration to the next, so they are unknown inside it: a first,
   * silent pass finds them.
   */
  private loopBodyOnce(body: Command[], header: Span | undefined, detail: string, extraRun?: Command[]): void {
    const saved = this.origins;
    if (header) this.origins = withOrigin(saved, { kind: 'loop', range: this.range(header), detail });
    let changed: Journal | undefined;
    // Inside a discovery pass one run is enough to see what changes (and keeps nesting linear).
    if (this.silent === 0) {
      this.silent++;
      this.beginBranch();
      if (extraRun) this.execList(extraRun, true);
      this.execList(body, true);
      this.endBranch();
      changed = this.outcomes.pop()!;
      this.silent--;
    }
    const base = this.outcomes.length;
    this.beginBranch();
    if (changed) for (const name of changed.keys()) this.setVar(name, unknown(`$${name}`));
    if (extraRun) this.execList(extraRun, true);
    this.execList(body, true);
    this.endBranch();
    this.mergeBranches(base, true);
    if (changed) this.releaseJournal(changed);
    this.origins = saved;
  }

  private execPipeline(commands: Command[], cond: boolean): Flow {
    if (commands.length === 1) return this.exec(commands[0], cond);
    // Every element of a real pipeline runs in a subshell.
    for (let i = 0; i < commands.length; i++) {
      const command = commands[i];
      const previous = i > 0 ? commands[i - 1] : undefined;
      this.beginBranch();
      if (command.kind === 'simple') this.execSimple(command, cond, previous ?? null);
      else this.exec(command, cond);
      this.discardBranch();
    }
    return Flow.Normal;
  }

  private execIf(command: IfCommand, cond: boolean): Flow {
    // The first condition always runs. The later ones run only when the earlier ones failed: each may
    // or may not run. Then exactly one body (or none, without `else`) runs. Flat, so that a chain of
    // ten thousand `elif`s costs no stack.
    const flow = this.execList(command.clauses[0].condition, cond);
    if (flow !== Flow.Normal) return flow;
    const clauses = command.clauses;
    for (let i = 1; i < clauses.length; i++) this.optionalBranch(clauses[i].condition);
    const base = this.outcomes.length;
    const first = this.branch(clauses[0].body);
    let agreed = true;
    for (let i = 1; i < clauses.length; i++) agreed = this.branch(clauses[i].body) === first && agreed;
    const elseBody = command.elseBody;
    if (elseBody) agreed = this.branch(elseBody) === first && agreed;
    this.mergeBranches(base, !elseBody);
    // The flow is kept only when every way through agrees (not taking any body is one way, without `else`).
    return elseBody && agreed ? first : Flow.Normal;
  }

  private execFor(command: ForCommand, cond: boolean): Flow {
    if (command.select) {
      // Which items the user picks, and how often, is known only at run time.
      this.setVar(command.variable, unknown(`$${command.variable}`));
      this.loopBodyOnce(command.body, command.header, `${command.variable} chosen at run time`);
      return Flow.Normal;
    }
    if (!command.items && !this.positional) {
      // `for x; do` at the top level: over the script's arguments.
      this.setVar(command.variable, unknown(`$${command.variable}`));
      this.loopBodyOnce(command.body, command.header, `${command.variable} from "$@"`);
      return Flow.Normal;
    }
    // The items: expanded on the field stack (kept there while the loop runs), or the positional parameters.
    const fields = this.fields;
    const base = fields.top;
    let values: readonly string[] = fields.values;
    let knowns: readonly boolean[] = fields.known;
    let from = base;
    let to: number;
    if (command.items) {
      const items = command.items;
      for (let i = 0; i < items.length; i++) this.expandWord(items[i], cond);
      to = fields.top;
    } else {
      const positional = this.positional!;
      values = positional.map((v) => v.text);
      knowns = positional.map((v) => v.known);
      from = 0;
      to = positional.length;
    }
    const header = this.range(command.header);
    const saved = this.origins;
    let flow: Flow = Flow.Normal;
    for (let i = from; i < to; i++) {
      if (this.aborted) {
        flow = Flow.Exit;
        break;
      }
      if (i - from >= MAX_LOOP_ITERATIONS) {
        this.info(`this loop has more than ${MAX_LOOP_ITERATIONS} iterations: only the first ones are followed`, command.header);
        break;
      }
      const value = values[i];
      this.origins = withOrigin(saved, new LoopIteration(header, command.variable, value));
      if (!knowns[i]) {
        // An unknown list item may stand for any number of values.
        const outcomesBase = this.outcomes.length;
        this.beginBranch();
        this.setVar(command.variable, unknown(value));
        this.execList(command.body, true);
        this.endBranch();
        this.mergeBranches(outcomesBase, true);
        continue;
      }
      this.setVar(command.variable, known(value));
      flow = this.execList(command.body, cond);
      if (flow === Flow.Break) {
        flow = Flow.Normal;
        break;
      }
      if (flow === Flow.Continue) flow = Flow.Normal;
      if (flow !== Flow.Normal) break;
    }
    fields.top = base;
    this.origins = saved;
    return flow;
  }

  private execCase(command: CaseCommand, cond: boolean): Flow {
    const subject = this.expandToValue(command.subject.parts, cond);
    const arms = command.arms;
    // With a known subject and known patterns, the arm is decided statically.
    if (subject.known) {
      let decided = true;
      for (let i = 0; i < arms.length && decided; i++) {
        let matched = false;
        for (const pattern of arms[i].patterns) {
          const glob = this.patternText(pattern, cond);
          if (glob === undefined) {
            decided = false;
            break;
          }
          if (globMatch(glob, subject.text)) {
            matched = true;
            break;
          }
        }
        if (!decided) break;
        if (matched) {
          // `;&` falls through into the next body; `;;&` goes on testing (treated like `;;` here).
          let j = i;
          for (;;) {
            const flow = this.execList(arms[j].body, cond);
            if (flow !== Flow.Normal || arms[j].terminator !== ';&' || j + 1 >= arms.length) return flow;
            j++;
          }
        }
      }
      if (decided) return Flow.Normal;
    }
    const catchAll = arms.some((arm) => arm.patterns.some((p) => p.literal === '*' && p.end - p.start === 1));
    const base = this.outcomes.length;
    let first = Flow.Normal;
    let agreed = true;
    for (let i = 0; i < arms.length; i++) {
      const flow = this.branch(arms[i].body);
      if (i === 0) first = flow;
      else agreed = flow === first && agreed;
    }
    this.mergeBranches(base, !catchAll);
    // The flow is kept only when every arm agrees and one of them always runs.
    return catchAll && agreed ? first : Flow.Normal;
  }

  /** A `case` pattern as glob text (quoted parts escaped), or undefined if it depends on unknowns. */
  private patternText(word: Word, cond: boolean): string | undefined {
    let out = '';
    for (const part of word.parts) {
      if (part.kind === 'literal') {
        out += part.quoted ? part.value.replace(/[*?[\]\\]/g, '\\$&') : part.value;
        continue;
      }
      const v = this.expandToValue([part], cond);
      if (!v.known) return undefined;
      out += v.text;
    }
    return out;
  }

  // ── Simple commands ───────────────────────────────────────────────────────────────────────────

  /** `pipedFrom`: the previous element of a pipeline (null: first element; undefined: no pipeline). */
  private execSimple(command: SimpleCommand, cond: boolean, pipedFrom: Command | null | undefined): Flow {
    if (++this.steps > MAX_STEPS) {
      if (!this.aborted) this.info(`the script does too much to follow (more than ${MAX_STEPS.toLocaleString('en')} commands evaluated): the rest is not checked`, command);
      this.aborted = true;
      return Flow.Exit;
    }
    const words = command.words;
    if (words.length === 0) {
      for (const assignment of command.assignments) this.assign(assignment.name, assignment.append, assignment.index, assignment.value, assignment.array, cond);
      return Flow.Normal;
    }
    const fields = this.fields;
    const base = fields.top;
    for (let i = 0; i < words.length; i++) this.expandWord(words[i], cond);
    const flow = this.runFields(command, cond, pipedFrom, base, fields.top);
    fields.top = base;
    return flow;
  }

  /** A simple command whose words expanded to the fields `base…top` of the stack. */
  private runFields(command: SimpleCommand, cond: boolean, pipedFrom: Command | null | undefined, base: number, top: number): Flow {
    if (top === base) {
      for (const assignment of command.assignments) this.assign(assignment.name, assignment.append, assignment.index, assignment.value, assignment.array, cond);
      return Flow.Normal;
    }
    // Prefix assignments (`LANG=C iptables …`) only affect that command: their expansions still run.
    const assignments = command.assignments;
    for (let i = 0; i < assignments.length; i++) {
      const value = assignments[i].value;
      if (value) this.expandToValue(value.parts, cond);
    }

    const fields = this.fields;
    const index = skipWrappers(fields.values, fields.known, base, top);
    if (index < 0) return Flow.Normal;
    if (!fields.known[index]) {
      const program = programOfCandidates(fields.candidates[index]);
      if (program) return this.invoke(program, index, top, command, cond, pipedFrom);
      this.reportUnresolvedName(index, top, command);
      return Flow.Normal;
    }
    const name = fields.values[index];
    // `sudo`, `command`, `env`… run the program itself, never a shell function of the same name.
    const fn = index === base && this.functions.size > 0 ? this.functions.get(name) : undefined;
    if (fn) return this.call(fn, index, top, command, cond);
    const program = programOf(name);
    if (program) return this.invoke(program, index, top, command, cond, pipedFrom);
    return this.builtin(basename(name), index, top, command, cond);
  }

  /**
   * `. FILE` / `source FILE` runs another file in this shell. The linter reads only this document: say
   * so, since that file may hold iptables commands and set the variables used below. Shell libraries
   * that only define functions (`/lib/lsb/init-functions`) are left alone.
   */
  private notFollowedSource(index: number, top: number, command: SimpleCommand): void {
    const { values, known } = this.fields;
    const file = index + 1 < top ? values[index + 1] : undefined;
    if (file === undefined || (known[index + 1] && SHELL_LIBRARIES.has(file))) return;
    const written = this.source(command);
    // The script's own variables so far: the file may set any of them again.
    const own = [...this.vars.keys()].filter((v) => !/^[0-9@*#?$!-]/.test(v) && v !== 'IFS' && v !== 'PATH');
    const shown = own.slice(0, 4).map((v) => `\`${v}\``).join(', ') + (own.length > 4 ? ` and ${own.length - 4} more` : '');
    const variables = own.length > 0 ? `; the variables it may set are taken as this script sets them (${shown})` : '';
    this.info(`\`${written}\` runs another file in this shell, which the linter does not read: iptables commands in it are not checked${variables}`, command);
  }

  private reportUnresolvedName(index: number, top: number, command: SimpleCommand): void {
    const { values, known: isKnown } = this.fields;
    const candidates = this.fields.candidates[index];
    const looksLikeIptables =
      /(^|[^a-z])ip6?t/i.test(values[index]) ||
      (candidates?.some((c) => programOf(c) !== undefined) ?? false) ||
      (index + 2 < top && isKnown[index + 1] && IPTABLES_COMMAND_FLAGS.has(values[index + 1]) && isKnown[index + 2] && IPTABLES_FIRST_OPERANDS.has(values[index + 2]));
    if (!looksLikeIptables) return;
    const written = this.source(this.fields.words[index]);
    let why: string;
    if (candidates && candidates.some((c) => programOf(c))) {
      why = `\`${written}\` may be any of ${candidates.map((c) => `\`${c}\``).join(', ')} (it is set differently on different paths)`;
    } else if (written.startsWith('$(') || written.startsWith('`')) {
      why = `the command name is the output of \`${written}\`, known only when the script runs`;
    } else {
      why = `the value of \`${written}\` is not set to a constant in this script`;
    }
    // One finding per unresolved name (a script may run hundreds of commands through one `$IPT`).
    const seen = this.unresolvedNames.get(written);
    if (seen) {
      seen.count++;
      return;
    }
    const problem = this.info(`${why}, so the iptables command it runs cannot be followed and is not checked`, command);
    if (problem) this.unresolvedNames.set(written, { problem, count: 1 });
  }

  private builtin(name: string, index: number, top: number, command: SimpleCommand, cond: boolean): Flow {
    switch (name) {
      case '.':
      case 'source':
        this.notFollowedSource(index, top, command);
        return Flow.Normal;
      case 'exit':
        return Flow.Exit;
      case 'return':
        return this.callDepth > 0 ? Flow.Return : Flow.Exit;
      case 'break':
        return Flow.Break;
      case 'continue':
        return Flow.Continue;
      case 'local':
      case 'declare':
      case 'typeset':
      case 'export':
      case 'readonly':
        this.declare(name, this.fields.words[index], command, cond);
        return Flow.Normal;
    }
    // Most commands are none of these: their arguments are only read here, never copied.
    if (BUILTINS_READING_ARGUMENTS.has(name)) this.builtinWithArguments(name, this.fields.list(index + 1, top));
    else if (OPAQUE_RUNNERS.has(name)) {
      const { values, candidates } = this.fields;
      let hidden = false;
      for (let i = index + 1; i < top && !hidden; i++) hidden = mentionsIptables(values[i]) || programOfCandidates(candidates[i]) !== undefined;
      if (hidden) {
        const how =
          name === 'eval' ? '`eval` builds the command at run time' : name === 'trap' ? '`trap` runs the command later, when the signal arrives' : `\`${name}\` runs the command itself`;
        this.info(`${how}: the iptables command in \`${this.source(command)}\` cannot be followed and is not checked`, command);
      }
    }
    return Flow.Normal;
  }

  /** The builtins of `BUILTINS_READING_ARGUMENTS`: what they do to variables and positional parameters. */
  private builtinWithArguments(name: string, args: Field[]): void {
    switch (name) {
      case 'shift': {
        if (this.positional) {
          const n = args[0]?.known ? Number(args[0].value) : 1;
          if (Number.isInteger(n) && n >= 0) this.positional = this.positional.slice(n);
          else this.positional = undefined;
        }
        return;
      }
      case 'set': {
        const dashes = args.findIndex((a) => a.value === '--');
        if (dashes >= 0) this.positional = args.slice(dashes + 1).map((a) => (a.known ? known(a.value) : unknown(a.value)));
        return;
      }
      case 'unset': {
        const functionsToo = args.some((a) => a.value === '-f');
        for (const a of args) {
          if (!a.known || a.value.startsWith('-')) continue;
          if (functionsToo) this.functions.delete(a.value);
          else this.setVar(a.value, undefined);
        }
        return;
      }
      case 'read':
        this.readNames(args, READ_OPTIONS_WITH_ARGUMENT, true);
        return;
      case 'getopts':
        if (args[1]?.known) this.setVar(args[1].value, unknown(`$${args[1].value}`));
        this.setVar('OPTARG', unknown('$OPTARG'));
        this.setVar('OPTIND', unknown('$OPTIND'));
        return;
      case 'mapfile':
      case 'readarray':
        this.readNames(args, MAPFILE_OPTIONS_WITH_ARGUMENT, false, 'MAPFILE');
        return;
      case 'printf': {
        const v = args.findIndex((a) => a.value === '-v');
        if (v >= 0 && args[v + 1]?.known) this.setVar(args[v + 1].value, unknown(`$${args[v + 1].value}`));
        return;
      }
      case 'let':
        for (const a of args) this.assignUnknownArithmetic(a.value);
        return;
    }
  }

  /** `read a b`, `mapfile arr`: the named variables get values only the running script knows. */
  private readNames(args: Field[], optionsWithArgument: Set<string>, scalar: boolean, fallback?: string): void {
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (!a.known) continue;
      if (a.value === '-a' && args[i + 1]?.known) {
        names.push(args[++i].value);
        continue;
      }
      if (a.value.startsWith('-')) {
        if (optionsWithArgument.has(a.value)) i++;
        continue;
      }
      names.push(a.value);
    }
    if (names.length === 0) names.push(fallback ?? 'REPLY');
    for (const name of names) this.setVar(name, scalar ? unknown(`$${name}`) : { ...unknown(`$${name}`), elements: [] });
  }

  /** `local`/`declare`/`export`/`readonly`: assignments written as arguments, never word-split. */
  private declare(name: string, nameSpan: Span, command: SimpleCommand, cond: boolean): void {
    const words = command.words;
    const isLocal = (name === 'local' || name === 'declare' || name === 'typeset') && this.localFrames.length > 0;
    let i = words.findIndex((w) => w.start === nameSpan.start) + 1;
    for (; i < words.length; i++) {
      const word = words[i];
      if (word.assign) {
        if (isLocal) this.saveLocal(word.assign.name);
        const value: Word | undefined = word.array ? undefined : { start: word.assign.valueStart, end: word.end, parts: word.parts.slice(1) };
        this.assign(word.assign.name, word.assign.append, word.assign.index, value, word.array, cond);
        continue;
      }
      const fields = this.fields;
      const base = fields.top;
      this.expandWord(word, cond);
      for (let f = base; f < fields.top; f++) {
        const text = fields.values[f];
        if (!fields.known[f] || text.startsWith('-') || text.startsWith('+')) continue;
        const eq = text.indexOf('=');
        const varName = eq >= 0 ? text.slice(0, eq) : text;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(varName)) continue;
        if (isLocal) {
          this.saveLocal(varName);
          if (eq < 0) this.setVar(varName, undefined);
        }
        if (eq >= 0) this.setVar(varName, known(text.slice(eq + 1)));
      }
      fields.top = base;
    }
  }

  private saveLocal(name: string): void {
    const frame = this.localFrames[this.localFrames.length - 1];
    if (frame && !frame.has(name)) frame.set(name, this.vars.get(name));
  }

  private assign(name: string, append: boolean, index: string | undefined, valueWord: Word | undefined, array: Word[] | undefined, cond: boolean): void {
    let value: Value;
    if (array) {
      const elements: Value[] = [];
      const fields = this.fields;
      const base = fields.top;
      for (const element of array) this.expandWord(element, cond);
      for (let f = base; f < fields.top; f++) elements.push(fields.known[f] ? known(fields.values[f]) : unknown(fields.values[f]));
      fields.top = base;
      if (append) {
        const before = this.vars.get(name);
        if (before && before.elements) elements.unshift(...before.elements);
        else if (before) elements.unshift(before);
      }
      const first = elements[0];
      value = { text: first ? first.text : '', known: elements.every((e) => e.known), elements };
      if (!value.known) value.text = `\${${name}[@]}`;
    } else {
      value = valueWord ? this.expandToValue(valueWord.parts, cond) : known('');
      if (index !== undefined) {
        // One element of an array: the array as a whole is no longer a constant we track.
        this.setVar(name, unknown(`\${${name}[@]}`));
        return;
      }
      if (append) {
        const before = this.vars.get(name);
        const joined = before === undefined ? value : before.known && value.known ? known(before.text + value.text) : unknown(`$${name}`);
        value = joined;
      }
    }
    this.setVar(name, value);
  }

  // ── Functions ─────────────────────────────────────────────────────────────────────────────────

  private call(fn: FunctionDefinition, index: number, top: number, command: SimpleCommand, cond: boolean): Flow {
    if (this.callDepth >= MAX_CALL_DEPTH) {
      this.info(`\`${fn.name}\` calls itself more than ${MAX_CALL_DEPTH} levels deep: deeper calls are not followed`, command);
      return Flow.Normal;
    }
    const { values, known: isKnown } = this.fields;
    const positional: Value[] = new Array(top - index - 1);
    // The origin's detail is the call as written, up to the first word that starts past 80 characters.
    let detailLength = values[index].length;
    let detailEnd = index + 1;
    for (let i = index + 1; i < top; i++) {
      positional[i - index - 1] = isKnown[i] ? known(values[i]) : unknown(values[i]);
      if (detailLength <= 80) {
        detailLength += 1 + values[i].length;
        detailEnd = i + 1;
      }
    }
    const savedPositional = this.positional;
    const savedOrigins = this.origins;
    this.positional = positional;
    this.origins = withOrigin(savedOrigins, new FunctionCall(this.range(command), values.slice(index, detailEnd)));
    this.callDepth++;
    const frame: Journal = this.spareJournals.pop() ?? new Map();
    this.localFrames.push(frame);
    const flow = this.exec(fn.body, cond);
    this.localFrames.pop();
    if (frame.size > 0) for (const [name, before] of frame) this.setVar(name, before);
    this.releaseJournal(frame);
    this.callDepth--;
    this.positional = savedPositional;
    this.origins = savedOrigins;
    return flow === Flow.Exit ? Flow.Exit : Flow.Normal;
  }

  // ── Invocations ───────────────────────────────────────────────────────────────────────────────

  private invoke(program: Program, index: number, top: number, command: SimpleCommand, cond: boolean, pipedFrom: Command | null | undefined): Flow {
    // A 100,000-rule script keeps a million arguments: exact-size arrays, one object per argument (its
    // own range), and a command of a loop or function body shares with its previous run the arguments
    // that came out the same (in a loop most words are literal: most arguments are shared).
    const { values, known: isKnown, words } = this.fields;
    const repeated = this.origins.length > 0;
    const slot = command.start & (PREVIOUS_RUNS_KEPT - 1);
    const previous = repeated && this.previousCommands[slot] === command ? this.previousInvocations[slot] : undefined;
    const before = previous !== undefined ? this.previousArgs[slot] : undefined;
    const args: WordArg[] = new Array(top - index - 1);
    const nameWord = words[index];
    const programRange = this.rangeAgain(previous?.programRange, nameWord);
    for (let i = index + 1; i < top; i++) {
      const k = i - index - 1;
      const earlier = before !== undefined && k < before.length ? before[k] : undefined;
      const word = words[i];
      const value = values[i];
      args[k] =
        earlier !== undefined && earlier.value === value && earlier.known === isKnown[i] && earlier.startOffset === word.start && earlier.endOffset === word.end
          ? earlier
          : new WordArg(value, isKnown[i], this.lines, word.start, word.end);
    }
    const invocation: Invocation = {
      program,
      programRange,
      args,
      range: command.start === nameWord.start && command.end === nameWord.end ? programRange : this.rangeAgain(previous?.range, command),
      conditional: cond,
      origins: this.origins as Origin[],
    };
    if (repeated) {
      if (this.callDepth === 0 && this.previousCommands[slot] !== command) this.topLevelSlots.push(slot);
      this.previousCommands[slot] = command;
      this.previousInvocations[slot] = invocation;
      this.previousArgs[slot] = args;
    }
    if (program === 'iptables-restore' || program === 'ip6tables-restore') this.attachRestoreInput(invocation, args, command, pipedFrom, cond);
    if (this.silent === 0) this.made[this.madeCount++] = invocation;
    return Flow.Normal;
  }

  private attachRestoreInput(invocation: Invocation, args: ArgWord[], command: SimpleCommand, pipedFrom: Command | null | undefined, cond: boolean): void {
    let fileArgument: ArgWord | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i].value;
      if (a === '-n' || a === '--noflush' || (/^-[a-zA-Z]+$/.test(a) && a.includes('n') && !/[TMW]/.test(a))) invocation.noflush = true;
      else if (a === '-T' || a === '--table' || a === '-M' || a === '--modprobe' || a === '-W' || a === '--wait-interval' || a === '-w' || a === '--wait') {
        if ((a === '-w' || a === '--wait') && !/^[0-9]+$/.test(args[i + 1]?.value ?? '')) continue;
        i++;
      } else if (!a.startsWith('-')) fileArgument = args[i];
    }
    const stdin = [...command.redirects].reverse().find((r) => (r.fd === undefined || r.fd === 0) && (r.op === '<' || r.op === '<<' || r.op === '<<-' || r.op === '<<<' || r.op === '<>'));
    const where = this.source(command);
    if (fileArgument) {
      this.info(`\`${where}\` reads its rules from the file \`${fileArgument.value}\`, which the linter does not open: those rules are not checked`, command);
      return;
    }
    if (stdin?.heredoc) {
      invocation.restoreInput = this.hereDocLines(stdin.heredoc, cond);
      return;
    }
    if (stdin) {
      const target = stdin.target ? this.source(stdin.target) : '';
      const what = stdin.op === '<<<' ? `the here-string \`${target}\`` : `the file \`${target}\``;
      this.info(`\`${where}\` reads its rules from ${what}, which the linter does not follow: those rules are not checked`, command);
      return;
    }
    if (pipedFrom) {
      const heredoc = catHereDoc(pipedFrom);
      if (heredoc) {
        invocation.restoreInput = this.hereDocLines(heredoc, cond);
        return;
      }
      this.info(`\`${where}\` reads its rules from the output of \`${this.source(pipedFrom)}\`, which the linter does not follow: those rules are not checked`, command);
      return;
    }
    this.info(`\`${where}\` reads its rules from the script's standard input, which the linter cannot see: those rules are not checked`, command);
  }

  /** The body of a here-document as restore-format lines, expanded when the delimiter is unquoted. */
  private hereDocLines(heredoc: HereDoc, cond: boolean): SourceLine[] {
    const out: SourceLine[] = [];
    for (const line of heredoc.lines) {
      const position = this.lines.position(line.start);
      if (!line.parts) {
        out.push({ text: this.text.slice(line.start, line.end), line: position.line, character: position.character });
        continue;
      }
      let text = '';
      const symbolic: { start: number; end: number }[] = [];
      for (const part of line.parts) {
        if (part.kind === 'literal') {
          text += part.value;
          continue;
        }
        const values = this.expandPart(part, cond);
        for (let i = 0; i < values.length; i++) {
          if (i > 0) text += ' ';
          if (!values[i].known) symbolic.push({ start: text.length, end: text.length + values[i].text.length });
          text += values[i].text;
        }
      }
      const sourceLine: SourceLine = { text, line: position.line, character: position.character };
      if (symbolic.length > 0) sourceLine.symbolic = symbolic;
      out.push(sourceLine);
    }
    return out;
  }

  // ── Expansion ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Expand one word into fields pushed on the field stack (word splitting of unquoted expansions,
   * `"$@"` into several).
   */
  private expandWord(word: Word, cond: boolean): void {
    const fields = this.fields;
    const literal = word.literal;
    if (literal !== undefined) {
      // Quoted braces (`"{a,b}"`) are not expanded: only a word written exactly as its value is.
      const blocks = this.braceBlocks;
      const braces =
        blocks !== undefined && this.mayHaveBrace(blocks, word.start, word.end) && literal.includes('{') && this.text.slice(word.start, word.end) === literal
          ? expandBraces(literal)
          : undefined;
      if (braces) for (const value of braces) fields.push(value, true, word, undefined);
      else fields.push(literal, true, word, undefined);
      return;
    }
    this.expandParts(word, cond);
  }

  /** `expandWord` for a word with expansions (kept apart: the literal words, most of them, take a small function). */
  private expandParts(word: Word, cond: boolean): void {
    const fields = this.fields;
    // The field being built. While `present` is false (no text nor quotes yet) the others are still at
    // their initial values, so ending a field is: push it if present, then start over.
    let value = '';
    let isKnown = true;
    let present = false;
    let candidates: string[] | undefined;
    const parts = word.parts;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p];
      if (part.kind === 'literal') {
        value += part.value;
        if (part.quoted || part.value !== '') present = true;
        continue;
      }
      // Most expansions are a plain `$NAME` with one known value: it comes without a list.
      const single = part.kind === 'param' ? this.knownSingleValue(part) : undefined;
      const values = single === undefined ? this.expandPart(part, cond) : undefined;
      const count = values === undefined ? 1 : values.length;
      for (let vi = 0; vi < count; vi++) {
        const v = values === undefined ? single! : values[vi];
        if (vi > 0 && present) {
          // `"$@"` and `"${a[@]}"`: one field per element.
          fields.push(value, isKnown, word, candidates);
          value = '';
          isKnown = true;
          present = false;
          candidates = undefined;
        }
        if (!v.known) {
          if (parts.length === 1) candidates = v.candidates;
          value += v.text;
          isKnown = false;
          present = true;
          continue;
        }
        if (part.quoted) {
          value += v.text;
          present = true;
          continue;
        }
        // Unquoted: split on the default IFS (space, tab, newline); a run of separators ends the field.
        const text = v.text;
        if (text === this.lastUnsplitText) {
          // The value of the last unquoted expansion that had no separator (the same `$IPT` every time).
          value += text;
          present = true;
          continue;
        }
        if (text.length > 0 && nextSeparator(text, 0) === text.length) this.lastUnsplitText = text;
        let i = 0;
        while (i < text.length) {
          const pieceEnd = nextSeparator(text, i);
          if (pieceEnd > i) {
            value += i === 0 && pieceEnd === text.length ? text : text.slice(i, pieceEnd);
            present = true;
            i = pieceEnd;
            continue;
          }
          while (i < text.length && isSeparator(text.charCodeAt(i))) i++;
          if (present) {
            fields.push(value, isKnown, word, candidates);
            value = '';
            isKnown = true;
            present = false;
            candidates = undefined;
          }
        }
      }
    }
    if (present) fields.push(value, isKnown, word, candidates);
  }

  /** Expand parts into one string value (assignments, here-documents, `case` words: no splitting). */
  private expandToValue(parts: WordPart[], cond: boolean): Value {
    let text = '';
    let isKnown = true;
    let candidates: string[] | undefined;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p];
      if (part.kind === 'literal') {
        text += part.value;
        continue;
      }
      const values = this.expandPart(part, cond);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (i > 0) text += ' ';
        text += v.text;
        if (!v.known) {
          isKnown = false;
          if (parts.length === 1 && values.length === 1) candidates = v.candidates;
        }
      }
    }
    return isKnown ? known(text) : unknown(text, candidates);
  }

  private expandPart(part: Exclude<WordPart, { kind: 'literal' }>, cond: boolean): Value[] {
    switch (part.kind) {
      case 'param':
        return this.parameter(part, cond);
      case 'command':
        return [this.commandSubstitution(part, cond)];
      case 'arith': {
        if (part.substitutions) {
          for (const substitution of part.substitutions) this.commandSubstitution(substitution, cond);
          return [unknown(this.source(part))];
        }
        const n = evaluateArithmetic(part.expression, (name) => this.vars.get(name));
        this.assignUnknownArithmetic(part.expression);
        return [n === undefined ? unknown(this.source(part)) : known(String(n))];
      }
    }
  }

  private commandSubstitution(part: CommandSubstitutionPart, cond: boolean): Value {
    // The commands inside run (in a subshell): iptables calls there are real invocations.
    this.beginBranch();
    this.execList(part.body, cond);
    this.discardBranch();
    const standIn = this.source(part);
    const only = part.body.length === 1 ? part.body[0] : undefined;
    const programs = only ? programPathsPrinted(only) : undefined;
    return unknown(standIn, programs);
  }

  /**
   * The value of a plain `$NAME`, `"$NAME"` or `$1` when it is a known one that makes one field, as
   * `parameter` would return it alone in a list; undefined for anything else (then ask `parameter`).
   */
  private knownSingleValue(part: ParamPart): Value | undefined {
    if (part.operator !== undefined || part.index !== undefined || part.indirect) return undefined;
    const name = part.name;
    let value: Value | undefined;
    if (isNameStart(name.charCodeAt(0))) value = this.vars.get(name);
    else if (this.positional !== undefined && isPositionalName(name)) {
      const n = Number(name);
      if (n > 0) value = this.positional[n - 1];
    }
    if (value === undefined || !value.known || value.elements !== undefined || (value.text === '' && !part.quoted)) return undefined;
    return value;
  }

  /** The values of a parameter expansion: several for `"$@"` and `${a[@]}`, none for unset `$@`. */
  private parameter(part: ParamPart, cond: boolean): Value[] {
    const name = part.name;
    const op = part.operator;
    if (part.indirect) return [unknown(this.source(part))];
    let current: Value | undefined;
    let list: Value[] | undefined;
    if (isNameStart(name.charCodeAt(0)) && part.index === undefined) {
      // A plain variable (`$IPT`, `"$port"`): by far the most common expansion.
      current = this.vars.get(name);
    } else if (name === '@' || name === '*') {
      if (!this.positional) return [unknown(this.source(part))];
      list = this.positional;
      if (name === '*' || !part.quoted) current = known(list.map((v) => v.text).join(' '));
      if (name === '*' && list.some((v) => !v.known)) current = unknown(this.source(part));
    } else if (name === '#') {
      current = this.positional ? known(String(this.positional.length)) : unknown('$#');
    } else if (isPositionalName(name)) {
      const n = Number(name);
      if (n === 0 || !this.positional) current = unknown(this.source(part));
      else current = this.positional[n - 1];
    } else if (name === '?' || name === '$' || name === '!' || name === '-' || name === '') {
      current = unknown(this.source(part));
    } else {
      const variable = this.vars.get(name);
      if (variable && part.index !== undefined) {
        if (part.index === '@' || part.index === '*') {
          if (variable.elements) {
            list = variable.elements;
            if (part.index === '*' || !part.quoted) current = variable.known ? known(list.map((v) => v.text).join(' ')) : unknown(this.source(part));
          } else current = variable;
        } else if (/^[0-9]+$/.test(part.index)) {
          current = variable.elements ? variable.elements[Number(part.index)] : part.index === '0' ? variable : undefined;
          if (!variable.known && !variable.elements) current = unknown(this.source(part));
        } else current = unknown(this.source(part));
      } else current = variable;
    }

    if (op === 'length') {
      if (list && part.index !== undefined) return [known(String(list.length))];
      if (current === undefined) return [known('0')];
      return [current.known ? known(String(current.text.length)) : unknown(this.source(part))];
    }
    const isSet = current !== undefined || (list !== undefined && list.length > 0);
    const colon = op === ':-' || op === ':=' || op === ':+' || op === ':?';
    const empty = current !== undefined && current.known && current.text === '' && !list;
    switch (op) {
      case '-':
      case ':-':
      case '=':
      case ':=': {
        if (current && !current.known) return [unknown(this.source(part))];
        if (!isSet || (colon && empty)) {
          const fallback = this.expandToValue(part.operand ?? [], cond);
          if ((op === '=' || op === ':=') && !/^[0-9@*#?$!-]/.test(name)) this.setVar(name, fallback);
          return [fallback];
        }
        break;
      }
      case '+':
      case ':+': {
        if (current && !current.known) return [unknown(this.source(part))];
        if (!isSet || (colon && empty)) return [];
        return [this.expandToValue(part.operand ?? [], cond)];
      }
      case '?':
      case ':?':
        if (!isSet || (colon && empty)) return [unknown(this.source(part))];
        break;
      case 'other':
        return [unknown(this.source(part))];
    }
    if (list && current === undefined) return list;
    if (current === undefined) {
      // Unset: positional parameters inside a function are simply empty; other names are unknown
      // (they may come from the environment).
      if (isPositionalName(name) && this.positional) return part.quoted ? [known('')] : [];
      return [unknown(this.source(part))];
    }
    if (!current.known) return [current.text === `$${name}` ? unknown(this.source(part), current.candidates) : current];
    if (current.text === '' && !part.quoted) return [];
    return [current.elements && part.index === undefined ? current.elements[0] ?? known('') : current];
  }
}

/** A letter or `_`: how a variable name starts. */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** `1`, `10`: a positional parameter (digits only; as `/^[0-9]+$/`, without a regular expression on every expansion). */
function isPositionalName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The default IFS: space, tab, newline. */
function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 10;
}

/** The index of the first separator in `text` from `from` (its length when there is none). */
function nextSeparator(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isSeparator(text.charCodeAt(i))) i++;
  return i;
}

/** `cat <<EOF | iptables-restore`: the here-document fed through `cat`. */
function catHereDoc(command: Command): HereDoc | undefined {
  if (command.kind !== 'simple' || command.words.length === 0) return undefined;
  if (basename(command.words[0].literal ?? '') !== 'cat') return undefined;
  if (command.words.slice(1).some((w) => w.literal !== '-')) return undefined;
  return command.redirects.find((r) => r.heredoc && (r.fd === undefined || r.fd === 0))?.heredoc;
}

/**
 * What `$(…)` prints when it only looks a program up: `which iptables`, `command -v ip6tables`,
 * `type -P iptables`, also as alternatives (`which iptables || echo /sbin/iptables`). Undefined when the
 * output is anything else.
 */
function programPathsPrinted(command: Command): string[] | undefined {
  const commands = command.kind === 'andor' ? command.commands : [command];
  const paths: string[] = [];
  for (const c of commands) {
    if (c.kind !== 'simple' || c.words.length < 2) return undefined;
    const words = c.words.map((w) => w.literal);
    const tool = words[0];
    const target = words[words.length - 1];
    const prints =
      (tool === 'which' && words.length === 2) ||
      (tool === 'command' && words.length === 3 && words[1] === '-v') ||
      (tool === 'type' && words.length === 3 && (words[1] === '-p' || words[1] === '-P')) ||
      ((tool === 'echo' || tool === 'printf') && words.length === 2);
    if (!prints || target === undefined || !programOf(target)) return undefined;
    paths.push(target);
  }
  return paths;
}

/**
 * One iteration of a `for` loop over a list. Its `detail` (`port=443`) is made only when read (a hover):
 * a loop over many values would otherwise make a string for each iteration that nobody reads.
 */
class LoopIteration implements Origin {
  declare readonly kind: 'loop';
  declare readonly range: Range;
  private declare readonly variable: string;
  private declare readonly value: string;

  constructor(range: Range, variable: string, value: string) {
    this.kind = 'loop';
    this.range = range;
    this.variable = variable;
    this.value = value;
  }

  get detail(): string {
    return `${this.variable}=${this.value}`;
  }
}

/**
 * One call of a function. Its `detail` (`allow_tcp TENANT_0 10.0.0.128/26 5432`, at most 80 characters)
 * is joined only when read: words kept apart cost less to keep than the chain of pieces `+=` would
 * make, and joining them for every call costs more than it is read.
 */
class FunctionCall implements Origin {
  declare readonly kind: 'call';
  declare readonly range: Range;
  private declare readonly words: string[];

  constructor(range: Range, words: string[]) {
    this.kind = 'call';
    this.range = range;
    this.words = words;
  }

  get detail(): string {
    const detail = this.words.join(' ');
    return detail.length > 80 ? `${detail.slice(0, 79)}…` : detail;
  }
}

/**
 * `outer` and then `origin`, as a frozen array of exactly that size. Every statement made in a loop
 * iteration or call keeps one: a spread (`[...outer, origin]`) would leave room for 16 more entries
 * in each, over 8 MB at 100,000 rules.
 */
function withOrigin(outer: readonly Origin[], origin: Origin): Origin[] {
  const origins = new Array<Origin>(outer.length + 1);
  for (let i = 0; i < outer.length; i++) origins[i] = outer[i];
  origins[outer.length] = origin;
  return Object.freeze(origins) as Origin[];
}

// Per-analysis objects: see keepHiddenClassesOf. Frozen origin lists have a hidden class of their own,
// kept by one here. (The shell layer keeps those of the syntax trees the evaluator walks.)
const NO_SCRIPT = new LineIndex('');
keepHiddenClassesOf(
  new ScriptEvaluation(NO_SCRIPT, ''),
  NO_SCRIPT,
  NO_SCRIPT.offsetRange(0, 0),
  new WordArg('', true, NO_SCRIPT, 0, 0),
  withOrigin(NO_ORIGINS, new LoopIteration(NO_SCRIPT.offsetRange(0, 0), '', '')),
  new FunctionCall(NO_SCRIPT.offsetRange(0, 0), []),
);
