import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT116 = modelProblemCheck('IPT116', 'Option not allowed with this command', {
  what: 'Finds rule options given to commands that take none (`-F INPUT -s 192.0.2.1`, `-P INPUT DROP -p tcp`), list-only options elsewhere (`-n` with `-A`), and stray words iptables cannot place ("Bad argument").',
  why: 'iptables refuses the whole command. `-F INPUT -s x` does not flush "the rules for x": it is an error, and the flush does not happen either.',
  example: [
    '#!/bin/sh',
    'iptables -F INPUT -s 203.0.113.5',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -D INPUT -s 203.0.113.5 -j DROP',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
