#!/bin/sh
# Interface wildcards: eth+ in, eth+ out.
# flow: client->server tcp 8080 pass
# flow: client->server tcp 8081 blocked
# findings: none
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i eth+ -p tcp --dport 8080 -j ACCEPT
iptables -A OUTPUT -o eth+ -m conntrack --ctstate ESTABLISHED -j ACCEPT
