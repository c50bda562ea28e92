import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { SERVER_NAME, SERVER_VERSION, startServer } from './server';

const USAGE = `usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=PORT

The iptables-lint language server: diagnostics, hover, quick-fixes, completion and navigation for
iptables shell scripts (language id shellscript/sh/bash) and iptables-save/restore files (iptables).
Editors start it; see docs/editors.md for Neovim, Helix and Emacs.
`;

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
} else if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe='))) {
  process.stderr.write(USAGE);
  process.exitCode = 2;
} else {
  const connection = createConnection(ProposedFeatures.all);
  // Last line of defence: a bug must not end the process that holds the user's diagnostics.
  process.on('uncaughtException', (err) => connection.console.error(`iptables-lint: uncaught: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => connection.console.error(`iptables-lint: unhandled rejection: ${String(err)}`));
  startServer(connection);
}
