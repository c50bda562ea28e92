#!/bin/sh
# IPv4 and IPv6 rules side by side: each family is its own ruleset.
# flow: client->server tcp 80 pass
# flow: client->server tcp 22 blocked
# findings: none
ip6tables -P INPUT DROP
ip6tables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
ip6tables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -P INPUT DROP
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
