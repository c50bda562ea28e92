#!/bin/sh
# Web server whose replies leave through stateless --sport rules with -m state ESTABLISHED (seed example).
# Server 10.200.0.1 on eth0, clients 10.200.0.2 and 10.200.0.3.
# flow: client->server tcp 80 pass
# flow: client->server tcp 443 pass
# flow: client->server tcp 22 blocked
# flow: server->client tcp 8080 blocked
# findings: none
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -p tcp --dport 443 -j ACCEPT
iptables -A OUTPUT -p tcp --sport 80 -m state --state ESTABLISHED -j ACCEPT
iptables -A OUTPUT -p tcp --sport 443 -m state --state ESTABLISHED -j ACCEPT
