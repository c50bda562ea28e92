import { modelProblemCheck } from './modelProblems';

export const IPT146 = modelProblemCheck('IPT146', 'Jump that closes a loop of chains', {
  what: 'Finds a `-j`/`-g` that lets packets of a built-in chain go round a loop of user chains: a chain that jumps, directly or through others, back to itself.',
  why: 'iptables refuses the rule (iptables-nft says "Too many links") and it is never added, so the traffic it was meant to send into the chains is handled by the rules after it or by the policy. A loop between user chains is accepted while nothing jumps into it, so the mistake shows only at the jump from INPUT, OUTPUT or FORWARD, often far from the rule that closed the loop.',
  example: 'iptables -N web_in\niptables -N rate_check\niptables -A web_in -j rate_check\niptables -A rate_check -j web_in\niptables -A INPUT -p tcp --dport 443 -j web_in\n',
  useInstead: 'iptables -N web_in\niptables -N rate_check\niptables -A web_in -j rate_check\niptables -A rate_check -j RETURN\niptables -A INPUT -p tcp --dport 443 -j web_in\n',
  exampleLanguage: 'shellscript',
});
