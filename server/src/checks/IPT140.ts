import { modelProblemCheck } from './modelProblems';

export const IPT140 = modelProblemCheck('IPT140', '-D of a rule that is not in the chain', {
  what: 'Finds `-D CHAIN <rule>` where, at that point of the script, no rule of the chain matches the specification.',
  why: 'iptables fails with "Bad rule (does a matching rule exist in that chain?)". Under `set -e` the script stops half way, leaving a half-built firewall; without it, the rule you meant to remove stays.',
  example: 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -D INPUT -p tcp --dport 2222 -j ACCEPT\n',
  useInstead: 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -D INPUT -p tcp --dport 22 -j ACCEPT\n',
  exampleLanguage: 'shellscript',
});
