#!/bin/sh
# OUTPUT goes through an egress chain that ends in REJECT.
# flow: client->server tcp 22 blocked
# flow: server->client tcp 123 blocked
# findings: IPT201@11
iptables -N egress
iptables -A egress -p udp --dport 53 -j ACCEPT
iptables -A egress -p udp --dport 123 -j ACCEPT
iptables -A egress -j REJECT
iptables -A OUTPUT -j egress
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
