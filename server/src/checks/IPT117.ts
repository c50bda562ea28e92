import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT117 = modelProblemCheck('IPT117', 'Unknown table', {
  what: 'Finds `-t` values (and `*table` lines in restore files) that name no table: filter, nat, mangle, raw and security exist.',
  why: 'iptables refuses the command ("Table does not exist"); in a restore file the whole load fails. The NAT or marking the rule was for never happens.',
  example: [
    '#!/bin/sh',
    'iptables -t nta -A POSTROUTING -o eth0 -j MASQUERADE',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: "The suggestion is the closest table name; check the rule's chain and target exist in that table.",
});
