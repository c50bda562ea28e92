// `npm run test:vscode`: the extension inside a real VS Code extension host (downloaded by
// @vscode/test-electron into .vscode-test/, so it needs a machine that can reach the VS Code
// download service and run Electron; CI machines without that use the code-server end-to-end suite).
import { join } from 'node:path';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const REPO = join(__dirname, '..', '..');

async function main(): Promise<void> {
  // The suite runs inside the extension host, which loads plain JavaScript: bundle it, leaving
  // `vscode` (given by the host) and mocha (resolved from node_modules) outside.
  const suite = join(REPO, '.vscode-test', 'suite', 'index.js');
  await build({
    entryPoints: [join(__dirname, 'suite', 'index.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const exitCode = await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: suite,
    extensionTestsEnv: { IPTABLES_LINT_FIXTURES: join(REPO, 'test', 'lsp', 'fixtures') },
    // Only this extension: a shell extension of the machine must not take part in the results.
    launchArgs: [join(REPO, 'test', 'lsp', 'fixtures'), '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
  });
  process.exitCode = exitCode;
}

main().catch((err: unknown) => {
  process.stderr.write(`test:vscode failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
