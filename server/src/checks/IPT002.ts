import type { Check } from './check';
import { modelProblemCheck } from './modelProblems';

/** iptables reached through something the evaluator cannot follow: reported by eval/evaluate.ts. */
export const IPT002: Check = {
  ...modelProblemCheck('IPT002', 'iptables command that cannot be followed', {
    what: 'Finds iptables commands the linter cannot follow without running the script: built with `eval`, run by `xargs`, `sh -c` or `ssh`, through a command name whose value is only known at run time (`$IPT` never set to a constant, `$(…)`), `iptables-restore` reading a file, a pipe or standard input, and files run with `.` or `source` (which may hold iptables commands and set the variables used later; shell libraries such as /lib/lsb/init-functions are left alone).',
    why: 'The rules these commands create are invisible to every other check: a rule that drops the replies of your web server, or a policy that locks you out, goes unnoticed. Writing the command out (or the rules into a here-document) lets the linter check it.',
    example: ['RULE="-A INPUT -p tcp --dport 8080 -j ACCEPT"', 'eval "iptables $RULE"', ''].join('\n'),
    useInstead: ['iptables -A INPUT -p tcp --dport 8080 -j ACCEPT', ''].join('\n'),
    exampleLanguage: 'shellscript',
  }),
  severity: 'info',
};
