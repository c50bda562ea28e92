import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, type CliIO } from '../../server/src/cli/run';

const root = join(__dirname, '..', '..');
const example = (name: string) => join(root, 'examples', name);
const fixture = (name: string) => join(__dirname, 'fixtures', name);

function run(argv: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIO = {
    readFile: (p) => readFileSync(p, 'utf8'),
    readStdin: () => stdin,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  };
  const code = runCli(argv, io);
  return { code, out, err };
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: string;
  message: string;
}

function json(argv: string[]): JsonFinding[] {
  const r = run(['--format', 'json', ...argv]);
  return JSON.parse(r.out) as JsonFinding[];
}

describe('iptables-lint CLI', () => {
  it('exits 0 and says so on a correct stateful firewall', () => {
    const r = run([fixture('stateful-host.sh')]);
    assert.equal(r.out, 'No problems found.\n');
    assert.equal(r.code, 0);
  });

  it('finds the reply and dead-rule mistakes of the web server example (exit 1)', () => {
    const findings = json([example('webserver.sh')]);
    const at = (code: string) => findings.filter((f) => f.code === code).map((f) => f.line);
    // SSH (line 21) and the loop over 80 and 443 (line 23): OUTPUT drops every reply.
    assert.deepEqual(at('IPT201'), [21, 23, 23]);
    // New outgoing HTTP (the misplaced reply rule), DNS and HTTPS: INPUT drops their replies.
    assert.deepEqual(at('IPT202'), [27, 30, 31]);
    // The monitoring rule appended after the catch-all DROP.
    assert.deepEqual(at('IPT301'), [38]);
    const http = findings.find((f) => f.code === 'IPT201' && /port 80\b/.test(f.message));
    assert.ok(http, 'no IPT201 for port 80');
    assert.match(http.message, /--sport/, 'the reply rule written with --dport should be pointed out');
    assert.equal(run([example('webserver.sh')]).code, 1);
  });

  it('reports a hostname and a typo in the egress example', () => {
    const findings = json([example('payment-egress.sh')]);
    const host = findings.find((f) => f.code === 'IPT401');
    assert.ok(host, 'no IPT401 for -d api.stripe.com');
    assert.equal(host.line, 8);
    const typo = findings.find((f) => f.line === 13 && f.severity === 'error');
    assert.ok(typo, 'no error for --dprot');
    assert.match(typo.message, /--dprot/);
    assert.match(typo.message, /--dport/);
  });

  it('reads restore files and finds the host accepted inside a dropped network', () => {
    const findings = json([example('rules.v4')]);
    assert.deepEqual(
      findings.map((f) => `${f.code}:${f.line}`),
      ['IPT301:11'],
    );
  });

  it('reads rules.v6 as IPv6: its addresses are not errors', () => {
    const r = run([fixture('rules.v6')]);
    assert.equal(r.out, 'No problems found.\n');
    assert.equal(r.code, 0);
  });

  it('keeps the JSON contract: 1-based positions and the documented keys only', () => {
    const findings = json([example('webserver.sh'), example('rules.v4')]);
    assert.ok(findings.length > 0);
    for (const f of findings) {
      assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
      assert.ok(f.line >= 1 && f.column >= 1 && f.endLine >= f.line);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
      assert.match(f.code, /^IPT\d{3}$/);
    }
  });

  it('writes SARIF 2.1.0 with rules for every reported code', () => {
    const r = run(['--format', 'sarif', example('webserver.sh')]);
    const log = JSON.parse(r.out);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(run0.results.length > 0);
    for (const res of run0.results) {
      assert.ok(ruleIds.includes(res.ruleId), `rule ${res.ruleId} missing from driver.rules`);
      assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
    }
  });

  it('exits 2 on usage and I/O errors', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['--format', 'xml', example('rules.v4')]).code, 2);
    assert.equal(run(['--frobnicate', example('rules.v4')]).code, 2);
    const missing = run([join(root, 'examples', 'no-such-firewall.sh')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read .*no-such-firewall\.sh: ENOENT/);
  });

  it('analyses a big file in its worker thread with the same result as inline', async function () {
    this.timeout(120_000);
    // A generated 60,000-rule blocklist (~2.6 MB): past the size the bin hands to a worker.
    const { generateBlocklist } = (await import(pathToFileURL(join(root, 'bench', 'generate.mjs')).href)) as {
      generateBlocklist: (rules: number) => { text: string };
    };
    const dir = mkdtempSync(join(tmpdir(), 'iptables-lint-cli-'));
    try {
      const file = join(dir, 'blocklist.sh');
      writeFileSync(file, generateBlocklist(60_000).text);
      assert.ok(statSync(file).size > 2_000_000, 'bigger than BIG_INPUT_BYTES in server/src/cli/main.ts');
      const inline = run(['--format', 'json', file]);
      const bin = spawnSync(process.execPath, [join(root, 'server', 'out', 'cli.js'), '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal(bin.stderr, '');
      assert.equal(bin.status, inline.code);
      assert.equal(bin.stdout, inline.out);
      // The planted redundant host (IPT302) is found: the worker really analysed the file.
      assert.ok((JSON.parse(bin.stdout) as JsonFinding[]).some((f) => f.code === 'IPT302'), bin.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs as the built bin, reading standard input', () => {
    const cli = join(root, 'server', 'out', 'cli.js');
    const res = spawnSync(process.execPath, [cli, '--format', 'json', '-'], {
      input: 'iptables -P OUTPUT DROP\niptables -A OUTPUT -o lo -j ACCEPT\niptables -A INPUT -p tcp --dport 80 -j ACCEPT\n',
      encoding: 'utf8',
    });
    assert.equal(res.status, 1, res.stderr);
    const findings = JSON.parse(res.stdout) as JsonFinding[];
    assert.deepEqual(findings.map((f) => [f.file, f.code, f.line]), [['-', 'IPT201', 3]]);
  });
});
