#!/bin/sh
# Rules inserted at a position: HTTPS before the REJECT, the blocked host first of all.
# flow: client->server tcp 443 pass
# flow: client->server tcp 22 pass
# flow: client2->server tcp 22 blocked
# flow: client->server tcp 80 blocked
# findings: none
iptables -P INPUT DROP
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -j REJECT
iptables -I INPUT 3 -p tcp --dport 443 -j ACCEPT
iptables -I INPUT -s 10.200.0.3 -j DROP
