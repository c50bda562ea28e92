// tree-sitter-bash's parse time alone (what bash-language-server does first on every open and
// edit), through web-tree-sitter as it ships, in its own process like the engine.
// Usage: node --expose-gc treeSitterWorker.mjs FILE WARMUPS RUNS
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Language, Parser } from 'web-tree-sitter';
import { median } from './stats.mjs';

const [file, warmups, runs] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
await Parser.init();
const bash = await Language.load(createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
const parser = new Parser();
parser.setLanguage(bash);

const samples = [];
let errors = false;
for (let i = 0; i < Number(warmups) + Number(runs); i++) {
  globalThis.gc?.();
  const start = performance.now();
  const tree = parser.parse(text);
  const elapsed = performance.now() - start;
  errors = tree.rootNode.hasError;
  tree.delete();
  if (i >= Number(warmups)) samples.push(elapsed);
}
process.stdout.write(JSON.stringify({ parseMs: median(samples), hasError: errors, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
