#!/bin/sh
# Services from a variable, unrolled by a for loop; conntrack lets the replies out.
# flow: client->server tcp 80 pass
# flow: client->server tcp 443 pass
# flow: client->server tcp 8443 pass
# flow: client->server tcp 22 blocked
# findings: none
PORTS="80 443 8443"
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
for port in $PORTS; do
  iptables -A INPUT -p tcp --dport "$port" -j ACCEPT
done
iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
