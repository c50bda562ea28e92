import { modelProblemCheck } from './modelProblems';

export const IPT148 = modelProblemCheck('IPT148', '-E rename that cannot work', {
  what: 'Finds `-E OLD NEW` where OLD does not exist or is built in, or NEW is already taken.',
  why: 'iptables refuses the rename, so later commands that use the new name fail or act on a different chain.',
  example: 'iptables -N web_in\niptables -N https_in\niptables -E web_in https_in\n',
  useInstead: 'iptables -N web_in\niptables -E web_in https_in\n',
  exampleLanguage: 'shellscript',
});
