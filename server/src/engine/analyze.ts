import { performance } from 'node:perf_hooks';
import type { Finding } from '../core/finding';
import { readShell } from '../shell/parser';
import { ScriptEvaluation } from '../eval/evaluate';
import { NO_ORIGINS, type Invocation } from '../eval/invocation';
import { parseInvocation } from '../iptables/parseCommand';
import { detectRestoreFamily, parseRestore, restoreFileLines } from '../iptables/restore';
import { buildRuleset } from '../model/build';
import type { Statement } from '../model/statement';
import { allChecks } from '../checks/registry';
import { toFinding, type Check } from '../checks/check';
import type { Analysis, LanguageId } from './analysis';
import type { Problem } from './problem';
import { applySuppressions } from './suppressions';
import { SAMPLE_RESTORE, SAMPLE_SCRIPT } from './hiddenClassSample';
import { keepHiddenClassesOf } from '../core/hiddenClasses';

export interface AnalyzeOptions {
  languageId: LanguageId;
  /** The file's name or path (or URI path), when known: `rules.v6` is an IPv6 restore file. */
  fileName?: string;
  /** Checked between phases; a cancelled analysis returns undefined. */
  isCancelled?: () => boolean;
  /**
   * Time the shell parse, evaluation and iptables parse of a script separately (the benchmark's phase
   * table). Off for the editor and the CLI: it reads the clock three times per top-level command,
   * ~36,000 times (~1.5 ms) for a 10,000-rule script, and they only need the whole.
   */
  timePhases?: boolean;
}

/**
 * The engine, end to end: shell text → commands → iptables rules → ruleset state → findings.
 * Never throws on any input: a failure inside one check becomes a finding, not a crash.
 */
export function analyze(text: string, options: AnalyzeOptions): Analysis | undefined {
  const t0 = performance.now();
  const problems: Problem[] = [];
  const statements: Statement[] = [];
  // Every field from the start, timed or not: one layout (see hiddenClassSample).
  const timings: Analysis['timings'] = {
    frontEnd: 0,
    shellParse: undefined,
    evaluate: undefined,
    iptablesParse: undefined,
    model: 0,
    checks: 0,
    total: 0,
  };

  // An iptables command keeps only its program's range of the invocation (its own range is the
  // command's): at 100,000 rules the invocations would be 8 MB more to keep and for the GC to copy.
  const pushStatement = (command: Statement['command'], invocation: Invocation | undefined) => {
    const fromRestoreInput = invocation !== undefined && invocation.restoreInput !== undefined;
    statements.push({
      command,
      invocation: fromRestoreInput ? invocation : undefined,
      programRange: invocation !== undefined && !fromRestoreInput ? invocation.programRange : undefined,
      conditional: invocation?.conditional ?? false,
      origins: invocation?.origins ?? NO_ORIGINS,
      index: statements.length,
    });
  };
  const parseInvocations = (invocations: Invocation[]) => {
    for (const invocation of invocations) {
      if (invocation.restoreInput) {
        const family = invocation.program === 'ip6tables-restore' ? 'ipv6' : 'ipv4';
        const restored = parseRestore(invocation.restoreInput, family, { noflush: invocation.noflush ?? false });
        pushAll(problems, restored.problems);
        for (const command of restored.commands) pushStatement(command, invocation);
      } else if (invocation.program === 'iptables' || invocation.program === 'ip6tables') {
        const parsed = parseInvocation(invocation);
        pushAll(problems, parsed.problems);
        if (parsed.command) pushStatement(parsed.command, invocation);
      }
      // The parsed command holds every word it needs: the argument list would only keep the rest alive.
      invocation.args = NO_ARGS;
    }
  };

  if (options.languageId === 'shellscript') {
    // One top-level command at a time, through every step up to the parsed iptables command: each
    // command's syntax tree and words die young, which the garbage collector gets nearly for free,
    // instead of the whole tree of a big script being copied and marked while the rest is read.
    const reader = readShell(text);
    const evaluation = new ScriptEvaluation(reader.lines, text);
    // Untimed, the clock reads 0 and the split stays 0 at no cost.
    const timed = options.timePhases === true;
    const clock = timed ? readClock : readNoClock;
    let shellParse = 0;
    let evaluate = 0;
    let iptablesParse = 0;
    let running = true;
    let commands = 0;
    let at = timed ? t0 : 0;
    for (;;) {
      const command = reader.next();
      const parsedAt = clock();
      shellParse += parsedAt - at;
      if (command === undefined) break;
      // After `exit` the rest is still read, for its syntax problems, but never runs.
      if (running) running = evaluation.run(command);
      const evaluatedAt = clock();
      evaluate += evaluatedAt - parsedAt;
      parseInvocations(evaluation.takeInvocations());
      at = clock();
      iptablesParse += at - evaluatedAt;
      // Every 512 top-level commands (a here-document or a loop may add many statements at once).
      if (options.isCancelled !== undefined && (++commands & 511) === 0 && options.isCancelled()) return undefined;
    }
    if (timed) {
      timings.shellParse = shellParse;
      timings.evaluate = evaluate;
      timings.iptablesParse = iptablesParse;
    }
    pushAll(problems, reader.problems);
    pushAll(problems, evaluation.finish());
  } else {
    const family = detectRestoreFamily(restoreFileLines(text), options.fileName) ?? 'ipv4';
    const restored = parseRestore(restoreFileLines(text), family, { noflush: false });
    pushAll(problems, restored.problems);
    for (const command of restored.commands) pushStatement(command, undefined);
  }
  const t3 = performance.now();
  timings.frontEnd = t3 - t0;
  if (options.languageId !== 'shellscript') {
    timings.shellParse = 0;
    timings.evaluate = 0;
    timings.iptablesParse = timings.frontEnd;
  }
  if (options.isCancelled?.()) return undefined;

  const built = buildRuleset(statements);
  pushAll(problems, built.problems);
  const t4 = performance.now();
  if (options.isCancelled?.()) return undefined;

  timings.model = t4 - t3;
  const analysis: Analysis = {
    text,
    languageId: options.languageId,
    statements,
    problems,
    ruleset: built.ruleset,
    findings: [],
    timings,
  };
  const findings: Finding[] = [];
  for (const check of allChecks) {
    runCheck(check, analysis, findings);
  }
  // In document order, as a person reads them (the sort is stable: same place, check order).
  analysis.findings = applySuppressions(text, findings).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const t5 = performance.now();
  analysis.timings.checks = t5 - t4;
  analysis.timings.total = t5 - t0;
  return analysis;
}

function runCheck(check: Check, analysis: Analysis, out: Finding[]): void {
  try {
    check.run({ analysis, report: (input) => out.push(toFinding(check, input)) });
  } catch (err) {
    // A bug in one check must not take the others (or the server) down; say so where the user can see it.
    out.push({
      code: 'IPT000',
      severity: 'error',
      message: `internal error in check ${check.code}: ${err instanceof Error ? err.message : String(err)}. Please report this with the script.`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      related: [],
      fixes: [],
    });
  }
}

const readClock = (): number => performance.now();
const readNoClock = (): number => 0;

/** What a parsed invocation keeps of its arguments (see `parseInvocations`). */
const NO_ARGS: Invocation['args'] = Object.freeze([]) as unknown as Invocation['args'];

/** `target.push(...items)` without spreading: a big script's problem list would overflow the call stack. */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
}

// Per-analysis objects: see keepHiddenClassesOf and hiddenClassSample.
keepHiddenClassesOf(analyze(SAMPLE_SCRIPT, { languageId: 'shellscript' })!, analyze(SAMPLE_RESTORE, { languageId: 'iptables' })!);
