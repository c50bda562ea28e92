#!/bin/sh
# New outgoing HTTPS is allowed, but INPUT drops everything that comes back.
# flow: server->client tcp 443 blocked
# flow: server->client tcp 80 blocked
# findings: IPT202@10
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT
