import { modelProblemCheck } from './modelProblems';

export const IPT143 = modelProblemCheck('IPT143', '-X of a chain that still has rules', {
  what: 'Finds `-X CHAIN` while the chain still holds rules.',
  why: 'iptables refuses to delete a chain that is not empty ("Directory not empty"): the chain stays and a later `-N` of the same name fails.',
  example: 'iptables -N web_in\niptables -A web_in -p tcp --dport 443 -j ACCEPT\niptables -X web_in\n',
  useInstead: 'iptables -N web_in\niptables -A web_in -p tcp --dport 443 -j ACCEPT\niptables -F web_in\niptables -X web_in\n',
  exampleLanguage: 'shellscript',
});
