/**
 * The rule explanation shown on hover. The analysis layer (server/src/analysis/explain.ts) will own
 * the full text — what the rule matches in words, its verdict, where replies go. Until it lands this
 * adapter says what the statements alone tell: the direction the rule governs and its verdict.
 */
import { containsPosition, type Position } from '../core/range';
import type { Analysis } from '../engine/analysis';
import type { Statement } from '../model/statement';
import { CHAIN_DOCS } from '../iptables/grammar';
import { chainHooks } from './chainDirections';
import { targetSpec } from './grammarAdapter';

/** The rule (or policy, or chain command) at a position: the first statement whose text holds it (a loop repeats one text). */
export function statementAt(analysis: Analysis, position: Position): Statement | undefined {
  let found: Statement | undefined;
  for (const s of analysis.statements) {
    if (containsPosition(s.command.range, position)) found ??= s;
  }
  return found;
}

export function explainAt(analysis: Analysis, position: Position): string | undefined {
  const statement = statementAt(analysis, position);
  if (!statement) return undefined;
  const c = statement.command;
  if (!c.chain) return undefined;
  const chain = c.chain.value;
  const hooks = chainHooks(analysis)(c.family, c.table, chain);
  const where =
    hooks.length === 0
      ? `user chain \`${chain}\`, which no rule jumps to: its rules never see a packet`
      : hooks.map((h) => `\`${h}\`${h === chain ? '' : ` → \`${chain}\``}: ${CHAIN_DOCS[h] ?? ''}`).join(' ');
  const lines = [`${c.family === 'ipv6' ? 'IPv6' : 'IPv4'} \`${c.table}\` table: ${where}.`];
  if (c.op === 'policy' && c.policy) {
    lines.push(`Policy \`${c.policy.value}\`: applied to packets that reach the end of \`${chain}\` without a verdict.`);
  }
  const target = c.rule?.target;
  if (target) {
    const spec = targetSpec(target.name);
    const verb = target.kind === 'goto' ? 'Goes to' : 'Jumps to';
    lines.push(spec ? `\`-j ${target.name}\`: ${spec.doc}` : `${verb} user chain \`${target.name}\`.`);
  } else if (c.rule) {
    lines.push('No target: the rule only counts packets; evaluation continues with the next rule.');
  }
  if (statement.conditional) lines.push('_This command runs only under a condition (if, case, &&…)._');
  for (const origin of statement.origins) lines.push(`_From ${origin.kind === 'loop' ? 'the loop' : 'the call'} on line ${origin.range.start.line + 1}: ${origin.detail}._`);
  return lines.join('\n\n');
}
