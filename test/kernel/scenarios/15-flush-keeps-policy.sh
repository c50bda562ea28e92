#!/bin/sh
# -F empties the chains but the DROP policy stays.
# flow: client->server tcp 80 pass
# flow: client->server tcp 22 blocked
# findings: none
iptables -P INPUT DROP
iptables -A INPUT -j ACCEPT
iptables -F
iptables -X
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
