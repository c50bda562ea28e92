import { modelProblemCheck } from './modelProblems';

export const IPT145 = modelProblemCheck('IPT145', '-N of a chain that already exists', {
  what: 'Finds `-N CHAIN` when a chain of that name already exists in the table at that point.',
  why: 'iptables fails with "Chain already exists". A firewall script that runs a second time (reload) stops at this line unless it deletes its chains first.',
  example: 'iptables -N web_in\niptables -A web_in -p tcp --dport 443 -j ACCEPT\niptables -N web_in\n',
  useInstead: 'iptables -N web_in\niptables -A web_in -p tcp --dport 443 -j ACCEPT\niptables -F web_in\n',
  exampleLanguage: 'shellscript',
});
