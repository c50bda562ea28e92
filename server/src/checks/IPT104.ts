import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT104 = modelProblemCheck('IPT104', '-o in a chain that sees incoming packets', {
  what: 'Finds `-o` (outgoing interface) in INPUT or PREROUTING rules.',
  why: "Packets in INPUT and PREROUTING have just arrived: no output interface is chosen yet. iptables refuses the rule (\"Can't use -o with INPUT\"), so the incoming traffic it was written for is not matched. Usually `-i` was meant.",
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -o eth0 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -i eth0 -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: 'Replacing -o by -i keeps the interface name: right when the rule was meant for traffic arriving on that interface, which is what INPUT and PREROUTING see.',
});
