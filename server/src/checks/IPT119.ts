import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT119 = modelProblemCheck('IPT119', 'Restore file syntax', {
  what: 'Finds what iptables-restore refuses in a save/restore file: a table never closed with COMMIT, rules before any `*table` line, `-t` inside a table section, chain lines without a policy, unterminated quotes.',
  why: "iptables-restore loads a table all or nothing: one such line and none of the table's rules or policies are applied, so the host keeps its old (or no) firewall.",
  example: [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n'),
  exampleLanguage: 'iptables',
});
