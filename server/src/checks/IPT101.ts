import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT101 = modelProblemCheck('IPT101', 'Unknown option', {
  what: 'Finds options iptables does not know in that place: typos such as `--dprot` or `--sourceport`, an abbreviation that fits several options, or a short option that does not exist. Suggests the closest valid option.',
  why: 'iptables stops at the first unknown option and adds nothing: the rule is missing from the running firewall. If it was an ACCEPT (SSH, replies), the traffic it should let in or out is dropped by the policy; a script without `set -e` carries on and leaves a half-built firewall behind.',
  example: [
    '#!/bin/sh',
    'iptables -P INPUT DROP',
    'iptables -A INPUT -p tcp --dprot 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -P INPUT DROP',
    'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: 'The suggested spelling is the closest option iptables knows there; check it is the one you meant before applying.',
});
