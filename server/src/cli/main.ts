import { statSync } from 'node:fs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { nodeIO, runCli } from './run';

/**
 * Big inputs are analysed in a worker thread with a small young generation. Nearly everything the
 * engine makes for a big script lives until the end of the analysis (rules, ranges, values), so a
 * large young generation buys nothing: it only holds more memory and copies the same survivors.
 * Measured on a 100,000-rule script: peak RSS 259-268 MB → ~240 MB, and the analysis ~10% faster.
 * Small inputs, the common case, run inline: a worker's start-up would be most of their time.
 */
const BIG_INPUT_BYTES = 2_000_000;
const YOUNG_GENERATION_MB = 6;

if (isMainThread) {
  const argv = process.argv.slice(2);
  if (inputBytes(argv) >= BIG_INPUT_BYTES) {
    const worker = new Worker(__filename, { argv, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    worker.on('message', (code: number) => {
      process.exitCode = code;
    });
    worker.on('error', (err) => {
      process.stderr.write(`iptables-lint: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    });
  } else {
    process.exitCode = runCli(argv, nodeIO);
  }
} else {
  parentPort!.postMessage(runCli(process.argv.slice(2), nodeIO));
}

/** The size of the files named on the command line (words that are not files count nothing). */
function inputBytes(argv: string[]): number {
  let total = 0;
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    try {
      total += statSync(arg).size;
    } catch {
      // An option's value, or a file runCli will report as unreadable.
    }
  }
  return total;
}
