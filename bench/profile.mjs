// Where the engine spends its time on one generated file: runs the engine worker under
// `node --cpu-prof` and prints the functions with the most self time, mapped back to their
// TypeScript source through the bundle's source map.
//
//   node bench/profile.mjs blocklist 100000 [RUNS]   (a generated kind and size; RUNS after 2 warm-ups, default 5)
//   node bench/profile.mjs path/to/firewall.sh [RUNS] (any file; its language is detected as the CLI does)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { SourceMap, createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { bundleEngine } from './engineBundle.mjs';
import { GENERATORS } from './generate.mjs';
import { REPO, makeWorkDir } from './paths.mjs';

const TOP = 25;

const [what, ...rest] = process.argv.slice(2);
const rulesArg = GENERATORS[what] ? rest.shift() : undefined;
const runs = Number(rest[0] ?? 5);
if (!what) {
  process.stderr.write('usage: node bench/profile.mjs KIND RULES | FILE\n');
  process.exit(2);
}
const dir = makeWorkDir();
const bundle = await bundleEngine(dir);
let file = what;
let languageId;
if (GENERATORS[what]) {
  const generated = GENERATORS[what].generate(Number(rulesArg ?? 100000));
  file = join(dir, `${what}-${generated.rules}.${GENERATORS[what].extension}`);
  writeFileSync(file, generated.text);
  languageId = generated.languageId;
} else {
  languageId = createRequire(import.meta.url)(bundle).detectLanguage(file, readFileSync(file, 'utf8'));
}

const profileDir = mkdtempSync(join(dir, 'profile-'));
const run = spawnSync(
  process.execPath,
  ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${profileDir}`, join(REPO, 'bench', 'engineWorker.mjs'), bundle, file, languageId, '2', String(runs)],
  { encoding: 'utf8', maxBuffer: 1 << 28 },
);
if (run.status !== 0) throw new Error(`engine worker failed: ${run.stderr}`);
const { phases } = JSON.parse(run.stdout);
const profilePath = join(profileDir, readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')));
const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
const sourceMap = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));

// Self time per node = its samples × the sampling interval; summed per function and source line.
const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
const hits = new Map();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const byPlace = new Map();
for (const node of profile.nodes) {
  const count = hits.get(node.id);
  if (!count) continue;
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  let place = url ? url.replace(/^file:\/\//, '') : `(${functionName || 'native'})`;
  if (url.endsWith('engine.cjs')) {
    const entry = sourceMap.findEntry(lineNumber, columnNumber);
    if (entry.originalSource) place = `${relative(REPO, entry.originalSource.replace(/^file:\/\//, join(dir, '/')))}:${entry.originalLine + 1}`;
  } else if (url) {
    place = `${relative(REPO, place)}:${lineNumber + 1}`;
  }
  const key = `${functionName || '(anonymous)'}  ${place}`;
  byPlace.set(key, (byPlace.get(key) ?? 0) + count * interval);
}
const total = [...byPlace.values()].reduce((a, b) => a + b, 0);
process.stdout.write(`${file}\nphases (median of ${runs}): ${Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join(', ')}\n`);
process.stdout.write(`self time over ${(total / 1000).toFixed(2)} s of profile (2 warm-ups + ${runs} runs, with loading the bundle):\n`);
for (const [key, ms] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}\n`);
}
process.stdout.write(`profile: ${profilePath} (open in Chrome DevTools or VS Code)\n`);
