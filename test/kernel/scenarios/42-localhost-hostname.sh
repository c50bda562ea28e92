#!/bin/sh
# localhost written as a name: resolved from /etc/hosts when the command runs.
# kernel-substitute: localhost=127.0.0.1
# flow: client->server tcp 80 pass
# findings: IPT401@6
iptables -A INPUT -s localhost -p tcp --dport 6379 -j ACCEPT
iptables -A INPUT -p tcp --dport 6379 -j DROP
