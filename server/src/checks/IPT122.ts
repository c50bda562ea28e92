import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT122 = modelProblemCheck('IPT122', 'iptables call without a command', {
  what: 'Finds iptables calls with options but no command (`-A`, `-I`, `-D`, `-P`, `-N`, …), e.g. when the command sits in a variable that is empty.',
  why: 'iptables does nothing but print an error ("no command specified"), so the rule the options describe is not added.',
  example: [
    '#!/bin/sh',
    'iptables -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
