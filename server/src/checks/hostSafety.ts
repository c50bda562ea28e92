import type { RelatedInfo } from '../core/finding';
import type { Range } from '../core/range';
import { lineOf, sourceLine } from '../analysis/describe';
import type { Decider } from '../analysis/walk';
import type { Analysis } from '../engine/analysis';

/** Shared wording of the host-safety checks (IPT5xx): what decides a packet, where it is written. */

/** The range to point at for a decider: the rule, or the `-P` that set the policy. */
export function deciderRange(decider: Decider): Range | undefined {
  return decider.kind === 'rule' ? decider.entry.statement.command.range : decider.chain.policyRange;
}

/** "the INPUT policy DROP (line 5)" or "line 40 (`iptables -A INPUT -j DROP`)". */
export function deciderWords(analysis: Analysis, decider: Decider): string {
  if (decider.kind === 'policy') {
    const where = decider.chain.policyRange ? ` (${lineOf(decider.chain.policyRange)})` : '';
    return `the ${decider.chain.name} policy DROP${where}`;
  }
  const range = decider.entry.statement.command.range;
  const inChain = decider.chain.builtin ? '' : ` in chain ${decider.chain.name}`;
  return `${lineOf(range)}${inChain} (\`${sourceLine(analysis.text, range)}\`)`;
}

export function deciderRelated(decider: Decider, message: string): RelatedInfo[] {
  const range = deciderRange(decider);
  return range ? [{ range, message }] : [];
}
