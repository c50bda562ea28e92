// One file, one fresh process: runs the bundled engine on it after a warm-up and prints the median
// analysis time and phase timings, the peak RSS of this process, and what the engine made of the file.
// Usage: node --expose-gc engineWorker.mjs ENGINE_BUNDLE FILE LANGUAGE_ID WARMUPS RUNS [BUDGET_MS]
// Past BUDGET_MS of analysing it stops repeating: a slow engine is measured fewer times rather
// than for hours (a warm-up then counts as a run when nothing else was measured).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { median } from './stats.mjs';

const [bundle, file, languageId, warmups, runs, budgetMs = 'Infinity'] = process.argv.slice(2);
const { analyze } = createRequire(import.meta.url)(bundle);
const text = readFileSync(file, 'utf8');

const PHASES = ['frontEnd', 'shellParse', 'evaluate', 'iptablesParse', 'model', 'checks', 'total'];
const samples = Object.fromEntries(PHASES.map((p) => [p, []]));
// Each round analyses the file twice: as the editor and the CLI do (the analysis time and its CPU time),
// then with the phase split timed (`timePhases`, which reads the clock around every step of every
// top-level command: the phase table's numbers, slightly inflated by that).
// CPU time beside wall time: on a machine busy with other work, wall time also counts the waits for
// a core, CPU time does not (it does count the garbage collector's helper threads).
const totalSamples = [];
const cpuSamples = [];
let spentMs = 0;
let outcome;
for (let i = 0; i < Number(warmups) + Number(runs); i++) {
  const { total, cpuMs } = analyseOnce(false);
  const timed = analyseOnce(true);
  spentMs += total + timed.total;
  // What the engine made of the file, from the last run (read before its analysis is let go).
  outcome = timed.outcome;
  const overBudget = spentMs > Number(budgetMs);
  if (i < Number(warmups) && !(overBudget && cpuSamples.length === 0)) continue;
  totalSamples.push(total);
  cpuSamples.push(cpuMs);
  for (const p of PHASES) samples[p].push(timed.timings[p]);
  if (overBudget) break;
}

/**
 * One analysis from a collected heap. It runs in a call of its own and hands back numbers only: an
 * analysis held in a variable of the loop above outlived the collection before the next run now and
 * then (V8 kept it through a stale slot of the loop's optimized frame), and that run then started
 * with a heap ten times the size, which changes V8's next collection limit and the run's time by
 * about 70 ms at 100,000 rules. Every run now starts from the same heap.
 */
function analyseOnce(timePhases) {
  // Collect the previous run's garbage outside the measured region, so runs do not pay for each other.
  globalThis.gc?.();
  const cpuBefore = process.cpuUsage();
  const analysis = analyze(text, { languageId, timePhases });
  const cpu = process.cpuUsage(cpuBefore);
  return { total: analysis.timings.total, cpuMs: (cpu.user + cpu.system) / 1000, timings: analysis.timings, outcome: timePhases ? outcomeOf(analysis) : undefined };
}

function outcomeOf(analysis) {
  let rules = 0;
  for (const table of analysis.ruleset.tables.values()) for (const chain of table.chains.values()) rules += chain.rules.length;
  const findingsByCode = {};
  for (const f of analysis.findings) findingsByCode[f.code] = (findingsByCode[f.code] ?? 0) + 1;
  return {
    statements: analysis.statements.length,
    rules,
    findingsByCode,
    findings: analysis.findings.map((f) => ({ code: f.code, severity: f.severity, line: f.range.start.line })),
  };
}

process.stdout.write(
  JSON.stringify({
    totalMs: median(totalSamples),
    cpuMs: median(cpuSamples),
    phases: Object.fromEntries(PHASES.map((p) => [p, median(samples[p])])),
    runs: cpuSamples.length,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    ...outcome,
  }),
);
