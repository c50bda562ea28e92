#!/bin/sh
# multiport --ports matches the source or the destination port; ! -i negates an interface.
# flow: client->server tcp 9100 pass
# flow: server->client tcp 9100 pass
# flow: client->server tcp 9200 blocked
# findings: none
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT ! -i lo -p tcp -m multiport --ports 9100 -j ACCEPT
iptables -A OUTPUT -p tcp -m multiport --ports 9100 -j ACCEPT
