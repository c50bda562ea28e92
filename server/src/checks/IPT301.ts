import type { Check } from './check';
import { reportDeadRules } from './deadRule';

export const IPT301: Check = {
  code: 'IPT301',
  title: 'Rule can never match',
  severity: 'warning',
  docs: {
    what: 'Finds rules that can never match because earlier rules of the same chain, with a different verdict, already decide every packet they would match: an ACCEPT appended after a catch-all DROP, a jump into a user chain behind a REJECT, a subnet inside a dropped network, a port inside a dropped range.',
    why: 'The rule looks like it opens (or closes) something, but the kernel never gets to it: the service it was written for stays blocked, or the block it was written for never happens. Rules are evaluated top to bottom and the first ACCEPT, DROP or REJECT wins, so `-A` after a catch-all is a classic trap.',
    example: [
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
      'iptables -A INPUT -j DROP',
      'iptables -A INPUT -p tcp --dport 443 -j ACCEPT',
      '',
    ].join('\n'),
    useInstead: [
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 443 -j ACCEPT',
      'iptables -A INPUT -j DROP',
      '',
    ].join('\n'),
    exampleLanguage: 'shellscript',
    fixSafety: 'Moving the rule above the rules that decide its packets (`-A` → `-I`, or moving the line in a restore file) makes it take effect, which changes what the firewall lets through: it is offered, never applied automatically.',
  },
  run(ctx) {
    reportDeadRules(ctx, false);
  },
};
