// Bundles the engine exactly as scripts/build.mjs bundles it into the server and the CLI (esbuild,
// same target and format), so the benchmark measures the code the product ships, not tsx's output.
import { build } from 'esbuild';
import { join } from 'node:path';
import { REPO } from './paths.mjs';

/** Writes `engine.cjs` (and its source map) into `dir`; returns its path. */
export async function bundleEngine(dir) {
  const outfile = join(dir, 'engine.cjs');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    entryPoints: [join(REPO, 'bench', 'engineEntry.ts')],
    outfile,
  });
  return outfile;
}
