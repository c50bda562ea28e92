#!/bin/sh
# No conntrack at all: every direction by ports (SSH in, HTTPS out).
# flow: client->server tcp 22 pass
# flow: server->client tcp 443 pass
# flow: server->client tcp 80 blocked
# findings: none
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables -A OUTPUT -p tcp --sport 22 -j ACCEPT
iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT
iptables -A INPUT -p tcp --sport 443 -j ACCEPT
