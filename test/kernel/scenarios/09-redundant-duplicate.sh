#!/bin/sh
# The same host blocked twice (a blocklist merged from two sources).
# flow: client->server tcp 22 pass
# flow: client2->server tcp 22 blocked
# findings: IPT302@8
iptables -A INPUT -s 10.200.0.3 -j DROP
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -s 10.200.0.3/32 -j DROP
