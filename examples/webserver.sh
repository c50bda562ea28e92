#!/bin/sh
# Web server firewall: serve HTTP/HTTPS and SSH, default deny in both directions.
# Run as root after boot. Lints with: iptables-lint examples/webserver.sh
set -e

IPT=/usr/sbin/iptables
WAN=eth0
ADMIN_NET=198.51.100.0/24

$IPT -F
$IPT -X
$IPT -P INPUT DROP
$IPT -P FORWARD DROP
$IPT -P OUTPUT DROP

# Loopback is needed by local services (php-fpm, redis on 127.0.0.1).
$IPT -A INPUT -i lo -j ACCEPT
$IPT -A OUTPUT -o lo -j ACCEPT

# Incoming: SSH from the admin network, HTTP and HTTPS from anywhere.
$IPT -A INPUT -i $WAN -p tcp -s $ADMIN_NET --dport 22 -j ACCEPT
for port in 80 443; do
    $IPT -A INPUT -i $WAN -p tcp --dport $port -j ACCEPT
done

# Replies to web clients. Written with --dport where the replies carry the *source* port 80.
$IPT -A OUTPUT -o $WAN -p tcp --dport 80 -j ACCEPT

# Outgoing DNS and package updates.
$IPT -A OUTPUT -o $WAN -p udp --dport 53 -j ACCEPT
$IPT -A OUTPUT -o $WAN -p tcp --dport 443 -j ACCEPT

# Log and drop everything else that comes in.
$IPT -A INPUT -j LOG --log-prefix "INPUT drop: "
$IPT -A INPUT -j DROP

# Monitoring agent, added later by someone else: never reached.
$IPT -A INPUT -p tcp --dport 9100 -s 203.0.113.10 -j ACCEPT
