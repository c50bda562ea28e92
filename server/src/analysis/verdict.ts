import type { RuleEntry } from '../model/ruleset';

/**
 * What a rule does to the packets it matches:
 * - accept / drop (DROP and REJECT): final, even inside a user chain;
 * - return: back to the calling chain (or the policy, in a built-in chain);
 * - jump: into a user chain, and back on RETURN or at its end; goto: the same, but back to the last `-j` caller;
 * - continue: LOG, MARK, no `-j`…: the next rule sees the packet;
 * - final: another terminal target (NFQUEUE, DNAT, SYNPROXY…) whose outcome the analysis does not know;
 * - unknown: a target the script cannot know (`-j "$ACTION"`).
 */
export type VerdictKind = 'accept' | 'drop' | 'return' | 'jump' | 'goto' | 'continue' | 'final' | 'unknown';

const CONTINUING_TARGETS = new Set([
  'LOG', 'NFLOG', 'ULOG', 'MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TRACE', 'AUDIT', 'CHECKSUM', 'CLASSIFY', 'DSCP',
  'ECN', 'HL', 'TTL', 'TOS', 'TCPMSS', 'TCPOPTSTRIP', 'SECMARK', 'CONNSECMARK', 'SET', 'LED', 'IDLETIMER',
  'RATEEST', 'HMARK', 'TEE', 'DNPT', 'SNPT',
]);

export function verdictOf(entry: RuleEntry): VerdictKind {
  const target = entry.rule.target;
  if (!target) return 'continue';
  if (entry.jumpsTo !== undefined) return target.kind === 'goto' ? 'goto' : 'jump';
  switch (target.name) {
    case 'ACCEPT':
      return 'accept';
    case 'DROP':
    case 'REJECT':
      return 'drop';
    case 'RETURN':
      return 'return';
  }
  if (CONTINUING_TARGETS.has(target.name)) return 'continue';
  if (/[$`…]/.test(target.name)) return 'unknown';
  return 'final';
}

/** Verdicts that decide a packet for the chain the rule is in (it never reaches the next rule). */
export function isTerminal(kind: VerdictKind): boolean {
  return kind === 'accept' || kind === 'drop' || kind === 'return' || kind === 'goto' || kind === 'final';
}

/** How a deciding rule's verdict is compared: DROP and REJECT differ (a timeout is not a refusal). */
export function verdictClass(entry: RuleEntry): string {
  const target = entry.rule.target;
  if (!target) return 'continue';
  return target.kind === 'goto' ? `goto ${entry.jumpsTo ?? target.name}` : target.name;
}
