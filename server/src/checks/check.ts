import type { Finding, Fix, RelatedInfo, Severity } from '../core/finding';
import type { Range } from '../core/range';
import type { Analysis } from '../engine/analysis';

/** The documentation of a check, in the order a reader needs it. Docs and hover text are generated from it. */
export interface CheckDocs {
  /** What it does: one or two sentences. */
  what: string;
  /** Why is this bad: the consequence, in direction terms. */
  why: string;
  /** A small, real-looking script on which the check fires. Tested. */
  example: string;
  /** The same script, corrected: the check must be silent on it. Tested. */
  useInstead: string;
  /** Language of `example` / `useInstead`. */
  exampleLanguage: 'shellscript' | 'iptables';
  /** When the fix can change behaviour, say how. */
  fixSafety?: string;
}

export interface FindingInput {
  message: string;
  range: Range;
  related?: RelatedInfo[];
  unnecessary?: boolean;
  fixes?: Fix[];
  /** Override the check's default severity (e.g. a conditional rule only gives a hint). */
  severity?: Severity;
}

export interface CheckContext {
  readonly analysis: Analysis;
  report(finding: FindingInput): void;
}

/**
 * One check, one file: its stable code, title, default severity, docs and the check itself.
 * Codes never change meaning once shipped: users write them in disable comments.
 */
export interface Check {
  code: string;
  title: string;
  severity: Severity;
  docs: CheckDocs;
  run(ctx: CheckContext): void;
}

export function toFinding(check: Check, input: FindingInput): Finding {
  return {
    code: check.code,
    severity: input.severity ?? check.severity,
    message: input.message,
    range: input.range,
    related: input.related ?? [],
    unnecessary: input.unnecessary,
    fixes: input.fixes ?? [],
  };
}
