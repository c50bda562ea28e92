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
    const settings = await ctx.settings.forDocument(entry.uri);
    if (entry.closed || entry.document.version !== version) return;
    if (!settings.enable) {
      entry.analysis = undefined;
      entry.analyzedVersion = -1;
      await ctx.connection.sendDiagnostics({ uri: entry.uri, version, diagnostics: [] });
      return;
    }
    const analysis = currentAnalysis(entry);
    if (!analysis || entry.closed || entry.document.version !== version) return;
    await ctx.connection.sendDiagnostics({ uri: entry.uri, version, diagnostics: toDiagnostics(entry.uri, analysis.findings, settings, ctx.client.relatedInformation) });
  } catch (err) {
    ctx.connection.console.error(`iptables-lint: analysing ${entry.uri} failed: ${describeError(err)}`);
  }
}

export function describeError(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
