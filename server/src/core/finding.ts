import type { Range } from './range';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A place elsewhere in the text that explains a finding: the rule that drops the replies, the blocking rule. */
export interface RelatedInfo {
  range: Range;
  message: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor offers first. */
  preferred?: boolean;
  /** Safe fixes are applied by "fix all" (source.fixAll.iptables); unsafe ones only on request. */
  safe: boolean;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  related: RelatedInfo[];
  /** The text can never have an effect (dead rule): editors fade it. */
  unnecessary?: boolean;
  fixes: Fix[];
}
