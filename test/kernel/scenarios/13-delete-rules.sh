#!/bin/sh
# Rules deleted by number and by specification.
# flow: client->server tcp 8080 pass
# flow: client->server tcp 9090 pass
# flow: client->server tcp 3000 blocked
# findings: none
iptables -A INPUT -p tcp --dport 8080 -j REJECT
iptables -A INPUT -p tcp --dport 9090 -j DROP
iptables -A INPUT -p tcp --dport 3000 -j DROP
iptables -D INPUT 1
iptables -D INPUT -p tcp --dport 9090 -j DROP
