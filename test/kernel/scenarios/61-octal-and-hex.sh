#!/bin/sh
# Numbers as iptables reads them: 0x0a is 10, and a leading 0 makes octal (/036 is /30, tcp port 0120 is 80).
# flow: client->server tcp 80 pass
# flow: client2->server tcp 80 blocked
# findings: none
iptables -P INPUT DROP
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -s 0x0a.200.0.3 -j DROP
iptables -A INPUT -s 10.200.0.0/036 -p tcp --dport 0120 -j ACCEPT
