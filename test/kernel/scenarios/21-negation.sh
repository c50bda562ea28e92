#!/bin/sh
# Negated source and port: SSH only from the admin host, everything but SSH rejected.
# flow: client->server tcp 22 pass
# flow: client2->server tcp 22 blocked
# flow: client->server tcp 80 blocked
# findings: none
iptables -A INPUT ! -s 10.200.0.2 -p tcp --dport 22 -j DROP
iptables -A INPUT -p tcp ! --dport 22 -j REJECT --reject-with tcp-reset
