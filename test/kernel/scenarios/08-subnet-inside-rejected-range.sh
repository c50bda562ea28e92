#!/bin/sh
# A host of a network whose port range is rejected: its exception comes too late.
# flow: client->server tcp 8080 blocked
# flow: client->server tcp 7000 pass
# findings: IPT301@7
iptables -A INPUT -s 10.200.0.0/24 -p tcp --dport 8000:8999 -j REJECT
iptables -A INPUT -s 10.200.0.2 -p tcp --dport 8080 -j ACCEPT
