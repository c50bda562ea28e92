#!/bin/sh
# Replies for HTTP are allowed out of the wrong interface (eth1); HTTPS gets it right.
# flow: client->server tcp 80 blocked
# flow: client->server tcp 443 pass
# findings: IPT201@7
iptables -P OUTPUT DROP
iptables -A INPUT -i eth0 -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -i eth0 -p tcp --dport 443 -j ACCEPT
iptables -A OUTPUT -o eth1 -p tcp --sport 80 -j ACCEPT
iptables -A OUTPUT -o eth0 -p tcp --sport 443 -j ACCEPT
