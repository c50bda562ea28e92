import { modelProblemCheck } from './modelProblems';

export const IPT149 = modelProblemCheck('IPT149', 'Rule number past the end of the chain', {
  what: 'Finds `-I CHAIN N`, `-R CHAIN N` and `-D CHAIN N` where the chain has fewer rules at that point than N needs.',
  why: 'iptables fails ("Index of insertion too big", "Index of replacement too big", "Index of deletion too big") and nothing changes: the rule meant to go first is missing, or the one meant to be replaced stays.',
  example: 'iptables -A INPUT -i lo -j ACCEPT\niptables -I INPUT 3 -p tcp --dport 22 -j ACCEPT\n',
  useInstead: 'iptables -A INPUT -i lo -j ACCEPT\niptables -I INPUT 2 -p tcp --dport 22 -j ACCEPT\n',
  exampleLanguage: 'shellscript',
});
