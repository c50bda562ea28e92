// The tools users would otherwise run, measured on the same files in the same run: ShellCheck's
// CLI, bash-language-server through the same LSP harness as ours, and tree-sitter-bash's parse alone.
import { createRequire } from 'node:module';
import { measureLsp } from './lspLatency.mjs';
import { runTimed } from './processTime.mjs';
import { median } from './stats.mjs';

export const SHELLCHECK = '/usr/bin/shellcheck';
const require = createRequire(import.meta.url);
const BASH_LANGUAGE_SERVER = require.resolve('bash-language-server/out/cli.js');

/**
 * Wall time of `shellcheck -f json1 FILE`, as an editor extension runs it, and its peak RSS. A run
 * past `timeoutMs` is reported as such, not as a number.
 */
export async function timeShellcheck(file, runs, timeoutMs) {
  const samples = [];
  let maxRssMB = 0;
  for (let i = 0; i < runs; i++) {
    const run = await runTimed(SHELLCHECK, ['-f', 'json1', file], timeoutMs);
    if (run.timedOut) return { timedOutMs: timeoutMs, maxRssMB: Math.max(maxRssMB, run.maxRssMB) };
    // Exit 1 means "found something"; anything else means it could not check the file.
    if (run.status !== 0 && run.status !== 1) throw new Error(`shellcheck exited ${run.status}: ${run.stderr}`);
    samples.push(run.wallMs);
    maxRssMB = Math.max(maxRssMB, run.maxRssMB);
  }
  return { wallMs: median(samples), maxRssMB };
}

/**
 * bash-language-server as VS Code's Bash IDE runs it, with ShellCheck found on the PATH: it parses
 * the document with tree-sitter, then runs ShellCheck (after its own 500 ms debounce) and publishes
 * both together. Background indexing of the workspace is switched off so only the document counts.
 * When ShellCheck outlives the server's 10 s deadline, it is killed and nothing at all is published:
 * that is reported as `noDiagnosticsWithinMs`, not as a failure of the benchmark.
 */
export async function timeBashLanguageServer(file, opens, timeoutMs) {
  const settings = { backgroundAnalysisMaxFiles: 0, shellcheckPath: SHELLCHECK };
  try {
    return await openBashLanguageServer(file, opens, timeoutMs, settings);
  } catch (err) {
    if (err?.code === 'NO_DIAGNOSTICS') return { noDiagnosticsWithinMs: timeoutMs };
    throw err;
  }
}

function openBashLanguageServer(file, opens, timeoutMs, settings) {
  return measureLsp(
    {
      command: process.execPath,
      args: [BASH_LANGUAGE_SERVER, 'start'],
      settings: { bashIde: settings },
      initializationOptions: settings,
    },
    { file, languageId: 'shellscript', opens, edits: 0, timeoutMs },
  );
}

/** Its debounce before ShellCheck runs (bash-language-server/out/shellcheck/index.js, DEBOUNCE_MS). */
export const BASH_LANGUAGE_SERVER_DEBOUNCE_MS = 500;
