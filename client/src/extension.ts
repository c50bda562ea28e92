import * as path from 'node:path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/**
 * Starts the bundled language server over node IPC for shell scripts and iptables-save/restore files.
 * Nothing is executed and no file is read outside the open editors, so it runs the same in untrusted
 * (Restricted Mode) and virtual workspaces. Settings are read by the server per document; the client
 * only forwards changes. `iptables.trace.server` is the standard trace setting of a client with id `iptables`.
 */
export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'shellscript' }, { language: 'iptables' }],
    synchronize: { configurationSection: 'iptables' },
  };
  client = new LanguageClient('iptables', 'iptables Lint', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
