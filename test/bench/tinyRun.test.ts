import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

interface Row {
  kind: string;
  languageId: string;
  size: number;
  expectedRules: number;
  errors: Record<string, string>;
  verification: string[];
  engine?: { rules: number; statements: number; phases: Record<string, number>; maxRssMB: number; findingsByCode: Record<string, number> };
  cli?: { wallMs: number };
  lsp?: { openMs: number; changeP50: number; changeP95: number; openDiagnostics: number; changeDiagnostics: number };
  shellcheck?: { wallMs: number };
  bashLanguageServer?: { openMs: number };
  treeSitter?: { parseMs: number; hasError: boolean };
}

/**
 * `npm run bench` at a tiny size, as CI runs it: not a timing test, a guard that the harness still
 * measures every tool on every file and that the engine under it really read the files.
 */
describe('benchmark at a tiny size', function () {
  this.timeout(240_000);
  let dir: string;
  let rows: Row[];
  let printed: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'iptables-lint-bench-test-'));
    const json = join(dir, 'results.json');
    const run = spawnSync(process.execPath, ['--expose-gc', join(REPO, 'bench', 'run.mjs'), '--size', 'tiny', '--json', json], {
      cwd: REPO,
      encoding: 'utf8',
    });
    printed = run.stdout;
    assert.ok([0, 1].includes(run.status ?? -1), `bench exited ${run.status}: ${run.stderr}`);
    rows = (JSON.parse(readFileSync(json, 'utf8')) as { rows: Row[] }).rows;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has a row for each kind of file', () => {
    assert.deepEqual(rows.map((r) => r.kind).sort(), ['blocklist', 'restore', 'services']);
    for (const kind of ['blocklist.sh', 'services.sh', 'rules.v4']) assert.match(printed, new RegExp(`\\| ${kind.replace('.', '\\.')} 200 \\|`));
  });

  it('measures every tool on every file without a failure', () => {
    for (const row of rows) {
      assert.deepEqual(row.errors, {}, `${row.kind}`);
      assert.ok(row.engine && row.cli && row.lsp, `${row.kind}: engine, CLI and language server measured`);
      assert.ok(row.lsp.changeP95 >= row.lsp.changeP50, `${row.kind}: p95 below p50`);
      if (row.languageId === 'shellscript') {
        assert.ok(row.shellcheck && row.bashLanguageServer && row.treeSitter, `${row.kind}: comparisons measured`);
        assert.equal(row.treeSitter.hasError, false, `${row.kind}: tree-sitter-bash reads the generated script without errors`);
      }
    }
  });

  it('runs an engine that builds every generated rule and reports exactly the planted findings', () => {
    for (const row of rows) {
      assert.deepEqual(row.verification, [], `${row.kind}`);
      assert.equal(row.engine!.rules, row.expectedRules);
    }
    const blocklist = rows.find((r) => r.kind === 'blocklist')!;
    assert.equal(blocklist.engine!.findingsByCode.IPT302, 1);
    // The language server shows what the engine found.
    assert.equal(blocklist.lsp!.openDiagnostics, Object.values(blocklist.engine!.findingsByCode).reduce((a, b) => a + b, 0));
  });

  it('prints the targets', () => {
    for (const target of ['50 ms at 10,000 rules', '500 ms at 100,000 rules', 'peak RSS', 'p95', 'bash-language-server', 'ShellCheck']) {
      assert.ok(printed.includes(target), target);
    }
  });
});
