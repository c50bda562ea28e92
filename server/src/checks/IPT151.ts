import { modelProblemCheck } from './modelProblems';

export const IPT151 = modelProblemCheck('IPT151', 'Hook-bound target or match reached from the wrong built-in chain', {
  what:
    'Finds a target or match that the kernel allows only under some built-in chains (MASQUERADE in POSTROUTING, SNAT in POSTROUTING and INPUT, DNAT and REDIRECT in PREROUTING and OUTPUT, `-m owner` in OUTPUT and POSTROUTING, `-m mac` in PREROUTING, INPUT and FORWARD…) sitting in a user chain that another built-in chain jumps to, directly or through other user chains. Reported on the rule when it is added to a chain already reached so, and on the jump when the jump comes after.',
  why:
    'In a user chain such a rule is accepted only while every built-in chain that reaches the chain is one it works in. The kernel checks both when the rule is added and when a jump makes it reachable, and iptables refuses the command ("Invalid argument"): that rule or that jump is never added, and a script with `set -e` stops there.',
  example: 'iptables -t nat -N wan_nat\niptables -t nat -A wan_nat -o eth0 -j MASQUERADE\niptables -t nat -A PREROUTING -j wan_nat\n',
  useInstead: 'iptables -t nat -N wan_nat\niptables -t nat -A wan_nat -o eth0 -j MASQUERADE\niptables -t nat -A POSTROUTING -j wan_nat\n',
  exampleLanguage: 'shellscript',
});
