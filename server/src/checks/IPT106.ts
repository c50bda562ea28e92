import { modelProblemCheck } from './modelProblems';

/** Reported by the iptables parser (server/src/iptables) under this code; this file owns its docs. */
export const IPT106 = modelProblemCheck('IPT106', 'Bad port or port range', {
  what: 'Finds ports iptables refuses (above 65535, unknown service names, a range whose start is above its end) and, as a warning, the udp ports iptables silently wraps (`--dport 70000` matches 4464) or reversed udp ranges that never match.',
  why: 'A refused rule is missing from the firewall, so the service it should open stays closed (or stays open). A wrapped udp port opens or blocks a different service than the one written.',
  example: [
    '#!/bin/sh',
    'iptables -A INPUT -p tcp --dport 8443:8080 -j ACCEPT',
    '',
  ].join('\n'),
  useInstead: [
    '#!/bin/sh',
    'iptables -A INPUT -p tcp --dport 8080:8443 -j ACCEPT',
    '',
  ].join('\n'),
  exampleLanguage: 'shellscript',
});
