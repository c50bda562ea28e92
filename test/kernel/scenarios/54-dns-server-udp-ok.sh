#!/bin/sh
# The same DNS server with stateless answers allowed out, and a syslog port that is only dropped.
# flow: client->server udp 53 pass
# flow: client->server udp 514 blocked
# findings: none
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT -p udp --dport 53 -j ACCEPT
iptables -A OUTPUT -p udp --sport 53 -j ACCEPT
