#!/bin/sh
# Forwarded web traffic with a stateless return rule on the wrong interface pair for HTTP.
# flow: client->backend tcp 443 pass
# flow: client->backend tcp 80 blocked
# findings: IPT201@8
iptables -P FORWARD DROP
iptables -A FORWARD -i eth0 -o eth1 -p tcp --dport 443 -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -p tcp --dport 80 -j ACCEPT
iptables -A FORWARD -i eth1 -o eth0 -p tcp --sport 443 -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -p tcp --sport 80 -j ACCEPT
