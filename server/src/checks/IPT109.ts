import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT109 = modelProblemCheck('IPT109', 'Missing argument', {
  what: 'Finds options whose argument is missing (`-j` at the end of the line, `--dport` with nothing after it), `-P` without a policy, `-E` without the new name, matches or targets loaded without the option they need (`-m state` without `--state`, `-j MARK` without a mark, `-j SNAT` without `--to-source`, `-m conntrack` with no option at all, hashlimit without `--hashlimit-name`), and options that need another (`--every` without `--packet`, `--reap` without `--seconds`, `-W` without `-w`).',
  why: 'iptables refuses the command, often because a variable expanded to nothing (`--dport $PORT` with PORT unset). The rule or policy is missing from the firewall.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -m state -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
