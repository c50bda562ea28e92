// npm run bench: speed and memory of iptables-lint beside the tools users would otherwise run,
// on the same synthetic firewalls, in the same run. Prints one table and writes bench/RESULTS.md.
//
//   node --expose-gc bench/run.mjs                    1,000, 10,000 and 100,000 rules; writes RESULTS.md
//   node --expose-gc bench/run.mjs --sizes 1000,10000 chosen sizes (RESULTS.md only with --results)
//   node --expose-gc bench/run.mjs --size tiny        200 rules, a few repetitions: keeps the harness working
//   --kinds blocklist,services,restore   --json FILE (machine-readable results)   --results FILE
//   --shellcheck-timeout SECONDS (default 60)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { bundleEngine } from './engineBundle.mjs';
import { GENERATORS } from './generate.mjs';
import { measureLsp } from './lspLatency.mjs';
import { runTimed } from './processTime.mjs';
import { median } from './stats.mjs';
import { SHELLCHECK, timeBashLanguageServer, timeShellcheck } from './compare.mjs';
import { CLI, REPO, SERVER, makeWorkDir } from './paths.mjs';
import { renderReport } from './report.mjs';
import { verifyEngineResult } from './verify.mjs';

const FULL_SIZES = [1000, 10000, 100000];
const TINY_SIZE = 200;
/** Editor latency is measured where people edit by hand; 100,000-rule files are generated, not typed. */
const LSP_MAX_RULES = 10000;
// ShellCheck needs minutes and gigabytes at 100,000 rules (393 s and 6.2 GB for the blocklist on the
// machine this was written on): past the limit it is stopped and reported as "> limit".
const DEFAULT_SHELLCHECK_TIMEOUT_S = 60;
// bash-language-server kills ShellCheck after 10 s and then publishes nothing; waiting 30 s for it is plenty.
const TIMEOUT_MS = { lsp: 120_000, cli: 120_000, engine: 120_000, bashLanguageServer: 30_000 };
/** Time the engine worker may spend on repetitions before it settles for fewer. */
const ENGINE_BUDGET_MS = 30_000;

/** Repetitions per size: enough for stable medians, few enough that a full run takes minutes. */
function repetitionsFor(size, tiny) {
  if (tiny) return { warmups: 1, runs: 3, cliRuns: 2, lspOpens: 1, edits: 6, blsOpens: 1, shellcheckRuns: 1, treeSitterRuns: 2 };
  if (size >= 100000) return { warmups: 2, runs: 5, cliRuns: 3, lspOpens: 0, edits: 0, blsOpens: 0, shellcheckRuns: 1, treeSitterRuns: 3 };
  if (size >= 10000) return { warmups: 3, runs: 7, cliRuns: 5, lspOpens: 3, edits: 50, blsOpens: 2, shellcheckRuns: 1, treeSitterRuns: 5 };
  return { warmups: 5, runs: 15, cliRuns: 7, lspOpens: 5, edits: 50, blsOpens: 3, shellcheckRuns: 3, treeSitterRuns: 9 };
}

/** Our server as an editor runs it, with its debounce (`iptables.debounceMs`, default 150) set to 0. */
const OUR_SERVER = {
  command: process.execPath,
  args: [SERVER, '--stdio'],
  settings: { iptables: { debounceMs: 0 } },
};

function parseArgs(argv) {
  const options = {
    sizes: FULL_SIZES,
    tiny: false,
    kinds: Object.keys(GENERATORS),
    json: undefined,
    results: undefined,
    shellcheckTimeoutMs: DEFAULT_SHELLCHECK_TIMEOUT_S * 1000,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--size' || flag === '--sizes') {
      const v = value();
      if (v === 'tiny') {
        options.sizes = [TINY_SIZE];
        options.tiny = true;
      } else {
        options.sizes = v.split(',').map((s) => Number(s.replace(/[_k]/g, (c) => (c === 'k' ? '000' : ''))));
        if (options.sizes.some((n) => !Number.isInteger(n) || n < 50)) throw new Error(`bad --sizes '${v}' (integers ≥ 50, or tiny)`);
      }
    } else if (flag === '--kinds') {
      options.kinds = value().split(',');
      const unknown = options.kinds.filter((k) => !GENERATORS[k]);
      if (unknown.length) throw new Error(`unknown kind(s) ${unknown.join(', ')}; known: ${Object.keys(GENERATORS).join(', ')}`);
    } else if (flag === '--json') options.json = value();
    else if (flag === '--results') options.results = value();
    else if (flag === '--shellcheck-timeout') {
      const seconds = Number(value());
      if (!(seconds > 0)) throw new Error('--shellcheck-timeout takes a number of seconds');
      options.shellcheckTimeoutMs = seconds * 1000;
    }
    else throw new Error(`unknown option '${argv[i]}'`);
  }
  const full = !options.tiny && FULL_SIZES.every((s) => options.sizes.includes(s)) && options.kinds.length === 3;
  options.results ??= full ? join(REPO, 'bench', 'RESULTS.md') : undefined;
  return options;
}

const log = (message) => process.stderr.write(`${message}\n`);

/** Runs one measurement of a row; a failure is recorded in the row and the run goes on. */
async function attempt(row, name, measure) {
  try {
    row[name] = await measure();
  } catch (err) {
    row.errors[name] = err instanceof Error ? err.message.split('\n')[0] : String(err);
    log(`  ${name}: FAILED: ${row.errors[name]}`);
  }
}

/**
 * The engine on one file in a fresh process. A slow engine is repeated fewer times (ENGINE_BUDGET_MS)
 * and one that cannot finish a single analysis within the limit is reported as `{ timedOutMs }`.
 */
function measureEngine(bundle, file, languageId, reps) {
  const worker = join(REPO, 'bench', 'engineWorker.mjs');
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', worker, bundle, file, languageId, String(reps.warmups), String(reps.runs), String(ENGINE_BUDGET_MS)],
    { encoding: 'utf8', maxBuffer: 1 << 28, timeout: TIMEOUT_MS.engine, killSignal: 'SIGKILL' },
  );
  if (result.signal === 'SIGKILL') return { timedOutMs: TIMEOUT_MS.engine };
  if (result.status !== 0) throw new Error(`engine worker exited ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return JSON.parse(result.stdout);
}

function measureTreeSitter(file, reps) {
  const worker = join(REPO, 'bench', 'treeSitterWorker.mjs');
  const result = spawnSync(process.execPath, ['--expose-gc', worker, file, '1', String(reps.treeSitterRuns)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tree-sitter worker exited ${result.status}: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout);
}

/**
 * `iptables-lint --format json FILE`, the way CI or a pre-commit hook runs it; one warm-up for the
 * file cache. Runs slower than a few seconds are not repeated past ENGINE_BUDGET_MS.
 */
async function measureCli(file, reps) {
  const samples = [];
  let maxRssMB = 0;
  let spentMs = 0;
  for (let i = 0; i < reps.cliRuns + 1 && spentMs < ENGINE_BUDGET_MS; i++) {
    const run = await runTimed(process.execPath, [CLI, '--format', 'json', file], TIMEOUT_MS.cli);
    if (run.timedOut) return { timedOutMs: TIMEOUT_MS.cli, maxRssMB: run.maxRssMB };
    if (run.status === 2 || run.status === null) throw new Error(`CLI exited ${run.status}: ${run.stderr.trim()}`);
    spentMs += run.wallMs;
    if (i === 0 && run.wallMs < 5_000) continue;
    samples.push(run.wallMs);
    maxRssMB = Math.max(maxRssMB, run.maxRssMB);
  }
  return { wallMs: median(samples), maxRssMB };
}

async function nodeStartupMs() {
  const samples = [];
  for (let i = 0; i < 5; i++) samples.push((await runTimed(process.execPath, ['-e', ''], 10_000)).wallMs);
  return median(samples);
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const version = (command, args) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'not found';
    }
  };
  const packageVersion = (name) => JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')).version;
  const dirty = version('git', ['-C', REPO, 'status', '--porcelain', '--untracked-files=no']) !== '';
  return {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown',
    memoryGB: totalmem() / 2 ** 30,
    node: process.version,
    commit: version('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD']) + (dirty ? ' (with uncommitted changes)' : ''),
    shellcheck: /version:\s*(\S+)/.exec(version(SHELLCHECK, ['--version']))?.[1] ?? 'not found',
    bashLanguageServer: packageVersion('bash-language-server'),
    webTreeSitter: packageVersion('web-tree-sitter'),
    treeSitterBash: packageVersion('tree-sitter-bash'),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  for (const built of [CLI, SERVER]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (npm run bench does)`);
  }
  const dir = makeWorkDir();
  try {
    await measureAll(options, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureAll(options, dir) {
  const bundle = await bundleEngine(dir);
  const meta = { ...machine(), loadAtStart: loadavg()[0], nodeStartupMs: await nodeStartupMs() };
  log(`iptables-lint benchmark, ${meta.date}, ${meta.nproc} × ${meta.cpu}, node ${meta.node}`);

  const rows = [];
  for (const size of options.sizes) {
    const reps = repetitionsFor(size, options.tiny);
    for (const kind of options.kinds) {
      const { generate, extension } = GENERATORS[kind];
      const generated = generate(size);
      const file = join(dir, `${kind}-${size}.${extension}`);
      writeFileSync(file, generated.text);
      const isShell = generated.languageId === 'shellscript';
      const row = { kind, size, file, languageId: generated.languageId, expectedRules: generated.rules, errors: {} };
      rows.push(row);
      log(`${kind} ${size}: ${generated.text.split('\n').length} lines, ${(generated.text.length / 1024).toFixed(0)} KB`);

      await attempt(row, 'engine', () => measureEngine(bundle, file, generated.languageId, reps));
      row.verification = !row.engine
        ? ['the engine did not run']
        : row.engine.timedOutMs
          ? [`the engine did not finish one analysis within ${TIMEOUT_MS.engine / 1000} s`]
          : verifyEngineResult(generated, row.engine);
      await attempt(row, 'cli', () => measureCli(file, reps));
      if (size <= LSP_MAX_RULES && reps.lspOpens > 0) {
        await attempt(row, 'lsp', () =>
          measureLsp(OUR_SERVER, { file, languageId: generated.languageId, opens: reps.lspOpens, edits: reps.edits, timeoutMs: TIMEOUT_MS.lsp }),
        );
      }
      if (isShell) {
        await attempt(row, 'shellcheck', () => timeShellcheck(file, reps.shellcheckRuns, options.shellcheckTimeoutMs));
        if (size <= LSP_MAX_RULES && reps.blsOpens > 0) {
          await attempt(row, 'bashLanguageServer', () => timeBashLanguageServer(file, reps.blsOpens, TIMEOUT_MS.bashLanguageServer));
        }
        await attempt(row, 'treeSitter', () => measureTreeSitter(file, reps));
      }
    }
  }

  meta.loadAtEnd = loadavg()[0];
  const report = renderReport(meta, rows, { tiny: options.tiny, lspMaxRules: LSP_MAX_RULES, shellcheckTimeoutMs: options.shellcheckTimeoutMs });
  process.stdout.write(report.console);
  if (options.json) writeFileSync(options.json, JSON.stringify({ meta, rows, targets: report.targets }, null, 2));
  if (options.results) {
    writeFileSync(options.results, report.markdown);
    log(`wrote ${options.results}`);
  }
  const failed = rows.some((r) => Object.keys(r.errors).length > 0 || r.verification.length > 0);
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  log(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
