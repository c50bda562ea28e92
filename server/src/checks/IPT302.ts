import type { Check } from './check';
import { reportDeadRules } from './deadRule';

export const IPT302: Check = {
  code: 'IPT302',
  title: 'Redundant rule',
  severity: 'info',
  docs: {
    what: 'Finds rules whose packets earlier rules of the same chain already give the same verdict: a host inside a network that is already dropped, a second ESTABLISHED accept, a duplicate line.',
    why: 'The rule changes nothing, but it costs a comparison for every packet that reaches it and misleads the reader: removing the earlier rule later would silently change more than expected.',
    example: ['iptables -A INPUT -s 203.0.113.0/24 -j DROP', 'iptables -A INPUT -s 203.0.113.77 -j DROP', ''].join('\n'),
    useInstead: ['iptables -A INPUT -s 203.0.113.0/24 -j DROP', ''].join('\n'),
    exampleLanguage: 'shellscript',
    fixSafety: 'Removing the rule is offered but not applied automatically: it changes nothing today, but it would start to matter if the rules that cover it were narrowed or removed later.',
  },
  run(ctx) {
    reportDeadRules(ctx, true);
  },
};
