import { performance } from 'node:perf_hooks';
import type { Finding } from '../core/finding';
import { parseShell } from '../shell/parser';
import { evaluateScript } from '../eval/evaluate';
import type { Invocation } from '../eval/invocation';
import { parseInvocation } from '../iptables/parseCommand';
import { detectRestoreFamily, parseRestore } from '../iptables/restore';
import { buildRuleset } from '../model/build';
import type { Statement } from '../model/statement';
import { allChecks } from '../checks/registry';
import { toFinding, type Check } from '../checks/check';
import type { Analysis, LanguageId } from './analysis';
import type { Problem } from './problem';
import { applySuppressions } from './suppressions';

export interface AnalyzeOptions {
  languageId: LanguageId;
  /** The file's name or path (or URI path), when known: `rules.v6` is an IPv6 restore file. */
  fileName?: string;
  /** Checked between phases; a cancelled analysis returns undefined. */
  isCancelled?: () => boolean;
}

/**
 * The engine, end to end: shell text → commands → iptables rules → ruleset state → findings.
 * Never throws on any input: a failure inside one check becomes a finding, not a crash.
 */
export function analyze(text: string, options: AnalyzeOptions): Analysis | undefined {
  const t0 = performance.now();
  const problems: Problem[] = [];
  let invocations: Invocation[] = [];
  const statements: Statement[] = [];

  let t1 = t0;
  let t2 = t0;
  if (options.languageId === 'shellscript') {
    const parsed = parseShell(text);
    problems.push(...parsed.problems);
    t1 = performance.now();
    if (options.isCancelled?.()) return undefined;
    const evaluated = evaluateScript(parsed.script, text);
    invocations = evaluated.invocations;
    problems.push(...evaluated.problems);
    t2 = performance.now();
    if (options.isCancelled?.()) return undefined;
  }

  const pushStatement = (command: Statement['command'], invocation: Invocation | undefined) => {
    statements.push({
      command,
      invocation,
      conditional: invocation?.conditional ?? false,
      origins: invocation?.origins ?? [],
      index: statements.length,
    });
  };
  if (options.languageId === 'iptables') {
    const lines = text.split(/\r?\n/).map((line, i) => ({ text: line, line: i, character: 0 }));
    const family = detectRestoreFamily(lines, options.fileName) ?? 'ipv4';
    const restored = parseRestore(lines, family, { noflush: false });
    problems.push(...restored.problems);
    for (const command of restored.commands) pushStatement(command, undefined);
  } else {
    for (const invocation of invocations) {
      if (invocation.restoreInput) {
        const family = invocation.program === 'ip6tables-restore' ? 'ipv6' : 'ipv4';
        const restored = parseRestore(invocation.restoreInput, family, { noflush: invocation.noflush ?? false });
        problems.push(...restored.problems);
        for (const command of restored.commands) pushStatement(command, invocation);
      } else if (invocation.program === 'iptables' || invocation.program === 'ip6tables') {
        const parsed = parseInvocation(invocation);
        problems.push(...parsed.problems);
        if (parsed.command) pushStatement(parsed.command, invocation);
      }
    }
  }
  const t3 = performance.now();
  if (options.isCancelled?.()) return undefined;

  const built = buildRuleset(statements);
  problems.push(...built.problems);
  const t4 = performance.now();
  if (options.isCancelled?.()) return undefined;

  const analysis: Analysis = {
    text,
    languageId: options.languageId,
    invocations,
    statements,
    problems,
    ruleset: built.ruleset,
    findings: [],
    timings: { shellParse: t1 - t0, evaluate: t2 - t1, iptablesParse: t3 - t2, model: t4 - t3, checks: 0, total: 0 },
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
