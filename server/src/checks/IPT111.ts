import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT111 = modelProblemCheck('IPT111', 'Unknown protocol', {
  what: 'Finds `-p` values iptables does not know (`-p tpc`, `-p icmp6`), protocol numbers above 255, `-p` glued to its value (`-pudp`) and `! -p all`, which matches nothing.',
  why: 'iptables refuses the rule ("unknown protocol"), so the traffic it should allow or block is not handled.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -p tpc --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: 'The suggestion is the closest protocol name; a different protocol changes which packets the rule matches.',
});
