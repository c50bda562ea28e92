import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT110 = modelProblemCheck('IPT110', 'Unknown match module', {
  what: 'Finds `-m NAME` where iptables has no such match (a typo such as `-m conntack`, or an IPv4-only match in ip6tables), and suggests the closest one.',
  why: "iptables refuses the rule (\"Couldn't load match\"), so the rule is missing: typically the ESTABLISHED/RELATED accept that lets replies back in, which cuts every connection this host makes.",
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -m conntack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: 'The suggestion is the closest match name; the options after it must belong to that match.',
});
