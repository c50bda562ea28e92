#!/bin/sh
# A shell script that loads its rules with iptables-restore from a here-document.
# flow: client->server tcp 22 pass
# flow: client->server tcp 80 blocked
# findings: IPT201@14
iptables-restore <<'RULES'
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A OUTPUT -m conntrack --ctstate ESTABLISHED -p tcp --sport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
RULES
