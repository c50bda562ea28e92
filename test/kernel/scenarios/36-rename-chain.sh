#!/bin/sh
# A chain renamed after rules jump to it: the jumps follow the rename.
# flow: client->server tcp 443 pass
# flow: client->server tcp 80 blocked
# findings: none
iptables -P INPUT DROP
iptables -N web_in
iptables -A web_in -p tcp --dport 443 -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -i eth0 -j web_in
iptables -E web_in https_in
