import { modelProblemCheck } from './modelProblems';

export const IPT141 = modelProblemCheck('IPT141', 'Jump to a chain that does not exist', {
  what: 'Finds `-j NAME` or `-g NAME` where NAME is neither a target nor a chain that exists when the command runs.',
  why: 'iptables fails with "Couldn\'t load target" and the rule is never added: the traffic it was meant to handle falls through to the rules after it. Chains must be created with `-N` before the first rule that jumps to them.',
  example: 'iptables -A INPUT -p tcp --dport 22 -j ssh_in\niptables -N ssh_in\niptables -A ssh_in -s 198.51.100.0/24 -j ACCEPT\n',
  useInstead: 'iptables -N ssh_in\niptables -A ssh_in -s 198.51.100.0/24 -j ACCEPT\niptables -A INPUT -p tcp --dport 22 -j ssh_in\n',
  exampleLanguage: 'shellscript',
});
