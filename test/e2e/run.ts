// End-to-end: the packaged VSIX in real VS Code (code-server) in Debian's Chromium, driven the way a
// user works. Run by `npm run test:e2e` (which builds iptables-lint.vsix first); not part of mocha.
//
// Each check prints ✓ or ✗; a check whose prerequisite failed is counted as failed, never skipped.
// Screenshots of the working product go to test-results/e2e/screenshots/; with IPTABLES_LINT_UPDATE_DOCS=1
// they replace the ones in docs/images/ that the README shows (a test run leaves tracked files alone).
// On a failure the page is saved to test-results/e2e/ and code-server's log is printed.
import { chromium, type BrowserContext } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  installExtension,
  installRuntime,
  startCodeServer,
  type CodeServerFolders,
  type CodeServerRuntime,
  type RunningCodeServer,
} from './codeServer';
import { Workbench } from './workbench';

const repoRoot = resolve(__dirname, '../..');
const vsixPath = join(repoRoot, 'iptables-lint.vsix');
const fixtureFolder = join(__dirname, 'fixtures/web-server');
const scriptName = 'firewall.sh';
const screenshotDir = process.env.IPTABLES_LINT_UPDATE_DOCS === '1' ? join(repoRoot, 'docs/images') : join(repoRoot, 'test-results/e2e/screenshots');
const failureDir = join(repoRoot, 'test-results/e2e');
const WHOLE_RUN_LIMIT_MS = 15 * 60_000;
const DIAGNOSTICS_TIMEOUT_MS = 60_000;
const WIDGET_TIMEOUT_MS = 20_000;

// Lines of the fixture the checks point at; their numbers are read from the file, not written twice.
const fixtureText = readFileSync(join(fixtureFolder, scriptName), 'utf8');
// Editor lines are matched on fragments that inlay hints (shown after chain names and ports) do not split.
const lines = {
  headerComment: '# Loaded at boot from /etc/network/if-pre-up.d/firewall.',
  outputPolicy: 'iptables -P OUTPUT DROP',
  httpsAccept: '-i $WAN -p tcp --dport 443',
  hostnameRule: '-d deb.debian.org --dport 443',
  deadAccept: '--dport 9100 -j ACCEPT',
};
function lineNumberOf(text: string): number {
  const index = fixtureText.split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`fixture has no line containing "${text}"`);
  return index + 1;
}

// What the VSIX must ship (.vscodeignore), besides the grammars: nothing else, no source maps.
const REQUIRED_FILES = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'images/icon.png',
  'language-configuration.json',
  'client/out/extension.js',
  'server/out/server.js',
  'server/out/cli.js',
];
const GRAMMAR_FILE = /^syntaxes\/[^/]+\.json$/;

function userSettings(workspaceTrust: boolean): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'editor.minimap.enabled': false,
    // Sticky scroll repeats lines at the top of the editor: a line would be on the page twice.
    'editor.stickyScroll.enabled': false,
    // Completion must come from the language server, not from words already in the document.
    'editor.wordBasedSuggestions': 'off',
    'security.workspace.trust.enabled': workspaceTrust,
    // No modal asking to trust the folder: it simply stays untrusted, which is Restricted Mode.
    'security.workspace.trust.startupPrompt': 'never',
  };
}

interface CheckResult {
  name: string;
  passed: boolean;
  ms: number;
  error?: string;
}
const results: CheckResult[] = [];

/** Runs one check; returns whether it passed. `blockedBy` names a failed prerequisite: counted as failed. */
async function check(name: string, body: () => Promise<void>, workbench?: Workbench, blockedBy?: string): Promise<boolean> {
  const started = Date.now();
  if (blockedBy) {
    results.push({ name, passed: false, ms: 0, error: `not run: "${blockedBy}" failed` });
    console.log(`  ✗ ${name}\n      not run: "${blockedBy}" failed`);
    return false;
  }
  try {
    await body();
    const ms = Date.now() - started;
    results.push({ name, passed: true, ms });
    console.log(`  ✓ ${name} (${ms} ms)`);
    return true;
  } catch (error) {
    const ms = Date.now() - started;
    const message = error instanceof Error ? error.message : String(error);
    results.push({ name, passed: false, ms, error: message });
    console.log(`  ✗ ${name} (${ms} ms)\n      ${message.split('\n').join('\n      ')}`);
    if (workbench) {
      mkdirSync(failureDir, { recursive: true });
      const file = join(failureDir, `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
      await workbench.page.screenshot({ path: file }).catch(() => undefined);
      console.log(`      page at failure: ${file}`);
    }
    return false;
  }
}

async function launchBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
  });
}

/**
 * code-server + Chromium on a fresh copy of the fixture folder, then `use` runs the checks; always torn
 * down. Starting them is a check of its own: when it fails, the session's checks cannot run.
 */
async function withSession(
  label: string,
  runtime: CodeServerRuntime,
  runDir: string,
  extensionsDir: string,
  workspaceTrust: boolean,
  use: (workbench: Workbench) => Promise<void>,
): Promise<void> {
  const folder = join(runDir, label, 'web-server');
  cpSync(fixtureFolder, folder, { recursive: true });
  const folders: CodeServerFolders = {
    userDataDir: join(runDir, label, 'user-data'),
    extensionsDir,
    homeDir: join(runDir, label, 'home'),
  };
  let server: RunningCodeServer | undefined;
  let browser: BrowserContext | undefined;
  let workbench: Workbench | undefined;
  const failuresBefore = results.filter((result) => !result.passed).length;
  try {
    const trust = workspaceTrust ? 'workspace trust on' : 'workspace trust off';
    const started = await check(`code-server (${trust}) starts and the browser shows the folder`, async () => {
      server = await startCodeServer(runtime, folders, {
        folder,
        workspaceTrust,
        settings: userSettings(workspaceTrust),
        startupTimeoutMs: 60_000,
      });
      browser = await launchBrowser(join(runDir, label, 'chromium-profile'));
      const page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(WIDGET_TIMEOUT_MS);
      workbench = new Workbench(page);
      await workbench.open(server.url, folder);
    });
    if (started && workbench) await use(workbench);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    const failedHere = results.filter((result) => !result.passed).length > failuresBefore;
    if (failedHere && server) printLogs(label, server, folders.userDataDir);
  }
}

/** After a failure: code-server's own output and the extension host's logs (ours among them). */
function printLogs(label: string, server: RunningCodeServer, userDataDir: string): void {
  console.log(`\n--- code-server output (${label}) ---\n${server.log().trim().slice(-3000)}`);
  const logsDir = join(userDataDir, 'logs');
  const logFiles = existsSync(logsDir) ? readdirSync(logsDir, { recursive: true, encoding: 'utf8' }) : [];
  for (const file of logFiles) {
    if (!/exthost\d*[/\\](remoteexthost\.log|.*iptables.*\.log)$/i.test(file)) continue;
    console.log(`--- ${file} ---\n${readFileSync(join(logsDir, file), 'utf8').trim().slice(-3000)}`);
  }
  console.log('---');
}

async function main(): Promise<number> {
  const runStarted = Date.now();
  if (!existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` first (npm run test:e2e does)`);

  console.log('iptables-lint.vsix');
  await check('the VSIX ships only the bundles, grammars, manifest, docs and icon', async () => {
    const listed = spawnSync(join(repoRoot, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (listed.status !== 0) throw new Error(`vsce ls failed:\n${listed.stderr}`);
    const shipped = listed.stdout.split('\n').filter(Boolean);
    const unexpected = shipped.filter((file) => !REQUIRED_FILES.includes(file) && !GRAMMAR_FILE.test(file));
    const missing = REQUIRED_FILES.filter((file) => !shipped.includes(file));
    if (unexpected.length || missing.length) {
      throw new Error(`unexpected in the VSIX: ${unexpected.join(', ') || '-'}; missing: ${missing.join(', ') || '-'}`);
    }
  });

  const installStarted = Date.now();
  const runtime = installRuntime(repoRoot);
  const installMs = Date.now() - installStarted;

  const runDir = mkdtempSync(join(tmpdir(), 'iptables-lint-e2e-'));
  const extensionsDir = join(runDir, 'extensions');
  installExtension(runtime, { userDataDir: join(runDir, 'install-user-data'), extensionsDir, homeDir: join(runDir, 'install-home') }, vsixPath);
  mkdirSync(screenshotDir, { recursive: true });

  console.log('iptables-lint in code-server (workspace trust off)');
  await withSession('trusted', runtime, runDir, extensionsDir, false, async (workbench) => {
    const page = workbench.page;
    const opened = await check('the fixture script opens in the editor', async () => {
      await workbench.openFile(scriptName, lines.headerComment);
    }, workbench);
    const openFailure = opened ? undefined : 'the fixture script opens in the editor';

    const listed = await check('the Problems panel lists IPT201, IPT301 and IPT401', async () => {
      await workbench.showProblems();
      await workbench.problemRows('IPT201').first().waitFor({ timeout: DIAGNOSTICS_TIMEOUT_MS });
      await workbench.problemRows('IPT301').first().waitFor({ timeout: DIAGNOSTICS_TIMEOUT_MS });
      await workbench.problemRows('IPT401').first().waitFor({ timeout: DIAGNOSTICS_TIMEOUT_MS });
      // Each on the line it is about.
      await workbench.problemRows('IPT301').filter({ hasText: `Ln ${lineNumberOf(lines.deadAccept)},` }).first().waitFor();
      await workbench.problemRows('IPT401').filter({ hasText: `Ln ${lineNumberOf(lines.hostnameRule)},` }).first().waitFor();
      // The picture for the README: the rules with their underlines above the list.
      await workbench.goToLine(lineNumberOf(lines.httpsAccept));
      await workbench.errorSquiggles().first().waitFor();
      await page.screenshot({ path: join(screenshotDir, 'problems.png') });
    }, workbench, openFailure);

    await check('hovering a rule shows its direction and where its replies go', async () => {
      await workbench.hidePanel();
      await workbench.goToLine(lineNumberOf(lines.httpsAccept));
      // On the port, not on an option or target name: those hover with their own documentation.
      await workbench.hoverWord(lines.httpsAccept, '443');
      const explanation = workbench.hoverMarkdown(/ingress/);
      await explanation.waitFor();
      const text = await explanation.innerText();
      // Its direction, and where its replies go: out through OUTPUT, dropped by the policy on its line.
      const policyLine = new RegExp(`line ${lineNumberOf(lines.outputPolicy)}\\b`);
      for (const expected of [/INPUT/, /ingress/, /Replies/, /OUTPUT/, /DROP/, policyLine]) {
        if (!expected.test(text)) throw new Error(`the rule's hover lacks ${expected}:\n${text}`);
      }
      // The problem's message sits above the explanation and the hover has a fixed height: point into
      // the hover and scroll it to the end, as a reader would, so the picture shows the whole explanation.
      const hoverBox = await explanation.boundingBox();
      if (hoverBox) {
        await page.mouse.move(hoverBox.x + hoverBox.width / 2, hoverBox.y + 10);
        await page.mouse.wheel(0, 400);
      }
      await page.screenshot({ path: join(screenshotDir, 'hover.png') });
      await page.mouse.move(5, 400);
      await workbench.hover().first().waitFor({ state: 'hidden' });
    }, workbench, openFailure);

    await check('the lightbulb quick-fix for IPT201 removes the problem', async () => {
      // From a line with nothing to fix, so that the lightbulb that shows up belongs to the problem.
      await workbench.goToLine(1);
      await workbench.lightBulb().waitFor({ state: 'hidden' });
      await workbench.showProblems();
      await workbench.goToProblem('IPT201');
      await workbench.lightBulb().click();
      const fix = workbench.codeActionMenuItem(/established and related/i);
      await fix.first().waitFor();
      await page.screenshot({ path: join(screenshotDir, 'quick-fix.png') });
      await fix.first().click();
      await workbench.problemRows('IPT201').first().waitFor({ state: 'detached', timeout: DIAGNOSTICS_TIMEOUT_MS });
      // The other findings are untouched by the fix, and it brings no new one.
      await workbench.problemRows('IPT301').first().waitFor();
      await workbench.problemRows('IPT401').first().waitFor();
      const codesLeft = new Set(await workbench.problemCodes());
      if ([...codesLeft].some((code) => code !== 'IPT301' && code !== 'IPT401')) {
        throw new Error(`after the fix the Problems panel lists ${[...codesLeft].join(', ')}`);
      }
      await workbench.editorLine('ESTABLISHED').filter({ hasText: 'OUTPUT' }).first().waitFor();
    }, workbench, listed ? openFailure : 'the Problems panel lists IPT201, IPT301 and IPT401');

    await check('completion offers --dport after -p tcp', async () => {
      await workbench.hidePanel();
      await workbench.typeNewLineAtEnd('iptables -A INPUT -i eth0 -p tcp --');
      await workbench.dismiss();
      await workbench.triggerSuggest();
      await workbench.suggestion('--dport').first().waitFor();
      await page.screenshot({ path: join(screenshotDir, 'completion.png') });
      await workbench.dismiss();
    }, workbench, openFailure);
  });

  console.log('iptables-lint in code-server (workspace trust on, folder untrusted)');
  await withSession('restricted', runtime, runDir, extensionsDir, true, async (workbench) => {
    const page = workbench.page;
    const restricted = await check('the untrusted folder opens in Restricted Mode', async () => {
      await workbench.restrictedModeIndicator().first().waitFor();
    }, workbench);
    await check('in Restricted Mode the Problems panel still lists IPT201, IPT301 and IPT401', async () => {
      await workbench.openFile(scriptName, lines.headerComment);
      await workbench.showProblems();
      for (const code of ['IPT201', 'IPT301', 'IPT401']) {
        await workbench.problemRows(code).first().waitFor({ timeout: DIAGNOSTICS_TIMEOUT_MS });
      }
      await page.screenshot({ path: join(screenshotDir, 'restricted-mode.png') });
    }, workbench, restricted ? undefined : 'the untrusted folder opens in Restricted Mode');
  });

  const passed = results.filter((result) => result.passed).length;
  const failed = results.length - passed;
  if (failed === 0) rmSync(runDir, { recursive: true, force: true });
  else console.log(`\nkept for inspection: ${runDir}`);
  console.log(
    `\ncode-server + Node 24 ready in ${(installMs / 1000).toFixed(1)} s; whole run ${((Date.now() - runStarted) / 1000).toFixed(1)} s`,
  );
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.error(`e2e: gave up after ${WHOLE_RUN_LIMIT_MS / 60_000} minutes`);
  process.exit(1);
}, WHOLE_RUN_LIMIT_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
