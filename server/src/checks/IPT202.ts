import type { Check } from './check';
import { reportDeadReplies } from './replyPath';

export const IPT202: Check = {
  code: 'IPT202',
  title: 'Outgoing connections accepted, but their replies cannot come back in',
  severity: 'error',
  docs: {
    what: 'Finds OUTPUT rules that accept new connections (e.g. `--dport 443`) whose replies, coming back in through INPUT (source port 443, conntrack state ESTABLISHED), certainly reach a DROP or REJECT — the INPUT policy or a catch-all rule — before any rule accepts them.',
    why: 'The request leaves, the answer is dropped at the door: package updates, API calls and DNS lookups from this host hang until they time out, although OUTPUT "allows" them. An INPUT rule written with `--dport 443` (instead of `--sport 443`) is a common cause.',
    example: [
      'iptables -P INPUT DROP',
      'iptables -P OUTPUT DROP',
      'iptables -A INPUT -i lo -j ACCEPT',
      'iptables -A OUTPUT -o lo -j ACCEPT',
      'iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT',
      '',
    ].join('\n'),
    useInstead: [
      'iptables -P INPUT DROP',
      'iptables -P OUTPUT DROP',
      'iptables -A INPUT -i lo -j ACCEPT',
      'iptables -A OUTPUT -o lo -j ACCEPT',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT',
      '',
    ].join('\n'),
    exampleLanguage: 'shellscript',
    fixSafety: 'Adding `-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT` first in INPUT only lets in packets of connections the firewall already accepted, so the fix is safe. Changing `--dport` to `--sport` in an INPUT rule is offered separately and not applied automatically.',
  },
  run(ctx) {
    reportDeadReplies(ctx, ['outgoing']);
  },
};
