// Placeholder until the iptables parser lands (issue #2): the signature is the contract.
import type { Problem } from '../engine/problem';
import type { Invocation } from '../eval/invocation';
import type { IptCommand } from './rule';
export function parseInvocation(_inv: Invocation): { command?: IptCommand; problems: Problem[] } {
  return { problems: [] };
}
