import type { Fix, RelatedInfo, Severity } from '../core/finding';
import type { Range } from '../core/range';

/**
 * A problem found by a lower layer (shell parser, evaluator, iptables parser, model) under a stable
 * code. The check file that owns the code (checks/IPTnnn.ts) holds its docs and turns it into a finding.
 */
export interface Problem {
  code: string;
  message: string;
  range: Range;
  related?: RelatedInfo[];
  fixes?: Fix[];
  severity?: Severity;
}
