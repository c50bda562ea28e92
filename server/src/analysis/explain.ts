import { containsPosition, type Position } from '../core/range';
import type { Analysis } from '../engine/analysis';
import type { ChainState, RuleEntry, TableState } from '../model/ruleset';
import type { Statement } from '../model/statement';
import { factsOf } from './context';
import { chainDirection, describeMatch, lineOf, sourceLine } from './describe';
import { type ConnectionDirection, replyBoxes } from './replies';
import { type Decider, followPackets, mainDropper } from './walk';
import { verdictOf } from './verdict';

/** A rule in the final ruleset, with where it stands. */
export interface PlacedRule {
  entry: RuleEntry;
  table: TableState;
  chain: ChainState;
  /** 0-based position in the chain. */
  index: number;
}

export interface RuleAtPosition {
  /** The command under the cursor (the first, when a loop ran it several times). */
  statement: Statement;
  /** Every rule it left in the final ruleset (none when a later command removed it). */
  rules: PlacedRule[];
}

const placements = new WeakMap<Analysis, Map<Statement, PlacedRule[]>>();

function placementsOf(analysis: Analysis): Map<Statement, PlacedRule[]> {
  let map = placements.get(analysis);
  if (!map) {
    map = new Map();
    for (const table of analysis.ruleset.tables.values()) {
      for (const chain of table.chains.values()) {
        chain.rules.forEach((entry, index) => {
          const list = map!.get(entry.statement) ?? [];
          list.push({ entry, table, chain, index });
          map!.set(entry.statement, list);
        });
      }
    }
    placements.set(analysis, map);
  }
  return map;
}

/** The iptables command under `position`, and the rules it left in the ruleset. */
export function ruleAt(analysis: Analysis, position: Position): RuleAtPosition | undefined {
  const statements = analysis.statements.filter((s) => containsPosition(s.command.range, position));
  if (statements.length === 0) return undefined;
  const placed = placementsOf(analysis);
  const rules = statements.flatMap((s) => placed.get(s) ?? []);
  return { statement: statements[0], rules };
}

/**
 * Markdown for a hover on a rule: the direction it governs, what it matches, its verdict and what
 * happens next, and for a rule that accepts connections, where their replies go.
 */
export function explainRule(analysis: Analysis, position: Position): string | undefined {
  const at = ruleAt(analysis, position);
  if (!at) return undefined;
  const command = at.statement.command;
  if (!command.rule || (command.op !== 'append' && command.op !== 'insert' && command.op !== 'replace')) return undefined;
  if (at.rules.length === 0) {
    return `**${command.chain?.value ?? ''}** rule — not in the final ruleset: a later command deletes or flushes it, or iptables refuses it.`;
  }
  const facts = factsOf(analysis.ruleset);
  const first = at.rules[0];
  const parts: string[] = [];
  parts.push(`**${first.chain.name}** (${tableWords(first.table)}) — ${governs(first, facts)}`);
  parts.push(`**Matches:** ${describeMatch(first.entry.rule)}.`);
  const space = facts.spaceOf(first.entry);
  if (space.notModelled.length) {
    parts.push(`Also \`${space.notModelled.join('`, `')}\`: not modelled here, so the analysis treats the rule as one that may or may not match.`);
  }
  parts.push(`**Verdict:** ${verdictWords(first)}`);
  parts.push(`Rule ${first.index + 1} of ${first.chain.rules.length} in ${first.chain.name}.`);
  if (at.rules.length > 1) {
    const details = at.rules.map((r) => r.entry.statement.origins.map((o) => o.detail).join(', ')).filter(Boolean);
    parts.push(`This line adds ${at.rules.length} rules${details.length ? ` (${details.join('; ')})` : ''}.`);
  }
  if (first.entry.conditional) parts.push('It runs only under a condition (`if`, `case`, `&&`…): it may or may not be in the ruleset.');
  const dead = facts.deadRules().get(first.entry);
  if (dead) {
    const by = dead.blockers.map((b) => `${lineOf(b.statement.command.range)} (\`${sourceLine(analysis.text, b.statement.command.range)}\`)`).join(', ');
    parts.push(`**Never matches:** ${by} decide${dead.blockers.length === 1 ? 's' : ''} its packets first.`);
  } else {
    const replies = replyWords(analysis, first, facts);
    if (replies) parts.push(replies);
  }
  return parts.join('\n\n');
}

function tableWords(table: TableState): string {
  return `${table.table} table, ${table.family === 'ipv4' ? 'IPv4' : 'IPv6'}`;
}

function governs(placed: PlacedRule, facts: ReturnType<typeof factsOf>): string {
  if (placed.chain.builtin) return `governs ${chainDirection(placed.chain.name)}.`;
  const hooks = [...facts.hooksOf(placed.table, placed.chain.name)];
  if (hooks.length === 0) return 'a user chain no built-in chain jumps to: its rules never see a packet.';
  return `a user chain reached from ${hooks.join(' and ')}: ${hooks.map((h) => chainDirection(h)).join('; ')}.`;
}

function verdictWords(placed: PlacedRule): string {
  const target = placed.entry.rule.target;
  switch (verdictOf(placed.entry)) {
    case 'accept':
      return '`ACCEPT` — the packet is let through; no later rule of this table sees it.';
    case 'drop':
      return target?.name === 'REJECT'
        ? '`REJECT` — the packet is refused with an error reply (ICMP or TCP reset); the sender knows at once.'
        : '`DROP` — the packet is silently discarded; the sender waits until it times out.';
    case 'return':
      return placed.chain.builtin
        ? '`RETURN` — in a built-in chain: the chain policy decides.'
        : '`RETURN` — back to the calling chain, whose next rule decides.';
    case 'jump':
      return `\`-j ${target!.name}\` — the packet goes through chain ${placed.entry.jumpsTo}; if it comes back (RETURN or the end of that chain), the next rule here decides.`;
    case 'goto':
      return `\`-g ${target!.name}\` — the packet goes to chain ${placed.entry.jumpsTo} and does not come back here: at its end the caller of this chain (or the policy) decides.`;
    case 'continue':
      return target ? `\`${target.name}\` — the packet continues to the next rule.` : 'no target — the rule only counts packets; the next rule decides.';
    default:
      return `\`${target?.name}\` — a terminal target whose outcome depends on more than the rules (e.g. a userspace program).`;
  }
}

/** For an ACCEPT of new connections: which rule or policy lets their replies back, or drops them. */
function replyWords(analysis: Analysis, placed: PlacedRule, facts: ReturnType<typeof factsOf>): string | undefined {
  if (verdictOf(placed.entry) !== 'accept' || placed.table.table !== 'filter') return undefined;
  const hooks = placed.chain.builtin ? new Set([placed.chain.name]) : facts.hooksOf(placed.table, placed.chain.name);
  const direction: ConnectionDirection | undefined = hooks.has('INPUT') ? 'incoming' : hooks.has('OUTPUT') ? 'outgoing' : hooks.has('FORWARD') ? 'forwarded' : undefined;
  if (!direction) return undefined;
  const replyChain = placed.table.chains.get(direction === 'incoming' ? 'OUTPUT' : direction === 'outgoing' ? 'INPUT' : 'FORWARD');
  const replies = replyBoxes(facts.spaceOf(placed.entry).boxes, placed.table.family, direction);
  if (!replyChain || replies.length === 0) return undefined;
  const way = direction === 'incoming' ? 'leave through' : 'come back through';
  const fate = followPackets(placed.table, replyChain, replies, facts);
  if (fate.mayAcceptBy) return `**Replies** ${way} ${replyChain.name}, ${deciderWords(analysis, fate.mayAcceptBy, 'accepted')}.`;
  if (fate.gaveUp) return `**Replies** ${way} ${replyChain.name}; the analysis could not follow them to a verdict.`;
  const dropper = mainDropper(fate, replies, facts.spaceOf);
  if (dropper) return `**Replies** ${way} ${replyChain.name} and are ${deciderWords(analysis, dropper, 'dropped')}: the connections this rule accepts cannot work.`;
  return undefined;
}

function deciderWords(analysis: Analysis, decider: Decider, verb: string): string {
  if (decider.kind === 'policy') {
    return `${verb} by its policy ${decider.chain.policy}${decider.chain.policyRange ? ` (${lineOf(decider.chain.policyRange)})` : ''}`;
  }
  const range = decider.entry.statement.command.range;
  const certain = decider.entry.conditional || !analysisExact(decider.entry, analysis) ? ' (perhaps)' : '';
  return `${verb}${certain} by ${lineOf(range)}: \`${sourceLine(analysis.text, range)}\``;
}

function analysisExact(entry: RuleEntry, analysis: Analysis): boolean {
  return factsOf(analysis.ruleset).spaceOf(entry).exact;
}
