/**
 * iptables-save / iptables-restore files: `*table`, `:CHAIN POLICY [packets:bytes]`, rule lines
 * (`-A …` and the other commands restore accepts), `COMMIT`, `#` comments and blank lines.
 * Rule lines are split into words the way iptables-restore does it (whitespace, double quotes with
 * backslash escapes inside them) and then read by the same parser as command lines.
 */
import { keepHiddenClassesOf } from '../core/hiddenClasses';
import { LineRange, type Range } from '../core/range';
import type { Problem } from '../engine/problem';
import type { ArgWord, SourceLine } from '../eval/invocation';
import { IPT } from './codes';
import { isBuiltinChain, lookupTable, POLICIES } from './grammar';
import { parseArgs } from './parseCommand';
import type { Family, IptCommand, TableName } from './rule';
import { newCommand } from './shapes';
import { closestName } from './suggest';

export interface RestoreResult {
  commands: IptCommand[];
  problems: Problem[];
}

function lineRange(line: SourceLine, start: number, end: number): Range {
  return new LineRange(line.line, line.character + start, line.character + end);
}

/**
 * A word of a restore line that is its own range, as the evaluator's WordArg is: a 100,000-rule file
 * has close to a million words, one object each instead of a word and a range. The parsed command
 * keeps some of them (the chain, `-s` and `-p` values, option arguments) as they are. JSON sees the
 * range (`{start, end}`): to serialise a word, write out its value, known and range.
 */
export class RestoreWord extends LineRange implements ArgWord {
  // Declared and assigned rather than parameter properties: see LineRange.
  declare readonly value: string;
  declare readonly known: boolean;

  constructor(line: number, startCharacter: number, endCharacter: number, value: string, known: boolean) {
    super(line, startCharacter, endCharacter);
    this.value = value;
    this.known = known;
  }

  get range(): Range {
    return this;
  }

  /** A word is never negated (`!` is a word of its own): it can stand as the `Negatable` value of a rule. */
  get negated(): false {
    return false;
  }
}

/** Space, tab, CR, LF: what separates the words of a restore line. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * The words of `text[0, end)` into `words` (emptied first), as iptables-restore splits them
 * (xshared.c add_param_to_argv): blanks separate words, double quotes group, and inside them a
 * backslash takes the next character as it is. Plain words are slices of the line (short ones
 * shared, see sharedSlice); only a word with quotes is assembled. `wordEnds`, when given, receives
 * each word's end column. True when a quote is left open (iptables-restore then takes the rest of
 * the line as the word).
 */
function splitWords(line: SourceLine, end: number, words: ArgWord[], wordEnds: number[] | undefined): boolean {
  const text = line.text;
  // Popping is cheaper than setting the length, which goes through the runtime.
  while (words.length > 0) words.pop();
  if (wordEnds) while (wordEnds.length > 0) wordEnds.pop();
  let i = 0;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (isBlank(c)) {
      i++;
      continue;
    }
    const start = i;
    let hash = 0;
    let dollar = false;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (isBlank(c) || c === 34 /* " */) break;
      if (c === 36 /* $ */) dollar = true;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (i === end || c !== 34) {
      const value = i - start <= SHARED_LENGTH ? sharedSlice(text, start, i, hash) : text.slice(start, i);
      pushWord(line, value, !dollar || !hasShellExpansion(value), start, i, words, wordEnds);
      continue;
    }
    let value = text.slice(start, i);
    let inQuote = false;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (inQuote) {
        if (c === 92 /* \ */) {
          if (i + 1 < end) value += text[++i];
        } else if (c === 34) inQuote = false;
        else value += text[i];
      } else if (c === 34) inQuote = true;
      else if (isBlank(c)) break;
      else value += text[i];
    }
    pushWord(line, value, !hasShellExpansion(value), start, i, words, wordEnds);
    if (inQuote) return true;
  }
  return false;
}

function pushWord(line: SourceLine, value: string, known: boolean, start: number, end: number, words: ArgWord[], wordEnds: number[] | undefined): void {
  words.push(new RestoreWord(line.line, line.character + start, line.character + end, value, known));
  if (wordEnds) wordEnds.push(end);
}

/**
 * Short words repeat on every line of a restore file (`-A`, `INPUT`, `-p`, `tcp`, `-j`, `ACCEPT`):
 * a small table, indexed by a hash of the characters, hands out one string per spelling instead
 * of a new one per line. A slot holds the last word that hashed to it.
 */
const SHARED_LENGTH = 16;
const SHARED_SLOTS = 1024;
const sharedWords: string[] = new Array<string>(SHARED_SLOTS).fill('');
/** The full hash of each slot's word: a word of another hash (most addresses) is told apart without comparing characters. */
const sharedHashes = new Int32Array(SHARED_SLOTS);

function sharedSlice(text: string, start: number, end: number, hash: number): string {
  const slot = hash & (SHARED_SLOTS - 1);
  const shared = sharedWords[slot];
  if (sharedHashes[slot] === hash && shared.length === end - start) {
    let k = 0;
    while (k < shared.length && shared.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    if (k === shared.length) return shared;
  }
  const fresh = text.slice(start, end);
  sharedWords[slot] = fresh;
  sharedHashes[slot] = hash;
  return fresh;
}

/** The words of a rule line, as iptables-restore splits them (xshared.c add_param_to_argv). */
export function splitRestoreLine(line: SourceLine): { words: ArgWord[]; unterminated: boolean } {
  const words: ArgWord[] = [];
  const unterminated = splitWords(line, line.text.length, words, undefined);
  return { words, unterminated };
}

/**
 * The lines of a restore file, made one at a time as they are read: the parser is done with each
 * before it takes the next, so a 100,000-line file never holds 100,000 line objects at once (they die
 * young, which the garbage collector gets nearly for free). Line ends are `\n` and `\r\n`.
 */
export function* restoreFileLines(text: string): Generator<SourceLine> {
  let line = 0;
  for (let start = 0; ; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const stop = newline > start && text.charCodeAt(newline - 1) === 13 /* \r */ ? newline - 1 : end;
    yield { text: text.slice(start, stop), line, character: 0 };
    if (newline < 0) return;
    start = newline + 1;
  }
}

/**
 * The family a restore file is for, when the file says so: ip6tables-save's header comment, or the
 * first -s/-d address of a rule. A file named rules.v6 is ip6tables' too; the caller knows the name.
 */
export function detectRestoreFamily(lines: Iterable<SourceLine>, fileName?: string): Family | undefined {
  const base = fileName?.split('/').pop() ?? '';
  if (/\.v6$|^ip6tables/.test(base)) return 'ipv6';
  if (/\.v4$|^iptables/.test(base)) return 'ipv4';
  for (const { text } of lines) {
    if (text.startsWith('# Generated by ip6tables-save')) return 'ipv6';
    if (text.startsWith('# Generated by iptables-save')) return 'ipv4';
    if (!text.startsWith('-A ') && !text.startsWith('-I ')) continue;
    const m = / (?:-s|-d|--source|--destination) ([0-9A-Fa-f:.]+)/.exec(text);
    if (m) return m[1].includes(':') ? 'ipv6' : 'ipv4';
  }
  return undefined;
}

/**
 * `${LIMIT}`, `$PORT`, `$(cmd)`: a restore file read from a here-document may still carry shell
 * expansions the script cannot resolve. iptables-restore has no variables, so such a word is kept
 * as a value nobody can know rather than judged.
 */
function hasShellExpansion(word: string): boolean {
  for (let i = word.indexOf('$'); i >= 0 && i < word.length - 1; i = word.indexOf('$', i + 1)) {
    const next = word.charCodeAt(i + 1);
    if (next === 123 /* { */ || next === 40 /* ( */ || next === 95 /* _ */ || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return true;
  }
  return false;
}

/** `[123:4567]` counters: two unsigned numbers. */
function isCounters(text: string): boolean {
  return text.charCodeAt(0) === 91 /* [ */ && /^\[\d+:\d+\]$/.test(text);
}

/** The words of the rule line being read, reused from line to line, and their end columns. */
const lineWords: ArgWord[] = [];
const lineWordEnds: number[] = [];

/** `text.trimEnd().length`, without making the trimmed string. */
function trimmedLength(text: string): number {
  let end = text.length;
  for (; end > 0; end--) {
    const c = text.charCodeAt(end - 1);
    if (c >= 128) return text.trimEnd().length;
    if (c !== 32 && (c < 9 || c > 13)) break;
  }
  return end;
}

export function parseRestore(lines: Iterable<SourceLine>, family: Family, options: { noflush: boolean }): RestoreResult {
  const commands: IptCommand[] = [];
  const problems: Problem[] = [];
  let table: TableName | undefined;
  let tableLine: SourceLine | undefined;
  let tableRange: Range | undefined;
  let tableValid = true;
  const report = (code: string, range: Range, message: string) => problems.push({ code, range, message });

  for (const line of lines) {
    const text = line.text;
    // Only a `#` in the first column starts a comment; an indented one is a word iptables-restore refuses.
    if (text.charCodeAt(0) === 35 /* # */) continue;
    let first = 0;
    while (first < text.length && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    if (first === text.length) continue;
    const trimmedEnd = trimmedLength(text);
    const whole = lineRange(line, first, trimmedEnd);
    if (text[first] === '#') {
      report(IPT.restoreSyntax, whole, 'iptables-restore only treats `#` as a comment in the first column: indented, it is "Bad argument `#\'" and the load fails');
      continue;
    }
    const head = text[first];

    if (head === '*') {
      const name = text.slice(first + 1, trimmedEnd).trim();
      if (table !== undefined) {
        report(IPT.restoreSyntax, whole, `\`*${name}\` starts a new table, but the ${table} table above has no COMMIT: iptables-restore fails here and loads nothing of it`);
      }
      const spec = lookupTable(name);
      table = (spec?.name ?? 'filter') as TableName;
      tableLine = line;
      tableRange = whole;
      tableValid = !!spec;
      if (!spec) {
        const suggestion = closestName(name, ['filter', 'nat', 'mangle', 'raw', 'security']);
        report(IPT.unknownTable, whole, `unknown table \`${name}'${suggestion ? `; did you mean ${suggestion}?` : ''}: iptables-restore refuses the file`);
        continue;
      }
      if (!options.noflush) {
        // Loading a table replaces it: every chain is flushed and every user chain deleted.
        commands.push(newCommand('flush', family, spec.name, undefined, whole, whole, undefined, undefined));
        commands.push(newCommand('delete-chain', family, spec.name, undefined, whole, whole, undefined, undefined));
      }
      continue;
    }

    if (text.startsWith('COMMIT', first) && text.slice(first, trimmedEnd).trim() === 'COMMIT') {
      if (table === undefined) report(IPT.restoreSyntax, whole, 'COMMIT without a `*table` line before it');
      table = undefined;
      tableLine = undefined;
      continue;
    }

    if (table === undefined) {
      report(IPT.restoreSyntax, whole, 'this line comes before any `*table` line (or after COMMIT): iptables-restore needs `*filter`, `*nat`… first');
      continue;
    }
    if (!tableValid) continue;

    if (head === ':') {
      const chainLine = parseChainLine(line, first, trimmedEnd, family, table, report, problems);
      if (chainLine) commands.push(chainLine);
      continue;
    }

    // The words go to the parser in one reused array: it keeps the words, never the array.
    const unterminated = splitWords(line, text.length, lineWords, undefined);
    if (unterminated) {
      problems.push({
        code: IPT.restoreSyntax,
        range: whole,
        message: 'unterminated double quote: iptables-restore takes the rest of the line as one word',
        severity: 'warning',
      });
    }
    // Optional `[packets:bytes]` before the rule.
    if (lineWords.length > 0 && isCounters(lineWords[0].value)) lineWords.shift();
    if (lineWords.length === 0) continue;
    const parsed = parseArgs(lineWords, family, whole, table);
    for (const p of parsed.problems) problems.push(p);
    if (parsed.command) commands.push(parsed.command);
  }

  if (table !== undefined && tableLine) {
    report(IPT.restoreSyntax, tableRange!, `the ${table} table is never committed: add COMMIT at the end, or iptables-restore loads none of it`);
  }
  return { commands, problems };
}

/** `:INPUT DROP [0:0]` sets a built-in chain's policy; `:my-chain - [0:0]` creates a user chain. */
function parseChainLine(
  line: SourceLine,
  first: number,
  end: number,
  family: Family,
  table: TableName,
  report: (code: string, range: Range, message: string) => void,
  problems: Problem[],
): IptCommand | undefined {
  const words = lineWords;
  splitWords(line, end, words, lineWordEnds);
  const whole = lineRange(line, first, end);
  const nameWord = words[0];
  const name = nameWord.value.slice(1);
  // The line starts with its first word, `:NAME`: the name is that word after the colon.
  const chainRange = lineRange(line, first + 1, lineWordEnds[0]);
  if (name === '') {
    report(IPT.restoreSyntax, whole, 'a chain line needs a name: `:CHAIN POLICY [0:0]`');
    return undefined;
  }
  const policyWord = words[1];
  if (!policyWord) {
    report(IPT.restoreSyntax, whole, `\`:${name}\` needs a policy (ACCEPT or DROP for built-in chains, - for user chains)`);
    return undefined;
  }
  if (words[2] && !isCounters(words[2].value)) {
    // iptables-restore reads them only with -c (--counters); without it anything here is ignored.
    problems.push({
      code: IPT.restoreSyntax,
      range: words[2].range,
      message: `expected counters like [0:0] after the policy, found \`${words[2].value}': iptables-restore ignores them, but with -c (--counters) it refuses the line ("invalid policy counters")`,
      severity: 'warning',
    });
  }
  const chain = { value: name, range: chainRange, known: true };
  const builtin = isBuiltinChain(table, name);
  if (builtin) {
    // `-` keeps the built-in chain's current policy.
    if (policyWord.value === '-') return undefined;
    if (!POLICIES.includes(policyWord.value)) {
      report(IPT.badPolicy, policyWord.range, `Bad policy name \`${policyWord.value}' for built-in chain ${name}: ACCEPT or DROP`);
      return undefined;
    }
    return newCommand('policy', family, table, undefined, whole, whole, chain, { value: policyWord.value, range: policyWord.range, known: true });
  }
  if (policyWord.value !== '-') {
    problems.push({
      code: IPT.badPolicy,
      range: policyWord.range,
      message: `${name} is not a built-in chain of the ${table} table, so it has no policy (iptables-nft ignores it, iptables-legacy refuses the file): write \`:${name} - [0:0]\``,
      severity: 'warning',
    });
  }
  if (name.length > 28) {
    report(IPT.badChainOrRuleNumber, chainRange, `chain name \`${name}' too long (must be under 29 chars)`);
    return undefined;
  }
  return newCommand('new-chain', family, table, undefined, whole, whole, chain, undefined);
}

// Ranges live as long as their analysis: see keepHiddenClassesOf.
keepHiddenClassesOf(new LineRange(0, 0, 0), new RestoreWord(0, 0, 0, '', true));
