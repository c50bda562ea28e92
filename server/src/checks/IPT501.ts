import { factsOf } from '../analysis/context';
import { probeFilterChain } from '../analysis/probe';
import type { Family } from '../iptables/rule';
import type { Check } from './check';
import { deciderRange, deciderRelated, deciderWords } from './hostSafety';

const SSH_PORT = 22;

export const IPT501: Check = {
  code: 'IPT501',
  title: 'SSH is dropped: running this script over SSH locks you out',
  severity: 'warning',
  docs: {
    what: 'Finds firewalls after which INPUT drops every new SSH connection (TCP port 22) from everywhere, on every interface but loopback.',
    why: 'Most servers are managed over SSH. When the script leaves INPUT dropping port 22 for every source, the next SSH login fails and, once the current session ends, the only way back is a console. A missing SSH rule is easy to overlook when the policy is set to DROP at the top and the accepts come later. If SSH is allowed only from an admin network, this check stays silent: that is a choice, not a mistake.',
    example: [
      '#!/bin/sh',
      'iptables -P INPUT DROP',
      'iptables -A INPUT -i lo -j ACCEPT',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
      '',
    ].join('\n'),
    useInstead: [
      '#!/bin/sh',
      'iptables -P INPUT DROP',
      'iptables -A INPUT -i lo -j ACCEPT',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp -s 198.51.100.0/24 --dport 22 -j ACCEPT',
      'iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
      '',
    ].join('\n'),
    exampleLanguage: 'shellscript',
    fixSafety: 'No automatic fix: which networks may reach SSH is a security decision. Try new rules with `iptables-apply`, which rolls them back unless you confirm from a new session.',
  },
  run(ctx) {
    const { analysis } = ctx;
    const facts = factsOf(analysis.ruleset);
    for (const family of ['ipv4', 'ipv6'] as Family[]) {
      const probe = probeFilterChain(analysis.ruleset, facts, family, 'INPUT', {
        protocol: 6,
        destinationPort: SSH_PORT,
        states: ['NEW'],
        inInterface: { name: 'lo', negated: true },
      });
      if (!probe?.certainlyDropped) continue;
      const decider = probe.droppedBy[0];
      const range = deciderRange(decider);
      if (!range) continue; // the kernel default policy is ACCEPT: a DROP always has a line
      const tool = family === 'ipv6' ? 'ip6tables' : 'iptables';
      ctx.report({
        message: `After this script, INPUT drops every new SSH connection (TCP port ${SSH_PORT})${family === 'ipv6' ? ' over IPv6' : ''}: ${deciderWords(analysis, decider)} decides them and no rule accepts them. If you manage this host over SSH, you will be locked out. Accept SSH before it, ideally from your admin network only: \`${tool} -A INPUT -p tcp -s <admin network> --dport ${SSH_PORT} -j ACCEPT\`; try the rules with \`iptables-apply\`. If sshd listens on another port, or the host is not managed over SSH, disable IPT501 for this file.`,
        range,
        related: deciderRelated(decider, 'new SSH connections end here'),
      });
    }
  },
};
