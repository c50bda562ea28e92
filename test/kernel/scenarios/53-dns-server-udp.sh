#!/bin/sh
# A DNS server: queries come in over UDP, but OUTPUT drops the answers.
# flow: client->server udp 53 blocked
# flow: client->server tcp 53 blocked
# findings: IPT201@10 IPT201@11
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT -p udp --dport 53 -j ACCEPT
iptables -A INPUT -p tcp --dport 53 -j ACCEPT
