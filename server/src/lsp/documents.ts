import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, LanguageId } from '../engine/analysis';
import { analyze } from '../engine/analyze';

/** One open document and the analysis of its latest version (when it has been analysed). */
export interface OpenDocument {
  readonly uri: string;
  document: TextDocument;
  readonly language: LanguageId;
  analysis?: Analysis;
  /** Version of `document` the analysis belongs to; -1 before the first analysis. */
  analyzedVersion: number;
  /** The pending debounced analysis. */
  timer?: NodeJS.Timeout;
  closed: boolean;
}

/** Only open documents are known: nothing in the workspace is read behind the editor's back. */
export type DocumentCache = Map<string, OpenDocument>;

export function openDocument(cache: DocumentCache, uri: string, language: LanguageId, editorLanguageId: string, version: number, text: string): OpenDocument {
  const previous = cache.get(uri);
  if (previous) closeDocument(cache, uri);
  const entry: OpenDocument = {
    uri,
    document: TextDocument.create(uri, editorLanguageId, version, text),
    language,
    analyzedVersion: -1,
    closed: false,
  };
  cache.set(uri, entry);
  return entry;
}

export function closeDocument(cache: DocumentCache, uri: string): void {
  const entry = cache.get(uri);
  if (!entry) return;
  clearTimeout(entry.timer);
  entry.closed = true;
  entry.analysis = undefined;
  cache.delete(uri);
}

/**
 * The analysis of the document's current version, computed now if the last one is stale: requests
 * (hover, completion, rename…) always answer about the text the editor shows. The engine asks
 * `isCancelled` between its phases; a run overtaken by a newer version (possible once a phase yields
 * to the event loop) is dropped rather than stored.
 */
export function currentAnalysis(entry: OpenDocument): Analysis | undefined {
  if (entry.closed) return undefined;
  if (entry.analyzedVersion === entry.document.version) return entry.analysis;
  const version = entry.document.version;
  const analysis = analyze(entry.document.getText(), {
    languageId: entry.language,
    fileName: entry.document.uri,
    isCancelled: () => entry.closed || entry.document.version !== version,
  });
  if (analysis && !entry.closed && entry.document.version === version) {
    entry.analysis = analysis;
    entry.analyzedVersion = version;
  }
  return analysis;
}
