import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT115 = modelProblemCheck('IPT115', 'Bad chain name or rule number', {
  what: 'Finds rule numbers iptables refuses (`-I INPUT 0`, `-R` without a number), `-P` on a chain that is not built in, and new chain names that are too long (over 28 characters), start with `-`, or clash with a target name.',
  why: 'iptables refuses the command: a policy that is never set leaves the chain at ACCEPT; a chain that is never created makes every jump to it fail too.',
  example: [
    '#!/bin/sh',
    'iptables -I INPUT 0 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -I INPUT 1 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
