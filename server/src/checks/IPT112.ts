import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT112 = modelProblemCheck('IPT112', 'Unknown connection state', {
  what: 'Finds `--ctstate` / `--state` values that are not connection states (`ESTABLISHD`, `RELATED,ESTABLISHED,` with a typo), and SNAT/DNAT with `-m state` (only conntrack knows them).',
  why: 'iptables refuses the rule ("Bad ctstate"). When it was the rule accepting ESTABLISHED traffic, replies to every connection are dropped by the policy.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHD,RELATED -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
