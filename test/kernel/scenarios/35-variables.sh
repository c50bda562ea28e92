#!/bin/bash
# The usual variables: the binary, the interface, the admin host, a port list.
# flow: client->server tcp 22 pass
# flow: client2->server tcp 22 blocked
# flow: client2->server tcp 443 pass
# flow: client->server tcp 8443 blocked
# findings: none
IPT=/usr/sbin/iptables
WAN=eth0
ADMIN=10.200.0.2
WEB_PORTS="80,443"
$IPT -F
$IPT -X
$IPT -P INPUT DROP
$IPT -P FORWARD DROP
$IPT -P OUTPUT ACCEPT
$IPT -A INPUT -i lo -j ACCEPT
$IPT -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
$IPT -A INPUT -i "$WAN" -s "$ADMIN" -p tcp --dport 22 -j ACCEPT
$IPT -A INPUT -i "$WAN" -p tcp -m multiport --dports "$WEB_PORTS" -j ACCEPT
