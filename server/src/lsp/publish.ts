import { currentAnalysis, type OpenDocument } from './documents';
import type { ServerContext } from './context';
import { toDiagnostics } from './diagnostics';
import { DEFAULT_SETTINGS } from './settings';

/**
 * Analyse after the user paused typing. Every edit restarts the wait, so only the latest version is
 * analysed; a version overtaken while we wait for settings is dropped.
 */
export function scheduleAnalysis(ctx: ServerContext, entry: OpenDocument, immediately: boolean): void {
  clearTimeout(entry.timer);
  const delay = immediately ? 0 : (ctx.settings.known(entry.uri) ?? DEFAULT_SETTINGS).debounceMs;
  if (delay === 0) {
    entry.timer = undefined;
    void analyzeAndPublish(ctx, entry);
    return;
  }
  entry.timer = setTimeout(() => {
    entry.timer = undefined;
    void analyzeAndPublish(ctx, entry);
  }, delay);
}

export async function analyzeAndPublish(ctx: ServerContext, entry: OpenDocument): Promise<void> {
  try {
    const version = entry.document.version;
    const known = ctx.settings.known(entry.uri);
    if (known && !known.enable) {
      await publishDisabled(ctx, entry, version);
      return;
    }
    const settings = ctx.settings.forDocument(entry.uri);
    if (!known) {
      // The settings of a document just opened are a round trip to the editor. The analysis does not
      // depend on them: let the request go out (the connection writes on the next turn), analyse while
      // the editor answers, and apply them to the findings afterwards. (A document whose linting turns
      // out to be off is analysed once for nothing; after that its settings are known.)
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (entry.closed || entry.document.version !== version) return;
    }
    const analysis = currentAnalysis(entry);
    const resolved = await settings;
    if (!analysis || entry.closed || entry.document.version !== version) return;
    if (!resolved.enable) {
      await publishDisabled(ctx, entry, version);
      return;
    }
    await ctx.connection.sendDiagnostics({ uri: entry.uri, version, diagnostics: toDiagnostics(entry.uri, analysis.findings, resolved, ctx.client.relatedInformation) });
  } catch (err) {
    ctx.connection.console.error(`iptables-lint: analysing ${entry.uri} failed: ${describeError(err)}`);
  }
}

/** Linting switched off for this document: nothing kept, nothing shown. */
async function publishDisabled(ctx: ServerContext, entry: OpenDocument, version: number): Promise<void> {
  entry.analysis = undefined;
  entry.analyzedVersion = -1;
  await ctx.connection.sendDiagnostics({ uri: entry.uri, version, diagnostics: [] });
}

export function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
