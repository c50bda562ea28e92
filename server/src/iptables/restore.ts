/**
 * iptables-save / iptables-restore files: `*table`, `:CHAIN POLICY [packets:bytes]`, rule lines
 * (`-A …` and the other commands restore accepts), `COMMIT`, `#` comments and blank lines.
 * Rule lines are split into words the way iptables-restore does it (whitespace, double quotes with
 * backslash escapes inside them) and then read by the same parser as command lines.
 */
import type { Range } from '../core/range';
import type { Problem } from '../engine/problem';
import type { ArgWord, SourceLine } from '../eval/invocation';
import { IPT } from './codes';
import { isBuiltinChain, lookupTable, POLICIES } from './grammar';
import { parseArgs } from './parseCommand';
import type { Family, IptCommand, TableName } from './rule';
import { closestName } from './suggest';

export interface RestoreResult {
  commands: IptCommand[];
  problems: Problem[];
}

function lineRange(line: SourceLine, start: number, end: number): Range {
  return { start: { line: line.line, character: line.character + start }, end: { line: line.line, character: line.character + end } };
}

/** The words of a rule line, as iptables-restore splits them (xshared.c add_param_to_argv). */
export function splitRestoreLine(line: SourceLine): { words: ArgWord[]; unterminated: boolean } {
  const text = line.text;
  const words: ArgWord[] = [];
  let value = '';
  let start = -1;
  let inQuote = false;
  let escaped = false;
  let quoted = false;
  const flush = (end: number) => {
    if (start >= 0 && (value.length > 0 || quoted)) words.push({ value, known: true, range: lineRange(line, start, end) });
    value = '';
    start = -1;
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (escaped) {
        value += c;
        escaped = false;
      } else if (c === '\\') escaped = true;
      else if (c === '"') inQuote = false;
      else value += c;
      continue;
    }
    if (c === '"') {
      if (start < 0) start = i;
      inQuote = true;
      quoted = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      flush(i);
      continue;
    }
    if (start < 0) start = i;
    value += c;
  }
  flush(text.length);
  return { words, unterminated: inQuote };
}

/** `[123:4567]` counters: two unsigned numbers. */
function isCounters(text: string): boolean {
  return /^\[\d+:\d+\]$/.test(text);
}

export function parseRestore(lines: SourceLine[], family: Family, options: { noflush: boolean }): RestoreResult {
  const commands: IptCommand[] = [];
  const problems: Problem[] = [];
  let table: TableName | undefined;
  let tableLine: SourceLine | undefined;
  let tableRange: Range | undefined;
  let tableValid = true;
  const report = (code: string, range: Range, message: string) => problems.push({ code, range, message });

  for (const line of lines) {
    const text = line.text;
    let first = 0;
    while (first < text.length && (text[first] === ' ' || text[first] === '\t')) first++;
    if (first === text.length || text[first] === '#') continue;
    const trimmedEnd = text.trimEnd().length;
    const whole = lineRange(line, first, trimmedEnd);
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
        commands.push({ op: 'flush', family, table: spec.name, opRange: whole, range: whole });
        commands.push({ op: 'delete-chain', family, table: spec.name, opRange: whole, range: whole });
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
      const chainLine = parseChainLine(line, first, trimmedEnd, family, table, report);
      if (chainLine) commands.push(...chainLine);
      continue;
    }

    const { words, unterminated } = splitRestoreLine(line);
    if (unterminated) {
      report(IPT.restoreSyntax, whole, 'unterminated double quote: iptables-restore fails on this line');
      continue;
    }
    // Optional `[packets:bytes]` before the rule.
    const args = words.length > 0 && isCounters(words[0].value) ? words.slice(1) : words;
    if (args.length === 0) continue;
    const parsed = parseArgs(args, family, whole, table);
    problems.push(...parsed.problems);
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
): IptCommand[] | undefined {
  const { words } = splitRestoreLine({ text: line.text.slice(0, end), line: line.line, character: line.character });
  const whole = lineRange(line, first, end);
  const nameWord = words[0];
  const name = nameWord.value.slice(1);
  const chainRange: Range = { start: { line: line.line, character: nameWord.range.start.character + 1 }, end: nameWord.range.end };
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
    report(IPT.restoreSyntax, words[2].range, `expected counters like [0:0] after the policy, found \`${words[2].value}'`);
    return undefined;
  }
  const chain = { value: name, range: chainRange, known: true };
  const builtin = isBuiltinChain(table, name);
  if (builtin) {
    if (!POLICIES.includes(policyWord.value)) {
      report(IPT.badPolicy, policyWord.range, `Bad policy name \`${policyWord.value}' for built-in chain ${name}: ACCEPT or DROP`);
      return undefined;
    }
    return [
      {
        op: 'policy',
        family,
        table,
        opRange: whole,
        chain,
        policy: { value: policyWord.value, range: policyWord.range, known: true },
        range: whole,
      },
    ];
  }
  if (policyWord.value !== '-') {
    report(IPT.badPolicy, policyWord.range, `${name} is not a built-in chain of the ${table} table, so it has no policy: write \`:${name} - [0:0]\``);
  }
  if (name.length > 28) {
    report(IPT.badChainOrRuleNumber, chainRange, `chain name \`${name}' too long (must be under 29 chars)`);
    return undefined;
  }
  return [{ op: 'new-chain', family, table, opRange: whole, chain, range: whole }];
}
