#!/bin/sh
# -g from a built-in chain: at the end of the chain gone to, INPUT's policy decides.
# flow: client->server tcp 443 pass
# flow: client->server tcp 8443 blocked
# findings: IPT301@11
iptables -P INPUT DROP
iptables -N web
iptables -A web -p tcp --dport 443 -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp -g web
iptables -A INPUT -p tcp --dport 8443 -j ACCEPT
