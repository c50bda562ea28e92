import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT114 = modelProblemCheck('IPT114', 'Repeated or conflicting options', {
  what: 'Finds options given twice where iptables allows one (`-s` twice, two `--dport` in one match, two `-j`, two commands such as `-A` and `-I`) and options that exclude each other (`--syn` with `--tcp-flags`, multiport `--sports` with `--dports`, recent `--set` with `--seconds`, DSCP `--set-dscp` with `--set-dscp-class`, NFQUEUE `--queue-num` with `--queue-balance`, CONNMARK `--save-mark` with `--restore-mark`).',
  why: 'iptables refuses the command, so the rule is missing. Two sources in one rule is a common attempt at "either address": write two rules or `-s a,b`.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -s 192.0.2.10 -s 192.0.2.11 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -s 192.0.2.10,192.0.2.11 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
