import { modelProblemCheck } from './modelProblems';

export const IPT148 = modelProblemCheck('IPT148', '-E rename that cannot work', {
  what: 'Finds `-E OLD NEW` where OLD does not exist or NEW is already taken, and (as a warning) the rename of a built-in chain.',
  why: 'iptables refuses the rename, so later commands that use the new name fail or act on a different chain. A built-in chain is renamed by iptables-nft (iptables-legacy refuses), which leaves a table iptables cannot list and, at the next rule for the old name, two chains on one hook.',
  example: 'iptables -N web_in\niptables -N https_in\niptables -E web_in https_in\n',
  useInstead: 'iptables -N web_in\niptables -E web_in https_in\n',
  exampleLanguage: 'shellscript',
});
