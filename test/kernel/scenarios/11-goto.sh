#!/bin/sh
# -g: at the end of the chain gone to, the packet returns to the last -j caller (INPUT).
# flow: client->server tcp 80 pass
# flow: client->server tcp 81 pass
# flow: client->server tcp 82 blocked
# flow: client2->server tcp 80 blocked
# findings: none
iptables -P INPUT DROP
iptables -N web
iptables -A web -p tcp --dport 80 -j ACCEPT
iptables -N filter_in
iptables -A filter_in -s 10.200.0.3 -j DROP
iptables -A filter_in -g web
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -j filter_in
iptables -A INPUT -p tcp --dport 81 -j ACCEPT
