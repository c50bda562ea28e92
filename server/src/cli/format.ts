import type { Finding } from '../core/finding';
import type { Check } from '../checks/check';

export interface FileResult {
  file: string;
  findings: Finding[];
}

/** `file:line:col: severity [CODE] message`, 1-based, the form compilers and editors' problem matchers read. */
export function formatText(results: FileResult[]): string {
  const out: string[] = [];
  let count = 0;
  for (const r of results) {
    for (const f of r.findings) {
      count++;
      out.push(`${r.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} [${f.code}] ${f.message}`);
      for (const rel of f.related) {
        out.push(`    ${r.file}:${rel.range.start.line + 1}:${rel.range.start.character + 1}: note: ${rel.message}`);
      }
    }
  }
  out.push(count === 0 ? 'No problems found.' : `${count} problem${count === 1 ? '' : 's'} found.`);
  return out.join('\n') + '\n';
}

/** The JSON contract: an array of {file, line, column, endLine, endColumn, code, severity, message}, 1-based. */
export function formatJson(results: FileResult[]): string {
  const rows = results.flatMap((r) =>
    r.findings.map((f) => ({
      file: r.file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      code: f.code,
      severity: f.severity,
      message: f.message,
    })),
  );
  return JSON.stringify(rows, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** SARIF 2.1.0, as code-scanning services read it: one run, the checks as rules, 1-based regions. */
export function formatSarif(results: FileResult[], checks: readonly Check[], version: string): string {
  const used = new Set(results.flatMap((r) => r.findings.map((f) => f.code)));
  const rules = checks
    .filter((c) => used.has(c.code))
    .map((c) => ({
      id: c.code,
      name: c.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
      shortDescription: { text: c.title },
      fullDescription: { text: c.docs.what },
      help: { text: `${c.docs.what}\n\n${c.docs.why}`, markdown: `${c.docs.what}\n\n**Why:** ${c.docs.why}` },
      defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
    }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.code,
      ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code) } : {}),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [location(r.file, f.range)],
      ...(f.related.length
        ? { relatedLocations: f.related.map((rel, i) => ({ id: i + 1, ...location(r.file, rel.range), message: { text: rel.message } })) }
        : {}),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'iptables-lint', version, informationUri: 'https://github.com/iptables-lint/iptables-lint', rules } },
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function location(file: string, range: Finding['range']) {
  return {
    physicalLocation: {
      artifactLocation: { uri: file === '-' ? 'stdin' : file },
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  };
}
