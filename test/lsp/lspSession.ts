import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO = join(__dirname, '..', '..');
export const SERVER_BUNDLE = join(REPO, 'server', 'out', 'server.js');

/** What a capable editor (VS Code) says it can do. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: true } },
    rename: { prepareSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
    inlayHint: {},
    foldingRange: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

export interface OpenFile {
  uri: string;
  version: number;
  text: string;
}

/**
 * The bundled server over stdio, driven through vscode-languageserver-protocol as an editor would:
 * it answers `workspace/configuration` from `settings` and records every publishDiagnostics.
 */
export interface LspSession {
  connection: ProtocolConnection;
  initializeResult: InitializeResult;
  /** What `workspace/configuration` answers for section `iptables`; change it, then call `configurationChanged`. */
  settings: Record<string, unknown>;
  /** Everything the server wrote to stderr and window/logMessage (shown when a test fails). */
  log: string[];
  open(name: string, languageId: string, text: string): Promise<{ file: OpenFile; diagnostics: Diagnostic[] }>;
  /** Replace the whole text (or apply range changes) and wait for the diagnostics of the new version. */
  change(file: OpenFile, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]>;
  applyEdit(file: OpenFile, edit: WorkspaceEdit): Promise<Diagnostic[]>;
  close(file: OpenFile): Promise<void>;
  configurationChanged(): void;
  /** The next diagnostics for `uri` whose version is at least `version`. */
  diagnostics(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

export async function startSession(options: { capabilities?: ClientCapabilities; initializationOptions?: unknown; settings?: Record<string, unknown> } = {}): Promise<LspSession> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const settings: Record<string, unknown> = { debounceMs: 20, ...options.settings };
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: Array<{ uri: string; version: number; resolve: (d: Diagnostic[]) => void }> = [];

  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'iptables' ? settings : null)));
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    log.push(`${p.message}\n`);
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const list = published.get(p.uri) ?? [];
    list.push(p);
    published.set(p.uri, list);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && (p.version ?? Number.MAX_SAFE_INTEGER) >= w.version) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  connection.listen();

  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(REPO).href,
    workspaceFolders: [{ uri: pathToFileURL(REPO).href, name: 'iptables-lint' }],
    capabilities: options.capabilities ?? FULL_CAPABILITIES,
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const diagnostics = (uri: string, version: number, timeoutMs = 10_000) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const latest = published.get(uri)?.at(-1);
      if (latest && (latest.version ?? Number.MAX_SAFE_INTEGER) >= version) return resolve(latest.diagnostics);
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms\n${log.join('')}`)), timeoutMs);
      waiters.push({ uri, version, resolve: (d) => (clearTimeout(timer), resolve(d)) });
    });

  const session: LspSession = {
    connection,
    initializeResult,
    settings,
    log,
    async open(name, languageId, text) {
      const file: OpenFile = { uri: pathToFileURL(join(REPO, 'test', 'lsp', 'fixtures', name)).href, version: 1, text };
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: file.uri, languageId, version: 1, text } });
      return { file, diagnostics: await diagnostics(file.uri, 1) };
    },
    async change(file, changes) {
      const doc = TextDocument.update(TextDocument.create(file.uri, 'x', file.version, file.text), changes, file.version + 1);
      file.version++;
      file.text = doc.getText();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: file.uri, version: file.version }, contentChanges: changes });
      return diagnostics(file.uri, file.version);
    },
    applyEdit(file, edit) {
      return session.change(file, [{ text: applyWorkspaceEdit(file, edit) }]);
    },
    async close(file) {
      await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: file.uri } });
    },
    configurationChanged() {
      void connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    },
    diagnostics,
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // The server is already gone; the kill below makes sure.
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
      connection.dispose();
    },
  };
  return session;
}

/** The text after applying the edits a workspace edit makes to this file (either form: changes or documentChanges). */
export function applyWorkspaceEdit(file: OpenFile, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [...(edit.changes?.[file.uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === file.uri) edits.push(...(change.edits as TextEdit[]));
  }
  return TextDocument.applyEdits(TextDocument.create(file.uri, 'x', file.version, file.text), edits);
}

/** The position of the n-th occurrence (0-based) of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' (occurrence ${occurrence}) not in the text`);
  }
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
