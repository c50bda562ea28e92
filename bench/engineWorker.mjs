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
/** The heap with the engine loaded and nothing analysed: what each run should start from. */
const baseHeap = heapAfterCollection();
/** Measured runs that started with the previous analysis still in the heap anyway (see collect). */
let heldStarts = 0;
for (let i = 0; i < Number(warmups) + Number(runs); i++) {
  const { total, cpuMs, held } = await analyseOnce(false);
  const timed = await analyseOnce(true);
  spentMs += total + timed.total;
  // What the engine made of the file, from the last run (read before its analysis is let go).
  outcome = timed.outcome;
  const overBudget = spentMs > Number(budgetMs);
  if (i < Number(warmups) && !(overBudget && cpuSamples.length === 0)) continue;
  totalSamples.push(total);
  cpuSamples.push(cpuMs);
  if (held) heldStarts++;
  for (const p of PHASES) samples[p].push(timed.timings[p]);
  if (overBudget) break;
}

/**
 * One analysis from a collected heap. It runs in a call of its own and hands back numbers only, so
 * that nothing here keeps the analysis; and it starts only once the previous one is really gone (see
 * collect). A run that starts with the previous analysis (~120 MB at 100,000 rules) still in the heap
 * skips the one full collection that a run from a small heap pays, as V8 sets its next limit from the
 * heap it leaves: ~70 ms at 100,000 rules. Every run now starts from the same heap.
 */
async function analyseOnce(timePhases) {
  // Collect the previous run's garbage outside the measured region, so runs do not pay for each other.
  const held = await collect();
  const cpuBefore = process.cpuUsage();
  const analysis = analyze(text, { languageId, timePhases });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    total: analysis.timings.total,
    cpuMs: (cpu.user + cpu.system) / 1000,
    timings: analysis.timings,
    held,
    outcome: timePhases ? outcomeOf(analysis) : undefined,
  };
}

/**
 * Collects until the heap is back to what it was before any analysis. V8 optimizes functions on a
 * helper thread; a compile job still pending when an analysis ends holds the function it compiles,
 * and through a closure's context (the analysis' shared facts) the whole analysis, until the job is
 * installed: a plain gc() then leaves it all in the heap. Waiting a moment lets the job finish.
 * True when it never went (after half a second): that run is counted in `heldStarts`.
 */
async function collect() {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (heapAfterCollection() <= baseHeap * 1.25 + 4e6) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

function heapAfterCollection() {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
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
    heldStarts,
    ...outcome,
  }),
);
