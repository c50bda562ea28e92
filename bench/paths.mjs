// Where the benchmark keeps what it generates: outside the source tree, so nothing large is ever committed.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WORK_DIR = join(tmpdir(), 'iptables-lint-bench');
export const ENGINE_BUNDLE = join(WORK_DIR, 'engine.cjs');
export const CLI = join(REPO, 'server', 'out', 'cli.js');
export const SERVER = join(REPO, 'server', 'out', 'server.js');

export function ensureWorkDir() {
  mkdirSync(WORK_DIR, { recursive: true });
  return WORK_DIR;
}
