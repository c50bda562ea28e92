import { FoldingRangeKind, type FoldingRange, type FoldingRangeParams } from 'vscode-languageserver';
import { enabledDocument, type ServerContext } from './context';

/**
 * Restore files fold by table (`*filter` … `COMMIT`) and by runs of comment lines. Shell scripts get
 * nothing from us: an answer would replace the editor's own indentation folding there.
 */
export async function foldingRanges(ctx: ServerContext, params: FoldingRangeParams): Promise<FoldingRange[] | null> {
  const doc = await enabledDocument(ctx, params.textDocument.uri);
  if (!doc || doc.entry.language !== 'iptables') return null;
  return restoreFolding(doc.entry.document.getText().split(/\r?\n/));
}

export function restoreFolding(lines: readonly string[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  let tableStart = -1;
  let commentStart = -1;
  const closeComments = (line: number) => {
    if (commentStart >= 0 && line - 1 > commentStart) out.push({ startLine: commentStart, endLine: line - 1, kind: FoldingRangeKind.Comment });
    commentStart = -1;
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].trimStart();
    if (text.startsWith('#')) {
      if (commentStart < 0) commentStart = i;
      continue;
    }
    closeComments(i);
    if (text.startsWith('*')) {
      tableStart = i;
    } else if (/^COMMIT\b/.test(text) && tableStart >= 0) {
      if (i > tableStart) out.push({ startLine: tableStart, endLine: i, kind: FoldingRangeKind.Region });
      tableStart = -1;
    }
  }
  closeComments(lines.length);
  return out;
}
