import { performance } from 'node:perf_hooks';
import { allChecks } from '../checks/registry';
import { analyze } from '../engine/analyze';
import { warmUpRestore, warmUpShellScript } from './warmUpCorpus';

/**
 * Run the engine once over every check's documented example and its corrected form: every code path
 * gets compiled (V8 compiles a function on its first call). About 25 ms; the server does it before
 * answering `initialize`, when the editor sends nothing anyway.
 */
export function compileEngine(): void {
  for (const check of allChecks) {
    try {
      analyze(check.docs.example, { languageId: check.docs.exampleLanguage });
      analyze(check.docs.useInstead, { languageId: check.docs.exampleLanguage });
    } catch {
      // The engine never throws on its own examples (test/checks/docs.test.ts); warming up must not fail the server either.
    }
  }
}

/**
 * How long the server waits after `initialized` before warming up: editors open the documents they
 * show right after it (VS Code in the same breath), and such a document must not wait for even one step.
 */
export const WARM_UP_DELAY_MS = 20;

/**
 * Rules the background warm-up analyses in all. Compiled is not optimised: V8 optimises what has run
 * hot, and the examples are a few lines each. Realistic firewalls analysed over and over make the hot
 * loops of every phase optimised and grow the heap to the size real documents need: after ~4,000
 * rules (~120 ms of CPU), a fresh server's first 1,000-rule document costs within ~1.5× of a warm
 * analysis (main-thread CPU 10-20 ms where the examples alone leave 20-45 ms).
 */
const WARM_UP_RULES = 4000;
/**
 * What one step may cost. A document that arrives during a step waits for its end (the step is one
 * synchronous analysis), so steps stay this short: they start at the smallest corpus, while the engine
 * is cold and slow, and grow as it speeds up.
 */
const STEP_MS = 4;
const MAX_GROUPS = 40;

/** One step of the warm-up: analyses the corpus at a size (host groups) and says how many rules that was. */
export type WarmUpStep = (groups: number) => number;

const corpusBySize = new Map<number, { script: string; restore: string }>();

/** The default step: the gateway script and its iptables-save twin (warmUpCorpus.ts), built once per size. */
export function analyzeCorpus(groups: number): number {
  let corpus = corpusBySize.get(groups);
  if (!corpus) {
    corpus = { script: warmUpShellScript(groups), restore: warmUpRestore(groups) };
    corpusBySize.set(groups, corpus);
  }
  const script = analyze(corpus.script, { languageId: 'shellscript' });
  const restore = analyze(corpus.restore, { languageId: 'iptables', fileName: 'rules.v4' });
  return (script?.statements.length ?? 0) + (restore?.statements.length ?? 0);
}

/** The size of the next step after one of `groups` took `tookMs`: double while quick, halve when slow. */
export function nextStepSize(groups: number, tookMs: number): number {
  if (tookMs < STEP_MS / 2) return Math.min(MAX_GROUPS, groups * 2);
  if (tookMs > STEP_MS) return Math.max(1, groups >> 1);
  return groups;
}

/**
 * Warm the engine up while the server has nothing else to do, one step per turn of the event loop so
 * that messages are read in between; stop for good as soon as `idle()` says there is real work (a
 * document opened: its own analysis warms the engine just as well, and must not queue behind ours).
 * Steps are sized to last about STEP_MS, so the first document never waits longer than that, on a
 * busy machine too; a client that opens it a moment after starting the server meets a warm engine.
 */
export function startWarmUp(idle: () => boolean, step: WarmUpStep = analyzeCorpus, onDone?: () => void, totalRules = WARM_UP_RULES): void {
  let groups = 1;
  let analysed = 0;
  const next = (): void => {
    if (analysed >= totalRules || !idle()) {
      corpusBySize.clear();
      onDone?.();
      return;
    }
    const started = performance.now();
    try {
      // A step that analyses nothing would never end the warm-up: count it as the whole budget.
      analysed += step(groups) || totalRules;
    } catch {
      // analyze() never throws; should a step ever do, warming up ends, the server goes on.
      analysed = totalRules;
    }
    groups = nextStepSize(groups, performance.now() - started);
    setImmediate(next);
  };
  setImmediate(next);
}
