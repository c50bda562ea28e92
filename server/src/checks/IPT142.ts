import { modelProblemCheck } from './modelProblems';

export const IPT142 = modelProblemCheck('IPT142', '-X of a chain that rules still jump to', {
  what: 'Finds `-X CHAIN` (or `-X` alone) while a rule in another chain still jumps to the chain.',
  why: 'iptables refuses with "Too many links": the chain and the rules that use it stay, so a script that rebuilds its rules ends up with the old ones still in place.',
  example: 'iptables -N web_in\niptables -A INPUT -p tcp --dport 443 -j web_in\niptables -X web_in\n',
  useInstead: 'iptables -N web_in\niptables -A INPUT -p tcp --dport 443 -j web_in\niptables -D INPUT -p tcp --dport 443 -j web_in\niptables -X web_in\n',
  exampleLanguage: 'shellscript',
});
