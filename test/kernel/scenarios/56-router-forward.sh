#!/bin/sh
# The server routes between clients (eth0) and a backend network (eth1): FORWARD accepts web
# traffic to the backend and lets the replies back through conntrack.
# flow: client->backend tcp 443 pass
# flow: client->backend tcp 22 blocked
# flow: backend->client tcp 8080 blocked
# findings: none
iptables -P FORWARD DROP
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -p tcp --dport 443 -j ACCEPT
