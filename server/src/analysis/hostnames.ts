import type { Range } from '../core/range';
import type { Family, Located, Rule } from '../iptables/rule';
import { ADDRESS_MAY_BE_NAME } from '../iptables/addresses';
import { mayBeHostname, parseAddress } from '../model/address';
import { isRestoreStatement, RulesetBuilder } from '../model/build';
import type { RuleEntry } from '../model/ruleset';
import type { Statement } from '../model/statement';
import { liveSpaces, type SpaceSource } from './chainSpaces';
import { IntervalSet } from './intervals';
import { Dim, entrySpace, fullBox, interfaceSet, protocolSet, type RuleSpace, stateBit } from './space';
import { type Decider, followPackets } from './walk';

/** A host name in `-s`/`-d`: iptables resolves it once, when the command runs. */
export interface HostnameUse {
  statement: Statement;
  /** The `-s`/`-d` value as written. */
  value: Located<string>;
  names: string[];
  /** When DNS cannot work at that point of the script: what drops the lookup (or its answer). */
  dnsBlockedBy?: {
    decider: Decider;
    direction: 'query' | 'answer';
    /** The policy line in force then (the chain object itself changes as the script goes on). */
    policyRange?: Range;
  };
}

export function hostnamesIn(rule: Rule): string[] {
  return [...namesIn(rule.source, rule.family), ...namesIn(rule.destination, rule.family)];
}

function namesIn(value: Located<string> | undefined, family: Family): string[] {
  const out: string[] = [];
  if (!value || !value.known || !mayBeHostname(value.value, family)) return out;
  for (const part of value.value.split(',')) {
    const parsed = parseAddress(part, family);
    if (parsed.kind === 'hostname') out.push(parsed.name);
  }
  return out;
}

/**
 * Every host-name use, with whether the firewall built so far already blocks DNS when the command
 * runs. The state is replayed with a second builder only when a host name occurs at all. Lines of
 * one iptables-restore input are resolved while it is read, before any of it applies: they see the
 * state from before that input. `candidates`: the statements that may hold a host name, when already
 * known (Ruleset.hostnameCandidates); otherwise every statement is tested.
 */
/** Whether a rule's `-s`/`-d` may hold a host name: the trait the parser noted (iptables/addresses addressTraitsOf). */
function mayHoldHostname(rule: Rule): boolean {
  return (rule.addressTraits & ADDRESS_MAY_BE_NAME) !== 0;
}

export function findHostnameUses(statements: Statement[], candidates: readonly Statement[] = statements): HostnameUse[] {
  const withNames = candidates.filter((s) => s.command.rule && mayHoldHostname(s.command.rule) && hostnamesIn(s.command.rule).length > 0);
  if (withNames.length === 0) return [];
  // One restore input (a file, or one here-document) is read, names and all, before any of it applies.
  const inputOf = (s: Statement): unknown => (isRestoreStatement(s) ? s.invocation ?? 'restore file' : undefined);
  const inputsWithNames = new Set(withNames.map(inputOf).filter((k) => k !== undefined));
  const builder = new RulesetBuilder();
  const cachedSpaces = new Map<RuleEntry, RuleSpace>();
  const spaces = liveSpaces((e) => cachedSpaces.get(e) ?? cachedSpaces.set(e, entrySpace(e)).get(e)!);
  const out: HostnameUse[] = [];
  let cached: { version: number; value: HostnameUse['dnsBlockedBy'] } | undefined;
  const blockedNow = (family: Family) => {
    if (!cached || cached.version !== builder.version) cached = { version: builder.version, value: dnsBlocked(builder, family, spaces) };
    return cached.value;
  };
  let currentInput: unknown;
  let inputBlocked: HostnameUse['dnsBlockedBy'];
  for (const statement of statements) {
    const input = inputOf(statement);
    const rule = statement.command.rule;
    if (input !== currentInput) {
      currentInput = input;
      if (input !== undefined && inputsWithNames.has(input)) inputBlocked = blockedNow(rule?.family ?? statement.command.family);
    }
    if (rule && mayHoldHostname(rule) && hostnamesIn(rule).length > 0) {
      const blocked = input !== undefined ? inputBlocked : blockedNow(rule.family);
      for (const value of [rule.source, rule.destination]) {
        const own = namesIn(value, rule.family);
        if (value && own.length) out.push({ statement, value, names: own, dnsBlockedBy: blocked });
      }
    }
    builder.apply(statement);
  }
  return out;
}

const NOT_LOOPBACK = interfaceSet('+')!.subtract(interfaceSet('lo')!);

/** Whether a DNS lookup (udp/53 out, its answer in) is certainly dropped by the filter table as it stands. */
function dnsBlocked(builder: RulesetBuilder, family: 'ipv4' | 'ipv6', spaces: SpaceSource): HostnameUse['dnsBlockedBy'] {
  const table = builder.ruleset.tables.get(`${family}/filter`);
  if (!table) return undefined;
  const query = fullBox(family);
  query[Dim.Protocol] = protocolSet('udp')!;
  query[Dim.DestinationPort] = IntervalSet.of(53, 54);
  query[Dim.State] = stateBit('NEW');
  // Not over lo: even a local stub resolver has to ask upstream through a real interface.
  query[Dim.OutInterface] = NOT_LOOPBACK;
  const answer = fullBox(family);
  answer[Dim.Protocol] = query[Dim.Protocol];
  answer[Dim.SourcePort] = query[Dim.DestinationPort];
  answer[Dim.State] = stateBit('ESTABLISHED');
  answer[Dim.InInterface] = NOT_LOOPBACK;
  for (const [chainName, packets, direction] of [['OUTPUT', query, 'query'], ['INPUT', answer, 'answer']] as const) {
    const chain = table.chains.get(chainName);
    if (!chain) continue;
    const fate = followPackets(table, chain, [packets], spaces);
    if (!fate.mayAcceptBy && !fate.gaveUp && fate.droppedBy.length > 0) {
      const decider = fate.droppedBy[0];
      return { decider, direction, policyRange: decider.kind === 'policy' ? decider.chain.policyRange : undefined };
    }
  }
  return undefined;
}
