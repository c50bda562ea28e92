import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT118 = modelProblemCheck('IPT118', 'Bad value for an option', {
  what: 'Finds option values of the wrong form: an unknown ICMP type, a malformed MAC address, a bad rate for `--limit`, an interface name longer than 15 characters or empty, a log level that does not exist, TCP flags that do not exist, numbers out of range, and the values iptables reads itself: `--weekdays` and dates of the time match, DSCP and CLASSIFY classes, `|hex|` blocks, CT events, TCPOPTSTRIP options, ranges written backwards where iptables refuses them.',
  why: 'iptables refuses the rule, so the traffic it describes is not allowed, limited or logged as intended.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -p icmp --icmp-type echo-requets -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
