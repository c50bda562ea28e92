#!/bin/sh
# The second client is rejected before its jump into the service chain.
# flow: client->server tcp 80 pass
# flow: client2->server tcp 80 blocked
# findings: IPT301@11
iptables -N services
iptables -A services -p tcp --dport 80 -j ACCEPT
iptables -A services -j DROP
iptables -A INPUT -s 10.200.0.3 -j REJECT
iptables -A INPUT -s 10.200.0.2 -j services
iptables -A INPUT -s 10.200.0.3 -p tcp -j services
