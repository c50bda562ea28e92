import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT120 = modelProblemCheck('IPT120', 'Misplaced negation', {
  what: 'Finds `!` where iptables does not accept it: after the option (`-s ! 192.0.2.1`, the pre-1.4 syntax), twice in a row, before `-j` or `-m`, before an option that cannot be negated, at the end of the line, and with a list of addresses.',
  why: 'iptables 1.8 refuses the command, so the exception the rule was meant to make ("everyone but this network") is not in the firewall.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -s ! 198.51.100.0/24 -p tcp --dport 22 -j DROP',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT ! -s 198.51.100.0/24 -p tcp --dport 22 -j DROP',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: 'Moving the `!` before the option is what the old syntax meant, so the fix is safe.',
});
