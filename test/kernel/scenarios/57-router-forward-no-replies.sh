#!/bin/sh
# The same router without the ESTABLISHED rule: requests reach the backend, the answers never
# make it back through FORWARD.
# flow: client->backend tcp 443 blocked
# flow: client->backend tcp 80 blocked
# flow: client->server tcp 22 pass
# findings: IPT201@10
iptables -P FORWARD DROP
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -p tcp -m multiport --dports 80,443 -j ACCEPT
