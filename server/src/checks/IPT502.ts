import { factsOf } from '../analysis/context';
import { probeFilterChain } from '../analysis/probe';
import type { Decider } from '../analysis/walk';
import type { Family } from '../iptables/rule';
import type { Check } from './check';
import { deciderRange, deciderRelated, deciderWords } from './hostSafety';

/** Loopback traffic as local programs make it: to and from the host's own loopback address. */
const LOOPBACK = { ipv4: '127.0.0.1', ipv6: '::1' } as const;

/** Services that commonly listen on localhost only: what breaks first when loopback is dropped. */
const LOCAL_SERVICES: { protocol: number; port: number; name: string }[] = [
  { protocol: 17, port: 53, name: 'DNS (the local resolver)' },
  { protocol: 6, port: 5432, name: 'PostgreSQL' },
  { protocol: 6, port: 3306, name: 'MySQL' },
  { protocol: 6, port: 6379, name: 'Redis' },
  { protocol: 6, port: 11211, name: 'memcached' },
  { protocol: 6, port: 9000, name: 'PHP-FPM' },
];

export const IPT502: Check = {
  code: 'IPT502',
  title: 'Loopback traffic is dropped',
  severity: 'warning',
  docs: {
    what: 'Finds firewalls that drop new connections over the loopback interface `lo`: INPUT for packets coming in on `lo`, OUTPUT for packets going out on it.',
    why: 'Programs on the host talk to each other over 127.0.0.1: a database or cache bound to localhost, PHP-FPM behind a web server, the local DNS resolver (systemd-resolved answers on 127.0.0.53). With a DROP policy and no `-i lo`/`-o lo` accept, all of these stop working, often with slow timeouts rather than clear errors.',
    example: [
      '#!/bin/sh',
      'iptables -P INPUT DROP',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
      '',
    ].join('\n'),
    useInstead: [
      '#!/bin/sh',
      'iptables -P INPUT DROP',
      'iptables -A INPUT -i lo -j ACCEPT',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
      '',
    ].join('\n'),
    exampleLanguage: 'shellscript',
  },
  run(ctx) {
    const { analysis } = ctx;
    const facts = factsOf(analysis.ruleset);
    for (const family of ['ipv4', 'ipv6'] as Family[]) {
      for (const [chainName, side] of [['INPUT', 'inInterface'], ['OUTPUT', 'outInterface']] as const) {
        const dropped: string[] = [];
        let first: Decider | undefined;
        for (const service of LOCAL_SERVICES) {
          const probe = probeFilterChain(analysis.ruleset, facts, family, chainName, {
            protocol: service.protocol,
            destinationPort: service.port,
            source: LOOPBACK[family],
            destination: LOOPBACK[family],
            states: ['NEW'],
            [side]: { name: 'lo', negated: false },
          });
          if (!probe) break;
          if (!probe.certainlyDropped) continue;
          dropped.push(`${service.name} ${service.protocol === 17 ? 'udp' : 'tcp'}/${service.port}`);
          first ??= probe.droppedBy[0];
        }
        const range = first && deciderRange(first);
        if (!first || !range) continue;
        const tool = family === 'ipv6' ? 'ip6tables' : 'iptables';
        const flag = side === 'inInterface' ? '-i' : '-o';
        ctx.report({
          message: `Loopback traffic is dropped in ${chainName}: new local connections to ${LOOPBACK[family]} ${side === 'inInterface' ? 'coming in on' : 'going out on'} \`lo\` meet ${deciderWords(analysis, first)} and no rule accepts them, so services listening on localhost stop working (${dropped.join(', ')}). Accept loopback first: \`${tool} -I ${chainName} 1 ${flag} lo -j ACCEPT\`.`,
          range,
          related: deciderRelated(first, 'loopback traffic ends here'),
        });
      }
    }
  },
};
