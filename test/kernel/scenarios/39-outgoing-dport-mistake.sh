#!/bin/sh
# Outgoing HTTPS, with the INPUT rule for its replies written with --dport.
# flow: server->client tcp 443 blocked
# flow: server->client tcp 80 pass
# findings: IPT202@8
iptables -P INPUT DROP
iptables -A INPUT -p tcp --sport 80 -j ACCEPT
iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT
iptables -A INPUT -p tcp --dport 443 -j ACCEPT
