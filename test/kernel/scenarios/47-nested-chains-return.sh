#!/bin/sh
# Nested user chains: RETURN from the inner one continues in the outer one.
# flow: client->server tcp 22 pass
# flow: client->server tcp 80 pass
# flow: client2->server tcp 22 blocked
# flow: client2->server tcp 80 pass
# findings: none
iptables -N admins
iptables -A admins -s 10.200.0.2 -j ACCEPT
iptables -A admins -j RETURN
iptables -N ssh_in
iptables -A ssh_in -j admins
iptables -A ssh_in -j REJECT
iptables -A INPUT -p tcp --dport 22 -j ssh_in
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
