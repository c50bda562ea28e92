import { modelProblemCheck } from './modelProblems';

export const IPT150 = modelProblemCheck('IPT150', 'Command on a chain that does not exist', {
  what: 'Finds `-A`, `-I`, `-R`, `-D`, `-F`, `-Z`, `-L`, `-S` or `-C` on a chain that does not exist in the table at that point.',
  why: 'iptables fails with "No chain/target/match by that name": the rule is not added. A user chain has to be created with `-N` first; a built-in chain name may be misspelled or belong to another table (`-t nat`).',
  example: 'iptables -A web_in -p tcp --dport 443 -j ACCEPT\n',
  useInstead: 'iptables -N web_in\niptables -A web_in -p tcp --dport 443 -j ACCEPT\n',
  exampleLanguage: 'shellscript',
});
