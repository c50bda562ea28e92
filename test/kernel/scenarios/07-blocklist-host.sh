#!/bin/sh
# A blocked host, and an exception for it written after the block.
# flow: client->server tcp 22 pass
# flow: client2->server tcp 22 blocked
# findings: IPT301@10
iptables -P INPUT DROP
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -s 10.200.0.3 -j DROP
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -s 10.200.0.3 -p tcp --dport 22 -j ACCEPT
