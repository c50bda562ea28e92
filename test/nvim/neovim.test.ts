import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const SERVER_JS = join(REPO, 'server', 'out', 'server.js');
const FIXTURE = join(__dirname, 'fixtures', 'mailrelay.sh');
const NVIM = process.env.NVIM_BIN ?? '/usr/bin/nvim';

interface NvimReport {
  filetype: string;
  started: boolean;
  diagnostics_arrived: boolean;
  diagnostics: Array<{ lnum: number; col: number; severity: number; message: string; source: string; code?: string }>;
  hover?: string;
  errors: string[];
}

/** Runs Neovim headless with test/nvim/init.lua; resolves with what it wrote, rejects after `limitMs`. */
function runNeovim(env: Record<string, string>, limitMs: number): Promise<NvimReport> {
  const dir = mkdtempSync(join(tmpdir(), 'iptables-lint-nvim-'));
  const resultFile = join(dir, 'result.json');
  return new Promise<NvimReport>((resolve, reject) => {
    const child = spawn(NVIM, ['--headless', '--clean', '-u', join(__dirname, 'init.lua')], {
      env: { ...process.env, ...env, RESULT_FILE: resultFile, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CACHE_HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      reject(new Error(`cannot run ${NVIM}: ${err.message} (install Debian's neovim)`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as NvimReport);
      } catch {
        reject(new Error(`nvim wrote no result (exit ${code}, signal ${signal}):\n${output}`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('Neovim (built-in LSP client) against iptables-language-server --stdio', function () {
  this.timeout(60_000);
  let report: NvimReport;
  const lines = readFileSync(FIXTURE, 'utf8').split('\n');
  const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const submission = lineOf('--dport 587');

  before(async () => {
    report = await runNeovim(
      {
        SERVER_JS,
        NODE_BIN: process.execPath,
        FIXTURE,
        HOVER_LINE: String(submission),
        HOVER_CHARACTER: String(lines[submission].indexOf('587') + 1),
        WAIT_MS: '20000',
      },
      50_000,
    );
  });

  it('starts the server for a shell script', () => {
    assert.deepEqual(report.errors, []);
    assert.equal(report.filetype, 'sh');
    assert.equal(report.started, true);
  });

  it('shows the server diagnostics, coded and sourced, on each accepted service whose replies cannot leave', () => {
    assert.equal(report.diagnostics_arrived, true, 'no publishDiagnostics within the wait');
    for (const d of report.diagnostics) {
      assert.equal(d.source, 'iptables');
      assert.match(String(d.code), /^IPT\d{3}$/);
    }
    const replyProblems = report.diagnostics.filter((d) => d.code === 'IPT201').map((d) => d.lnum);
    assert.deepEqual(replyProblems.sort((a, b) => a - b), [lineOf('--dport 25 -j'), submission, lineOf('--dport 22')]);
    const smtp = report.diagnostics.find((d) => d.lnum === submission)!;
    assert.equal(smtp.severity, 1, 'an error in Neovim terms');
    assert.match(smtp.message, /OUTPUT/);
  });

  it('answers a hover on a rule with its direction and where its replies go', () => {
    assert.ok(report.hover, 'no hover answer');
    assert.match(report.hover, /ingress/);
    assert.match(report.hover, /Replies/);
    assert.match(report.hover, /policy DROP/);
  });
});
