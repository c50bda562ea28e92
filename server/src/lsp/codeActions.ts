import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver';
import type { Finding, TextEdit } from '../core/finding';
import { comparePositions } from '../core/range';
import type { LanguageId } from '../engine/analysis';
import { documentEdit, enabledDocument, type ServerContext } from './context';
import { currentAnalysis } from './documents';
import { DIAGNOSTIC_SOURCE, effectiveSeverity, findingOf } from './diagnostics';
import { disableFileEdit, disableLineEdit } from './disableComments';
import type { Settings } from './settings';

/** "Fix all" for iptables only, so an editor's fix-on-save can ask for it by name. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.iptables`;

/**
 * For each of our diagnostics in the request: the finding's own fixes, then "disable for this line"
 * and "disable for this file". `source.fixAll.iptables` when the editor asks for source actions.
 */
export async function codeActions(ctx: ServerContext, params: CodeActionParams): Promise<CodeAction[] | null> {
  const uri = params.textDocument.uri;
  const doc = await enabledDocument(ctx, uri);
  if (!doc) return null;
  const analysis = currentAnalysis(doc.entry);
  if (!analysis) return null;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const text = doc.entry.document.getText();
  const lines = text.split(/\r?\n/);
  // New comment lines end the way the file's lines do.
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
      const finding = findingOf(diagnostic, analysis.findings);
      if (!finding) continue;
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true,
          edit: documentEdit(ctx, doc.entry, fix.edits),
        });
      }
      actions.push(...disableActions((edits) => documentEdit(ctx, doc.entry, edits), lines, eol, diagnostic, finding, doc.entry.language));
    }
  }
  // Only on explicit request: fix-on-save or the Source Action menu, never in the lightbulb.
  if (only && wants(FIX_ALL_KIND)) {
    const edits = safeFixEdits(analysis.findings, doc.settings);
    if (edits.length > 0) actions.push({ title: 'Fix all safe iptables problems', kind: FIX_ALL_KIND, edit: documentEdit(ctx, doc.entry, edits) });
  }
  return actions;
}

function disableActions(editOf: (edits: TextEdit[]) => WorkspaceEdit, lines: string[], eol: string, diagnostic: Diagnostic, finding: Finding, language: LanguageId): CodeAction[] {
  const out: CodeAction[] = [];
  const lineEdit = disableLineEdit(lines, finding.range.start.line, finding.code, language, eol);
  if (lineEdit) {
    out.push({ title: `Disable ${finding.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editOf([lineEdit]) });
  }
  const fileEdit = disableFileEdit(lines, finding.code, eol);
  if (fileEdit) {
    out.push({ title: `Disable ${finding.code} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: editOf([fileEdit]) });
  }
  return out;
}

/**
 * The first safe fix of every finding the user has not switched off, skipping any fix that would
 * touch text another chosen fix already changes (two fixes adding the same line count once).
 */
export function safeFixEdits(findings: readonly Finding[], settings: Settings): TextEdit[] {
  const chosen: TextEdit[] = [];
  for (const finding of findings) {
    if (!effectiveSeverity(finding, settings)) continue;
    const fix = finding.fixes.find((f) => f.safe);
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !chosen.some((c) => sameEdit(c, e)));
    if (fresh.some((e) => chosen.some((c) => overlaps(c, e)))) continue;
    chosen.push(...fresh);
  }
  return chosen.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.newText === b.newText && comparePositions(a.range.start, b.range.start) === 0 && comparePositions(a.range.end, b.range.end) === 0;
}

/** Two edits conflict when their ranges share text, or both insert at the same point (order would be a guess). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aEmpty = comparePositions(a.range.start, a.range.end) === 0;
  const bEmpty = comparePositions(b.range.start, b.range.end) === 0;
  if (aEmpty && bEmpty) return comparePositions(a.range.start, b.range.start) === 0;
  return comparePositions(a.range.start, b.range.end) < 0 && comparePositions(b.range.start, a.range.end) < 0;
}
