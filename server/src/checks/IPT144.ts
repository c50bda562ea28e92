import { modelProblemCheck } from './modelProblems';

export const IPT144 = modelProblemCheck('IPT144', '-X of a built-in chain or of a chain that does not exist', {
  what: 'Finds `-X CHAIN` where CHAIN is built in (INPUT, OUTPUT, …) or does not exist at that point.',
  why: 'Built-in chains cannot be deleted and a missing chain cannot either: iptables fails, and under `set -e` the script stops there.',
  example: 'iptables -X INPUT\n',
  useInstead: 'iptables -F INPUT\n',
  exampleLanguage: 'shellscript',
});
