#!/bin/sh
# A REJECT tail with TCP resets instead of a DROP policy.
# flow: client->server tcp 22 pass
# flow: client->server tcp 80 blocked
# flow: server->client tcp 80 pass
# findings: none
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
iptables -A INPUT -j REJECT --reject-with icmp-port-unreachable
