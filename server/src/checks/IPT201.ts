import type { Check } from './check';
import { reportDeadReplies } from './replyPath';

export const IPT201: Check = {
  code: 'IPT201',
  title: 'Incoming connections accepted, but their replies cannot leave',
  severity: 'error',
  docs: {
    what: 'Finds INPUT (and FORWARD) rules that accept new connections whose replies, on the way back out (source port = the service port, conntrack state ESTABLISHED, out through the interface the request came in on), certainly reach a DROP or REJECT — the OUTPUT policy or a catch-all rule — before any rule accepts them.',
    why: 'A TCP connection needs both directions. The client\'s SYN gets in, but the SYN-ACK is dropped on its way out: the service looks open in the rules and is dead in practice, and clients hang until they time out. A common cause is an OUTPUT policy of DROP with no `--ctstate ESTABLISHED` rule, or an OUTPUT rule written with `--dport 80` where the replies need `--sport 80`.',
    example: [
      'iptables -P INPUT DROP',
      'iptables -P OUTPUT DROP',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
      '',
    ].join('\n'),
    useInstead: [
      'iptables -P INPUT DROP',
      'iptables -P OUTPUT DROP',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
      '',
    ].join('\n'),
    exampleLanguage: 'shellscript',
    fixSafety: 'Adding `-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT` first in the reply chain only lets out packets of connections the firewall already accepted, so the fix is safe. Changing `--dport` to `--sport` in a rule is offered separately and is not applied automatically: it changes what the rule lets through.',
  },
  run(ctx) {
    reportDeadReplies(ctx, ['incoming', 'forwarded']);
  },
};
