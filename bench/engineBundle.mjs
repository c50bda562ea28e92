// Bundles the engine exactly as scripts/build.mjs bundles it into the server and the CLI (the same
// esbuild options, from one module), so the benchmark measures the code the product ships, not tsx's output.
import { build } from 'esbuild';
import { join } from 'node:path';
import { bundleOptions } from '../scripts/bundleOptions.mjs';
import { REPO } from './paths.mjs';

/** Writes `engine.cjs` (and its source map) into `dir`; returns its path. */
export async function bundleEngine(dir) {
  const outfile = join(dir, 'engine.cjs');
  await build({
    ...bundleOptions,
    entryPoints: [join(REPO, 'bench', 'engineEntry.ts')],
    outfile,
  });
  return outfile;
}
