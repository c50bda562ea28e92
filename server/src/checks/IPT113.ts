import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT113 = modelProblemCheck('IPT113', 'REJECT with a reply type iptables refuses', {
  what: 'Finds `--reject-with` values that do not exist for the address family (`icmp-port-unreachable` in ip6tables, `icmp6-adm-prohibited` in iptables) and `--reject-with tcp-reset` without `-p tcp`. A value is read as iptables reads it: any prefix of a type or its short name, in any case (`icmp-port-unreach` is icmp-port-unreachable).',
  why: 'The rule is refused (by iptables, or by the kernel for tcp-reset without -p tcp), so nothing is rejected: the traffic falls through to later rules or the policy.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -p udp --dport 111 -j REJECT --reject-with tcp-reset',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -p udp --dport 111 -j REJECT --reject-with icmp-port-unreachable',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
