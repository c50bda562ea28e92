import type { Finding } from '../core/finding';

/**
 * Disable comments, as users write them:
 *   iptables -A INPUT -s 10.0.0.0/8 -j ACCEPT   # iptables-lint disable=IPT302
 *   # iptables-lint disable=IPT301,IPT302        (on its own line: applies to the next line)
 *   # iptables-lint disable-file=IPT401          (anywhere: the whole file)
 * A directive without codes (`disable` alone) silences every code on that line.
 */
const DIRECTIVE = /#\s*iptables-lint\s+(disable-file|disable)(?:\s*=\s*([A-Za-z0-9_,\s]+))?/;

export interface Suppressions {
  file: Set<string> | 'all' | undefined;
  lines: Map<number, Set<string> | 'all'>;
}

export function findSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: undefined, lines: new Map() };
  if (!text.includes('iptables-lint')) return result;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('iptables-lint')) continue;
    const m = DIRECTIVE.exec(line);
    if (!m) continue;
    const codes = m[2] ? new Set(m[2].split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase())) : 'all';
    if (m[1] === 'disable-file') {
      result.file = merge(result.file, codes);
      continue;
    }
    const ownLine = line.trimStart().startsWith('#');
    // A comment on its own line governs the next line that is not a comment.
    let target = i;
    if (ownLine) {
      target = i + 1;
      while (target < lines.length && lines[target].trimStart().startsWith('#')) target++;
    }
    result.lines.set(target, merge(result.lines.get(target), codes));
  }
  return result;
}

function merge(a: Set<string> | 'all' | undefined, b: Set<string> | 'all'): Set<string> | 'all' {
  if (a === 'all' || b === 'all') return 'all';
  if (!a) return b;
  return new Set([...a, ...b]);
}

function silenced(set: Set<string> | 'all' | undefined, code: string): boolean {
  return set === 'all' || (set !== undefined && set.has(code));
}

export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  const s = findSuppressions(text);
  if (!s.file && s.lines.size === 0) return findings;
  return findings.filter(
    (f) => !silenced(s.file, f.code) && !silenced(s.lines.get(f.range.start.line), f.code),
  );
}
