/**
 * The explanation shown on hover. Rules are explained by the analysis layer (direction, what the rule
 * matches in words, verdict, where the replies go); for the commands that shape a chain rather than
 * add a rule (`-P`, `-N`), this adds what they do to the chain.
 */
import { containsPosition, type Position } from '../core/range';
import type { Analysis } from '../engine/analysis';
import { chainDirection } from '../analysis/describe';
import { explainRule } from '../analysis/explain';
import { hooksOf } from './chainDirections';

export function explainAt(analysis: Analysis, position: Position): string | undefined {
  return explainRule(analysis, position) ?? explainChainCommand(analysis, position);
}

function explainChainCommand(analysis: Analysis, position: Position): string | undefined {
  const statement = analysis.statements.find((s) => containsPosition(s.command.range, position));
  const c = statement?.command;
  if (!c?.chain) return undefined;
  const chain = c.chain.value;
  const where = `${c.table} table, ${c.family === 'ipv4' ? 'IPv4' : 'IPv6'}`;
  if (c.op === 'policy' && c.policy) {
    const fate = c.policy.value === 'DROP' ? 'discarded' : 'let through';
    return `**${chain}** (${where}) — governs ${chainDirection(chain)}.\n\n**Policy \`${c.policy.value}\`:** a packet that reaches the end of ${chain} without a verdict is ${fate}.`;
  }
  if (c.op === 'new-chain') {
    const hooks = hooksOf(analysis, c.family, c.table, chain);
    const reached = hooks.length ? `reached from ${hooks.join(' and ')}` : 'no built-in chain jumps to it: its rules never see a packet';
    return `**${chain}** (${where}) — a user chain, ${reached}. At its end (or on \`RETURN\`) the packet goes back to the rule after the jump.`;
  }
  return undefined;
}
