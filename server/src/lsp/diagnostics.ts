import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/finding';
import type { Settings } from './settings';

/** Every diagnostic says where it comes from, so it sits well beside ShellCheck's and bash-language-server's. */
export const DIAGNOSTIC_SOURCE = 'iptables';

const DOCS_BASE = 'https://github.com/iptables-lint/iptables-lint/blob/main/docs/rules/';

export function ruleDocsUrl(code: string): string {
  return `${DOCS_BASE}${code}.md`;
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity the user wants for a finding, or undefined when they switched its code off. */
export function effectiveSeverity(finding: Finding, settings: Settings): Severity | undefined {
  const override = settings.severity[finding.code];
  if (override === 'off') return undefined;
  return override ?? finding.severity;
}

/**
 * Diagnostics as the editor shows them. Editors that cannot show related locations get them in the
 * message instead (`line 3: drops the replies`), so the explanation is never lost.
 */
export function toDiagnostics(uri: string, findings: readonly Finding[], settings: Settings, relatedSupport: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const finding of findings) {
    const severity = effectiveSeverity(finding, settings);
    if (!severity) continue;
    const diagnostic: Diagnostic = {
      range: finding.range,
      severity: LSP_SEVERITY[severity],
      code: finding.code,
      codeDescription: { href: ruleDocsUrl(finding.code) },
      source: DIAGNOSTIC_SOURCE,
      message: finding.message,
    };
    if (finding.related.length > 0 && relatedSupport) {
      diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
    } else if (finding.related.length > 0) {
      diagnostic.message = finding.message + finding.related.map((r) => `\n  line ${r.range.start.line + 1}: ${r.message}`).join('');
    }
    if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
    out.push(diagnostic);
  }
  return out;
}

/**
 * The finding an editor's diagnostic stands for (code actions receive diagnostics back, not findings):
 * same code and range, and the message it was published with.
 */
export function findingOf(diagnostic: Diagnostic, findings: readonly Finding[]): Finding | undefined {
  return findings.find(
    (f) =>
      f.code === diagnostic.code &&
      (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value).startsWith(f.message) &&
      f.range.start.line === diagnostic.range.start.line &&
      f.range.start.character === diagnostic.range.start.character &&
      f.range.end.line === diagnostic.range.end.line &&
      f.range.end.character === diagnostic.range.end.character,
  );
}
