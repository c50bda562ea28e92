#!/bin/sh
# Stateless "replies" rule for outgoing HTTPS: admits anything from source port 443.
# flow: server->client tcp 443 pass
# flow: client->server tcp 22 blocked
# findings: none
iptables -P INPUT DROP
iptables -A INPUT -p tcp --sport 443 -j ACCEPT
iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT
