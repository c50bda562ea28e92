import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT103 = modelProblemCheck('IPT103', '-i in a chain that sees outgoing packets', {
  what: 'Finds `-i` (incoming interface) in OUTPUT or POSTROUTING rules.',
  why: "Packets in OUTPUT and POSTROUTING are leaving this host: they have no incoming interface. iptables refuses the rule (\"Can't use -i with OUTPUT\"), and the traffic direction it was meant for is not handled. Usually `-o` was meant.",
  example: [
    '#!/bin/sh',
    'iptables -A OUTPUT -i eth0 -p udp --dport 53 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A OUTPUT -o eth0 -p udp --dport 53 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
  fixSafety: 'Replacing -i by -o keeps the interface name: right when the rule was meant for traffic leaving through that interface, which is what OUTPUT and POSTROUTING see.',
});
