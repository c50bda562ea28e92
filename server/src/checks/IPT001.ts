import type { Check } from './check';
import { modelProblemCheck } from './modelProblems';

/** Shell text the linter cannot read: the shell parser reports it, this check owns the code and docs. */
export const IPT001: Check = modelProblemCheck('IPT001', 'Shell syntax the linter cannot read', {
  what: 'Finds shell syntax errors: a quote, `$(`, `${` or here-document that is never closed, an `if` without `fi`, a loop without `done`, a `case` without `esac`, a `)` or `fi` that closes nothing, and Windows (CRLF) line endings, which make the shell read `\\r` as part of every last word.',
  why: 'The shell refuses such a script (or reads far more of it as one string than you meant), so the firewall it should build is never loaded — often after the first rules already ran, leaving a half-built firewall. The linter cannot see the commands behind the error either, so the rules after it are not checked.',
  example: [
    'iptables -P INPUT DROP',
    'if [ -f /etc/firewall/allow-ssh ]; then',
    '    iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    'iptables -P INPUT DROP',
    'if [ -f /etc/firewall/allow-ssh ]; then',
    '    iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
    'fi',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
