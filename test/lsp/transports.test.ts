import { strict as assert } from 'node:assert';
import { fork, spawnSync } from 'node:child_process';
import {
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  IPCMessageReader,
  IPCMessageWriter,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  createProtocolConnection,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER_BUNDLE } from './lspSession';

describe('LSP: transports and the command line', () => {
  it('speaks node IPC, the transport the VS Code client uses', async () => {
    const child = fork(SERVER_BUNDLE, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published = new Promise<PublishDiagnosticsParams>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, resolve));
    connection.listen();
    try {
      const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(init.serverInfo?.name, 'iptables-language-server');
      await connection.sendNotification(InitializedNotification.type, {});
      const uri = 'file:///etc/iptables/rules.v4';
      const text = '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n';
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'iptables', version: 1, text } });
      assert.equal((await published).uri, uri);
      const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 17 } });
      assert.match((hover?.contents as MarkupContent).value, /--dport/);
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    } finally {
      connection.dispose();
      child.kill();
    }
  });

  it('explains its usage and exits 2 without a transport', () => {
    const run = spawnSync(process.execPath, [SERVER_BUNDLE], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /usage: iptables-language-server --stdio/);
  });
});
