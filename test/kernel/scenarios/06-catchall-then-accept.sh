#!/bin/sh
# HTTPS appended after the catch-all DROP: it never matches.
# flow: client->server tcp 22 pass
# flow: client->server tcp 443 blocked
# findings: IPT301@9
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -j DROP
iptables -A INPUT -p tcp --dport 443 -j ACCEPT
