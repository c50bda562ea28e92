#!/bin/sh
# Allow new outgoing HTTP/HTTPS and the replies to them (seed example).
# flow: server->client tcp 80 pass
# flow: server->client tcp 443 pass
# flow: server->client tcp 22 blocked
# flow: client->server tcp 22 blocked
# findings: none
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A OUTPUT -p tcp -m multiport --dports 80,443 -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
