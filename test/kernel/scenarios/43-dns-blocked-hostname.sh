#!/bin/sh
# The update server is named after OUTPUT already drops DNS: the lookup fails at this point.
# lint-only: needs DNS to resolve updates.example.org
# findings: IPT401@7
iptables -P OUTPUT DROP
iptables -A OUTPUT -o lo -j ACCEPT
iptables -A OUTPUT -p tcp -d updates.example.org --dport 443 -j ACCEPT
iptables -A OUTPUT -p udp --dport 53 -j ACCEPT
