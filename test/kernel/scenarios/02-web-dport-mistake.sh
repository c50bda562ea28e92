#!/bin/sh
# The same web server, but the HTTP reply rule says --dport where it needs --sport.
# flow: client->server tcp 80 blocked
# flow: client->server tcp 443 pass
# flow: server->client tcp 80 blocked
# findings: IPT201@11 IPT202@13
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -p tcp --dport 443 -j ACCEPT
iptables -A OUTPUT -p tcp --dport 80 -j ACCEPT
iptables -A OUTPUT -p tcp --sport 443 -m state --state ESTABLISHED -j ACCEPT
