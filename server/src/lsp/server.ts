import {
  CodeActionKind,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { closeDocument, openDocument } from './documents';
import { WARM_UP_DELAY_MS, compileEngine, startWarmUp } from './warmUp';
import type { ServerContext } from './context';
import { engineLanguage } from './languages';
import { analyzeAndPublish, describeError, scheduleAnalysis } from './publish';
import { createSettingsSource } from './settings';
import { FIX_ALL_KIND, codeActions } from './codeActions';
import { completion } from './completion';
import { documentSymbols } from './symbols';
import { definition, prepareRename, references, rename } from './navigation';
import { foldingRanges } from './folding';
import { hover } from './hover';
import { inlayHints } from './inlayHints';

export const SERVER_NAME = 'iptables-language-server';
export const SERVER_VERSION = '0.1.0';

/**
 * Wire the handlers to a connection. Each handler is a function of (context, params) in its own
 * module; this file only registers them, each behind a guard: a bug answers "nothing" and is logged,
 * it never takes the server (and the user's editor session) down.
 */
export function startServer(connection: Connection): void {
  let ctx: ServerContext | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    ctx = {
      connection,
      documents: new Map(),
      settings: createSettingsSource(connection, caps.workspace?.configuration === true, initialSettings(params.initializationOptions)),
      client: {
        snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
        markdownHover: caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? false,
        relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation === true,
        prepareRename: caps.textDocument?.rename?.prepareSupport === true,
        inlayHintRefresh: caps.workspace?.inlayHint?.refreshSupport === true,
        versionedEdits: caps.workspace?.workspaceEdit?.documentChanges === true,
      },
    };
    // Before answering: the client sends no document until it has the answer, so the first one it opens
    // meets a compiled engine even when it comes at once. Optimising it takes longer: see `initialized`.
    compileEngine();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        completionProvider: { triggerCharacters: ['-', ' ', ','], resolveProvider: false },
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: ctx.client.prepareRename ? { prepareProvider: true } : true,
        foldingRangeProvider: true,
        inlayHintProvider: true,
      },
      serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (!ctx) return;
    ctx.connection.console.info(`${SERVER_NAME} ${SERVER_VERSION} ready`);
    // Not before answering `initialize`: the editor would wait for it. In the background, unless a document
    // is already open, until one arrives; a document that comes after it meets an engine optimised for its size.
    const documents = ctx.documents;
    setTimeout(() => startWarmUp(() => documents.size === 0), WARM_UP_DELAY_MS);
  });

  // Document sync: the cache follows the editor; analysis runs on open (at once) and after edits (debounced).
  connection.onDidOpenTextDocument((p) =>
    guardNotification('didOpen', () => {
      const language = engineLanguage(p.textDocument.languageId);
      if (!ctx || !language) return;
      const { uri, languageId, version, text } = p.textDocument;
      scheduleAnalysis(ctx, openDocument(ctx.documents, uri, language, languageId, version, text), true);
    }),
  );
  connection.onDidChangeTextDocument((p) =>
    guardNotification('didChange', () => {
      const entry = ctx?.documents.get(p.textDocument.uri);
      if (!ctx || !entry) return;
      entry.document = TextDocument.update(entry.document, p.contentChanges, p.textDocument.version);
      scheduleAnalysis(ctx, entry, false);
    }),
  );
  connection.onDidCloseTextDocument((p) =>
    guardNotification('didClose', () => {
      if (!ctx) return;
      closeDocument(ctx.documents, p.textDocument.uri);
      ctx.settings.forget(p.textDocument.uri);
      // The problems of a closed document are no longer ours to show.
      void ctx.connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: [] });
    }),
  );
  connection.onDidChangeConfiguration((p) =>
    guardNotification('didChangeConfiguration', () => {
      if (!ctx) return;
      ctx.settings.changed(p.settings);
      for (const entry of ctx.documents.values()) void analyzeAndPublish(ctx, entry);
      // `iptables.inlayHints.enable` may have changed: hints already shown must follow.
      if (ctx.client.inlayHintRefresh) void ctx.connection.languages.inlayHint.refresh().catch(() => undefined);
    }),
  );

  connection.onHover(guard('hover', hover, null));
  connection.onCodeAction(guard('codeAction', codeActions, null));
  connection.onCompletion(guard('completion', completion, null));
  connection.onDocumentSymbol(guard('documentSymbol', documentSymbols, null));
  connection.onDefinition(guard('definition', definition, null));
  connection.onReferences(guard('references', references, null));
  connection.onPrepareRename(guardRethrowing('prepareRename', prepareRename));
  connection.onRenameRequest(guardRethrowing('rename', rename));
  connection.onFoldingRanges(guard('foldingRange', foldingRanges, null));
  connection.languages.inlayHint.on(guard('inlayHint', inlayHints, null));

  connection.listen();

  function guard<P, R>(name: string, handler: (ctx: ServerContext, params: P, token: CancellationToken) => R | Promise<R>, fallback: R) {
    return async (params: P, token: CancellationToken): Promise<R> => {
      if (!ctx) return fallback;
      try {
        return await handler(ctx, params, token);
      } catch (err) {
        connection.console.error(`iptables-lint: ${name} failed: ${describeError(err)}`);
        return fallback;
      }
    };
  }

  /** For handlers whose errors are answers (rename refuses with a message the editor shows). */
  function guardRethrowing<P, R>(name: string, handler: (ctx: ServerContext, params: P, token: CancellationToken) => R | Promise<R>) {
    return async (params: P, token: CancellationToken): Promise<R | null> => {
      if (!ctx) return null;
      try {
        return await handler(ctx, params, token);
      } catch (err) {
        if (isResponseError(err)) throw err;
        connection.console.error(`iptables-lint: ${name} failed: ${describeError(err)}`);
        return null;
      }
    };
  }

  function guardNotification(name: string, handler: () => void): void {
    try {
      handler();
    } catch (err) {
      connection.console.error(`iptables-lint: ${name} failed: ${describeError(err)}`);
    }
  }
}

function isResponseError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number' && err instanceof Error;
}

/** Initialization options may carry the settings (`{ iptables: {...} }` or the section itself) for clients without workspace/configuration. */
function initialSettings(options: unknown): unknown {
  if (options && typeof options === 'object' && 'iptables' in options) return (options as { iptables: unknown }).iptables;
  return options;
}
