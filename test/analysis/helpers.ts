import type { Finding, TextEdit } from '../../server/src/core/finding';
import { analyze } from '../../server/src/engine/analyze';
import type { Analysis } from '../../server/src/engine/analysis';

export function run(text: string, languageId: 'shellscript' | 'iptables' = 'shellscript'): Analysis {
  return analyze(text, { languageId })!;
}

/** Findings of some codes as "CODE@line" (1-based lines, as editors show them). */
export function found(text: string, codes: string[], languageId: 'shellscript' | 'iptables' = 'shellscript'): string[] {
  return findings(text, codes, languageId).map((f) => `${f.code}@${f.range.start.line + 1}`);
}

export function findings(text: string, codes: string[], languageId: 'shellscript' | 'iptables' = 'shellscript'): Finding[] {
  return run(text, languageId).findings.filter((f) => codes.includes(f.code));
}

/** Apply non-overlapping edits (LSP positions) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i].length + 1;
    return o + p.character;
  };
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
