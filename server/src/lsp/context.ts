import type { Connection, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { DocumentCache, OpenDocument } from './documents';
import type { Settings, SettingsSource } from './settings';

/** What the client told us it can do, read once from `initialize`. */
export interface ClientFeatures {
  snippets: boolean;
  markdownHover: boolean;
  relatedInformation: boolean;
  prepareRename: boolean;
  /** The client re-asks for inlay hints when told to (after a settings change). */
  inlayHintRefresh: boolean;
  /** Edits can name the document version they were computed for (the editor refuses them on a newer one). */
  versionedEdits: boolean;
}

/** Everything a handler needs, passed explicitly: handlers are plain functions of (context, params). */
export interface ServerContext {
  connection: Connection;
  documents: DocumentCache;
  settings: SettingsSource;
  client: ClientFeatures;
}

/** Edits to one open document, tied to the version they were computed for when the editor allows it. */
export function documentEdit(ctx: ServerContext, entry: OpenDocument, edits: TextEdit[]): WorkspaceEdit {
  if (!ctx.client.versionedEdits) return { changes: { [entry.uri]: edits } };
  return { documentChanges: [{ textDocument: { uri: entry.uri, version: entry.document.version }, edits }] };
}

/** An open document the server analyses, with its settings; undefined when it is unknown or disabled. */
export async function enabledDocument(ctx: ServerContext, uri: string): Promise<{ entry: OpenDocument; settings: Settings } | undefined> {
  const entry = ctx.documents.get(uri);
  if (!entry) return undefined;
  const settings = await ctx.settings.forDocument(uri);
  if (!settings.enable || entry.closed) return undefined;
  return { entry, settings };
}
