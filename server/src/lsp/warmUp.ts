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
 * The corpus the background warm-up analyses, as (host groups, rounds). Compiled is not optimised:
 * V8 optimises what has run hot, and the examples are a few lines each. Realistic firewalls, as a
 * script and as a restore file, over and over, make the hot loops of every phase optimised and grow
 * the heap to the size real documents need. Steps grow as the engine warms, so a document that arrives
 * meanwhile waits a few milliseconds at most: ~45 rules, then ~150, then ~600 (long chains and many
 * user chains, as in a real 1,000-rule document). About 100 ms of CPU in all; after it, the first
 * 1,000-rule document costs within ~1.5× of a warm analysis (main-thread CPU 8-14 ms, against
 * 21-48 ms after the examples alone).
 */
const CORPUS_ROUNDS: readonly { groups: number; rounds: number }[] = [
  { groups: 2, rounds: 2 },
  { groups: 8, rounds: 4 },
  { groups: 40, rounds: 2 },
];

export function warmUpSteps(): (() => void)[] {
  const steps: (() => void)[] = [];
  for (const { groups, rounds } of CORPUS_ROUNDS) {
    const script = warmUpShellScript(groups);
    const restore = warmUpRestore(groups);
    for (let round = 0; round < rounds; round++) {
      steps.push(() => analyze(script, { languageId: 'shellscript' }));
      steps.push(() => analyze(restore, { languageId: 'iptables', fileName: 'rules.v4' }));
    }
  }
  return steps;
}

/**
 * How long the server waits after `initialized` before warming up: editors open the documents they
 * show right after it (VS Code in the same breath), and such a document must not wait for even one step.
 */
export const WARM_UP_DELAY_MS = 20;

/**
 * Warm the engine up while the server has nothing else to do, one step per turn of the event loop so
 * that messages are read in between; stop for good as soon as `idle()` says there is real work (a
 * document opened: its own analysis warms the engine just as well, and must not queue behind ours).
 * The first document therefore never waits for more than one step, and a client that opens it a
 * moment after starting the server (as editors restoring a session do) meets a warm engine.
 */
export function startWarmUp(idle: () => boolean, steps: (() => void)[] = warmUpSteps(), onDone?: () => void): void {
  let next = 0;
  const step = (): void => {
    if (next >= steps.length || !idle()) {
      onDone?.();
      return;
    }
    try {
      steps[next++]();
    } catch {
      // analyze() never throws; should a step ever do, warming up must not fail the server.
    }
    setImmediate(step);
  };
  setImmediate(step);
}
