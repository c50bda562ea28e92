import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true, workspaceEdit: { documentChanges: true }, inlayHint: { refreshSupport: true } },
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
  /** The document URIs the server asked `workspace/configuration` about, in order. */
  configurationAsked: string[];
  open(name: string, languageId: string, text: string): Promise<{ file: OpenFile; diagnostics: Diagnostic[] }>;
  /** Replace the whole text (or apply range changes) and wait for the diagnostics of the new version. */
  change(file: OpenFile, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]>;
  applyEdit(file: OpenFile, edit: WorkspaceEdit): Promise<Diagnostic[]>;
  close(file: OpenFile): Promise<void>;
  configurationChanged(): void;
  /** The latest diagnostics for `uri` whose version is at least `version` (already received, or the next ones). */
  diagnostics(uri: string, version: number): Promise<Diagnostic[]>;
  /** The next publication for `uri` that `accept` takes (call before triggering it). */
  nextDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Every publication from now on, until the returned function is called. */
  onPublish(listener: (p: PublishDiagnosticsParams) => void): () => void;
  stop(): Promise<void>;
}

export async function startSession(options: { capabilities?: ClientCapabilities; initializationOptions?: unknown; settings?: Record<string, unknown> } = {}): Promise<LspSession> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const settings: Record<string, unknown> = { debounceMs: 20, ...options.settings };
  const latest = new Map<string, PublishDiagnosticsParams>();
  const listeners = new Set<(p: PublishDiagnosticsParams) => void>();

  const configurationAsked: string[] = [];
  connection.onRequest(ConfigurationRequest.type, (params) =>
    params.items.map((item) => {
      if (item.scopeUri) configurationAsked.push(item.scopeUri);
      return item.section === 'iptables' ? settings : null;
    }),
  );
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    log.push(`${p.message}\n`);
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    for (const listener of [...listeners]) listener(p);
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

  const nextDiagnostics = (uri: string, accept: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 10_000) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const listener = (p: PublishDiagnosticsParams) => {
        if (p.uri !== uri || !accept(p)) return;
        listeners.delete(listener);
        clearTimeout(timer);
        resolve(p.diagnostics);
      };
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms\n${log.join('')}`));
      }, timeoutMs);
      listeners.add(listener);
    });
  const atLeast = (version: number) => (p: PublishDiagnosticsParams) => (p.version ?? Number.MAX_SAFE_INTEGER) >= version;
  const diagnostics = (uri: string, version: number) => {
    const known = latest.get(uri);
    return known && atLeast(version)(known) ? Promise.resolve(known.diagnostics) : nextDiagnostics(uri, atLeast(version));
  };

  const session: LspSession = {
    connection,
    initializeResult,
    settings,
    log,
    configurationAsked,
    async open(name, languageId, text) {
      const file: OpenFile = { uri: pathToFileURL(join(REPO, 'test', 'lsp', 'fixtures', name)).href, version: 1, text };
      // A document opened again under the same name starts over at version 1: forget what it had.
      latest.delete(file.uri);
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
    nextDiagnostics,
    onPublish(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
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
  return TextDocument.applyEdits(TextDocument.create(file.uri, 'x', file.version, file.text), editsFor(file, edit));
}

/**
 * The text edits a workspace edit makes to this file, either form (changes or documentChanges). A
 * versioned edit must be for the file's current version, as an editor requires.
 */
export function editsFor(file: OpenFile, edit: WorkspaceEdit): TextEdit[] {
  const edits: TextEdit[] = [...(edit.changes?.[file.uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== file.uri) continue;
    if (change.textDocument.version !== null && change.textDocument.version !== file.version) {
      throw new Error(`edit for version ${change.textDocument.version} of ${file.uri}, which is at ${file.version}`);
    }
    edits.push(...(change.edits as TextEdit[]));
  }
  return edits;
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

export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}
