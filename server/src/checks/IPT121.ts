import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT121 = modelProblemCheck('IPT121', 'Bad policy', {
  what: 'Finds policies other than ACCEPT or DROP (`-P INPUT REJECT`, a typo such as `DORP`), DROP policies in the nat table, policies on user chains in restore files.',
  why: 'iptables refuses the command and the chain keeps its old policy, typically ACCEPT: a default-deny firewall silently becomes default-allow.',
  example: [
    '#!/bin/sh',
    'iptables -P INPUT REJECT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -P INPUT DROP',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: 'The suggestion is the closest policy (ACCEPT or DROP); DROP makes the chain default-deny, so make sure the accepts you need come first.',
});
