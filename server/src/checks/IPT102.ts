import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT102 = modelProblemCheck('IPT102', 'Option of a match that is not loaded', {
  what: 'Finds options that belong to a match extension the rule never loads, such as `--dport` without `-p tcp` (or `-p udp`), `--icmp-type` without `-p icmp`, and matches that need a protocol they do not have (`-m multiport` without `-p tcp`, DNAT to a port without `-p tcp`).',
  why: 'iptables refuses the rule ("unknown option", "multiport needs -p tcp…"), so it never reaches the kernel: a port you meant to open stays closed, or traffic you meant to block gets through.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -i eth0 --dport 443 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -i eth0 -p tcp --dport 443 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
