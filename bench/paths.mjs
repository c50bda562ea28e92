// Where the benchmark keeps what it generates: a fresh folder per run outside the source tree, so
// nothing large is ever committed and runs started at the same time (npm test's tiny run beside a
// full run) never read each other's engine bundle or files.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(REPO, 'server', 'out', 'cli.js');
export const SERVER = join(REPO, 'server', 'out', 'server.js');

export function makeWorkDir() {
  return mkdtempSync(join(tmpdir(), 'iptables-lint-bench-'));
}
