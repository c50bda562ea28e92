#!/bin/sh
# OUTPUT policy ACCEPT, but a catch-all DROP rule at its end drops the web server's replies.
# flow: client->server tcp 80 blocked
# flow: server->client tcp 443 blocked
# findings: IPT201@7
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A OUTPUT -p udp --dport 53 -j ACCEPT
iptables -A OUTPUT -j DROP
