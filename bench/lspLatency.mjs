// Editor latency of a language server, measured as an editor sees it: from the notification that
// opens or edits a document to the publishDiagnostics that answers it.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { LspClient } from './lspClient.mjs';
import { percentile, median } from './stats.mjs';

// After `initialized`, servers fetch their configuration; opening a document only after that
// measures the analysis, not the server's start-up.
const SETTLE_MS = 300;
// A server that needs seconds per edit is measured on fewer edits (at least MIN_EDITS), not for an hour.
const EDIT_BUDGET_MS = 30_000;
const MIN_EDITS = 5;

/**
 * @param {object} server  { command, args, settings?, initializationOptions? }
 * @param {object} job     { file, languageId, opens, edits, timeoutMs }
 *   opens: fresh servers, each timed from didOpen to its first diagnostics;
 *   edits: one-character didChange edits in the last of them, each timed to its diagnostics.
 */
export async function measureLsp(server, { file, languageId, opens, edits, timeoutMs }) {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const rootUri = pathToFileURL(dirname(file)).href;
  const openMs = [];
  const changeMs = [];
  let openDiagnostics = 0;
  let changeDiagnostics = 0;
  let warmOpenMs;
  for (let run = 0; run < opens; run++) {
    const client = new LspClient(server.command, server.args, { settings: server.settings });
    try {
      await client.initialize(rootUri, server.initializationOptions);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const first = client.nextDiagnostics(uri, 1, timeoutMs);
      const openedAt = performance.now();
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      const { params, arrivedAt } = await first;
      openMs.push(arrivedAt - openedAt);
      openDiagnostics = params.diagnostics.length;
      if (run === opens - 1 && edits > 0) {
        changeDiagnostics = await timeEdits(client, uri, text, edits, timeoutMs, changeMs);
        warmOpenMs = await timeWarmOpen(client, file, languageId, text, timeoutMs);
      }
    } finally {
      await client.stop();
    }
  }
  return {
    openMs: median(openMs),
    openDiagnostics,
    warmOpenMs,
    edits: changeMs.length,
    changeP50: edits ? percentile(changeMs, 50) : undefined,
    changeP95: edits ? percentile(changeMs, 95) : undefined,
    changeDiagnostics: edits ? changeDiagnostics : undefined,
  };
}

/**
 * The same text opened again under another name in the server that has just analysed it: the
 * first open in a fresh server also pays for compiling the engine, this one does not.
 */
async function timeWarmOpen(client, file, languageId, text, timeoutMs) {
  const uri = pathToFileURL(join(dirname(file), `reopened-${basename(file)}`)).href;
  const first = client.nextDiagnostics(uri, 1, timeoutMs);
  const openedAt = performance.now();
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const { arrivedAt } = await first;
  return arrivedAt - openedAt;
}

/**
 * Types a space at the end of a rule in the middle of the document, then deletes it, and again:
 * the smallest edit a user makes, on a line the engine must re-read.
 */
async function timeEdits(client, uri, text, edits, timeoutMs, out) {
  const lines = text.split('\n');
  let line = lines.length >> 1;
  while (line < lines.length - 1 && !/-A /.test(lines[line])) line++;
  const end = lines[line].length;
  let version = 1;
  let diagnostics = 0;
  let spentMs = 0;
  for (let i = 0; i < edits && (i < MIN_EDITS || spentMs < EDIT_BUDGET_MS); i++) {
    version++;
    const typing = i % 2 === 0;
    const change = typing
      ? { range: { start: { line, character: end }, end: { line, character: end } }, text: ' ' }
      : { range: { start: { line, character: end }, end: { line, character: end + 1 } }, text: '' };
    const answered = client.nextDiagnostics(uri, version, timeoutMs);
    const sentAt = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const { params, arrivedAt } = await answered;
    out.push(arrivedAt - sentAt);
    spentMs += arrivedAt - sentAt;
    diagnostics = params.diagnostics.length;
  }
  return diagnostics;
}
