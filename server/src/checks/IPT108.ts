import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT108 = modelProblemCheck('IPT108', 'Target or match in a table or chain that refuses it', {
  what: "Finds targets and matches used where the kernel does not allow them: REJECT outside the filter table's INPUT/FORWARD/OUTPUT, DROP in the nat table, DNAT outside PREROUTING/OUTPUT, SNAT outside POSTROUTING/INPUT, MASQUERADE outside POSTROUTING, NOTRACK/CT outside raw, `-m owner` outside OUTPUT/POSTROUTING, `-m mac` in OUTPUT, and options that need an interface or direction the hook does not have (policy `--dir in` in OUTPUT, addrtype `--limit-iface-in` in OUTPUT, devgroup `--src-group` in OUTPUT)\u2026",
  why: 'The kernel refuses the rule when it is added, so the translation or verdict never happens: a port forward that never forwards, a NAT that never rewrites replies, a REJECT that never rejects.',
  example: [
    '#!/bin/sh',
    'iptables -t nat -A POSTROUTING -p tcp --dport 80 -j DNAT --to-destination 192.0.2.10:8080',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 192.0.2.10:8080',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
