#!/bin/sh
# The same loop, but nothing lets the replies out.
# flow: client->server tcp 80 blocked
# flow: client->server tcp 443 blocked
# findings: IPT201@12
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
for port in 80 443; do
  iptables -A INPUT -p tcp --dport $port -j ACCEPT
done
