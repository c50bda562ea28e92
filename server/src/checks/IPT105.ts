import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT105 = modelProblemCheck('IPT105', 'Bad address or netmask', {
  what: 'Finds addresses iptables cannot read: octets above 255, prefix lengths above /32 (/128 for IPv6), malformed IPv6, an IPv4 address in an ip6tables rule, and `! -s 0.0.0.0/0`, which matches nothing; as a warning, an `-m iprange` range written backwards (`--src-range 192.0.2.20-192.0.2.5`), which iptables loads but which matches no address (or, negated, every address).',
  why: 'iptables refuses the rule ("host/network not found", "invalid mask"), so the source or destination it should allow or block is not handled. A value that is neither a number nor a valid name is also sent to DNS at load time.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -s 198.51.100.0/33 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -s 198.51.100.0/24 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
