import { factsOf } from '../analysis/context';
import { lineOf } from '../analysis/describe';
import { probeFilterChain } from '../analysis/probe';
import { verdictOf } from '../analysis/verdict';
import type { Fix } from '../core/finding';
import type { OptionValue, Rule } from '../iptables/rule';
import { optionCount, optionNameAt, optionNegatedAt, optionTextAt } from '../iptables/shapes';
import type { Check } from './check';
import { deciderRelated, deciderWords } from './hostSafety';

/** ICMP "destination unreachable / port unreachable" and ICMPv6 "port unreachable": errors about a connection. */
const ICMP_ERROR = {
  ipv4: { protocol: 1, icmp: [3, 3] as [number, number] },
  ipv6: { protocol: 58, icmp: [1, 4] as [number, number] },
};

function establishedOnly(rule: Rule): OptionValue | undefined {
  for (const m of rule.matches) {
    if (m.name !== 'conntrack' && m.name !== 'state') continue;
    // Read through the option…At functions: the option object is built only for the rule reported.
    for (let i = 0, n = optionCount(m); i < n; i++) {
      const name = optionNameAt(m, i);
      if ((name !== '--ctstate' && name !== '--state') || optionNegatedAt(m, i)) continue;
      const text = optionTextAt(m, i);
      if (text === undefined) continue;
      const states = text.toUpperCase().split(',');
      if (states.includes('ESTABLISHED') && !states.includes('RELATED')) return m.options[i];
    }
  }
  return undefined;
}

export const IPT503: Check = {
  code: 'IPT503',
  title: 'ESTABLISHED accepted without RELATED: ICMP errors are dropped',
  severity: 'info',
  docs: {
    what: 'Finds rules that accept `ESTABLISHED` connections but not `RELATED` ones, in a chain where the related packets are then dropped.',
    why: 'ICMP errors about a connection ("fragmentation needed", "port unreachable", "host unreachable") are RELATED, not ESTABLISHED. Dropping them breaks path-MTU discovery — large transfers stall over VPNs, PPPoE and tunnels with a smaller MTU — and turns fast failures ("connection refused") into slow timeouts.',
    example: [
      '#!/bin/sh',
      'iptables -P OUTPUT DROP',
      'iptables -A OUTPUT -o lo -j ACCEPT',
      'iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT',
      'iptables -A OUTPUT -p udp --dport 53 -j ACCEPT',
      '',
    ].join('\n'),
    useInstead: [
      '#!/bin/sh',
      'iptables -P OUTPUT DROP',
      'iptables -A OUTPUT -o lo -j ACCEPT',
      'iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A OUTPUT -p udp --dport 53 -j ACCEPT',
      '',
    ].join('\n'),
    exampleLanguage: 'shellscript',
    fixSafety: 'The fix adds RELATED to the state list, which also accepts the data connections of conntrack helpers (FTP, SIP) where a helper is assigned. Not applied by "fix all".',
  },
  run(ctx) {
    const { analysis } = ctx;
    const facts = factsOf(analysis.ruleset);
    for (const table of analysis.ruleset.tables.values()) {
      if (table.table !== 'filter') continue;
      for (const chainName of ['INPUT', 'OUTPUT', 'FORWARD']) {
        const chain = table.chains.get(chainName);
        if (!chain) continue;
        // Errors from and to other hosts: what loopback rules accept does not count. The probe comes
        // first: it usually stops at the chain's first ESTABLISHED,RELATED accept, and then no rule
        // needs to be read.
        const notLoopback = { name: 'lo', negated: true };
        const probe = probeFilterChain(analysis.ruleset, facts, table.family, chainName, {
          ...ICMP_ERROR[table.family],
          states: ['RELATED'],
          ...(chainName === 'INPUT' ? { inInterface: notLoopback } : chainName === 'OUTPUT' ? { outInterface: notLoopback } : {}),
        });
        if (!probe?.certainlyDropped) continue;
        const withoutRelated = chain.rules.filter((e) => verdictOf(e) === 'accept' && establishedOnly(e.rule));
        const decider = probe.droppedBy[0];
        for (const entry of withoutRelated) {
          const option = establishedOnly(entry.rule)!;
          const value = option.values[0];
          const fixes: Fix[] = [
            {
              title: `Accept RELATED too (--${option.name.slice(2)} ${value.value},RELATED)`,
              edits: [{ range: value.range, newText: `${value.value},RELATED` }],
              preferred: true,
              safe: false,
            },
          ];
          ctx.report({
            message: `Established traffic is accepted here, but not RELATED: ICMP errors about these connections ("fragmentation needed", "port unreachable") reach ${deciderWords(analysis, decider)} and are dropped. Path-MTU discovery breaks (large transfers stall over VPNs and tunnels) and refused connections time out instead of failing fast. Use \`${value.value},RELATED\`.`,
            range: entry.statement.command.range,
            related: deciderRelated(decider, `RELATED packets end here, after ${lineOf(entry.statement.command.range)}`),
            fixes,
          });
        }
      }
    }
  },
};
