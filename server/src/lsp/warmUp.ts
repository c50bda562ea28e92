import { allChecks } from '../checks/registry';
import { analyze } from '../engine/analyze';
import { warmUpRestore, warmUpShellScript } from './warmUpCorpus';

/**
 * Host groups per corpus script (about 150 rules, 120 in the restore file): small enough that one step costs a few
 * milliseconds, so a document that arrives mid-warm-up waits at most that long.
 */
const GROUPS_PER_STEP = 8;
/**
 * Rounds over the corpus. V8 optimises a function once it has run hot, whatever the size of the
 * input that made it hot: twelve rounds in each language (~3,000 rules in all) leave
 * the first 1,000-rule document within a few milliseconds of a warm analysis.
 */
const CORPUS_ROUNDS = 12;

/**
 * What warming the engine up does, one step at a time: every check's documented example (every code
 * path compiled once), then a realistic firewall, as a script and as a restore file, over and over
 * (the hot loops optimised and the heap grown to the size real documents need). Measured at 1,000
 * rules: a first analysis 3-5× slower than a warm one after the examples alone, within ~1.5× after this.
 */
export function warmUpSteps(): (() => void)[] {
  const steps: (() => void)[] = [];
  for (const check of allChecks) {
    steps.push(() => {
      analyze(check.docs.example, { languageId: check.docs.exampleLanguage });
      analyze(check.docs.useInstead, { languageId: check.docs.exampleLanguage });
    });
  }
  const script = warmUpShellScript(GROUPS_PER_STEP);
  const restore = warmUpRestore(GROUPS_PER_STEP);
  for (let round = 0; round < CORPUS_ROUNDS; round++) {
    steps.push(() => analyze(script, { languageId: 'shellscript' }));
    steps.push(() => analyze(restore, { languageId: 'iptables', fileName: 'rules.v4' }));
  }
  return steps;
}

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
      // The engine never throws on its own examples (test/checks/docs.test.ts); warming up must not fail the server either.
    }
    setImmediate(step);
  };
  setImmediate(step);
}
