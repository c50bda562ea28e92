#!/bin/sh
# -R narrows the PostgreSQL block to one host.
# flow: client->server tcp 5432 pass
# flow: client2->server tcp 5432 blocked
# flow: client->server tcp 6379 blocked
# findings: none
iptables -A INPUT -p tcp --dport 5432 -j DROP
iptables -A INPUT -p tcp --dport 6379 -j DROP
iptables -R INPUT 1 -s 10.200.0.3 -p tcp --dport 5432 -j DROP
