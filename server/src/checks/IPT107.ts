import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT107 = modelProblemCheck('IPT107', 'Target that cannot be used this way', {
  what: 'Finds `-g` (goto) to a built-in target or chain such as `-g ACCEPT` (goto needs a user-defined chain), and targets that exist only for the other address family (TTL in ip6tables, HL in iptables).',
  why: "iptables refuses the rule (\"Chain 'ACCEPT' does not exist\"), so the verdict it was meant to give never happens and packets fall through to later rules or the policy.",
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -s 192.0.2.0/24 -g ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -s 192.0.2.0/24 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
