#!/bin/sh
# NTP queries out over UDP: the answers need INPUT's ESTABLISHED rule, which only port 123 lacks here.
# flow: server->client udp 123 blocked
# flow: server->client udp 161 pass
# findings: IPT202@9
iptables -P INPUT DROP
iptables -A INPUT -p udp --sport 161 -m state --state ESTABLISHED -j ACCEPT
iptables -A OUTPUT -p udp --dport 161 -j ACCEPT
iptables -A OUTPUT -p udp --dport 123 -j ACCEPT
iptables -A OUTPUT -j DROP
