#!/bin/sh
# Rules under conditions: the analysis may never claim certainty from them.
# (On the test machine /proc/sys exists and MAINTENANCE is unset.)
# flow: client->server tcp 80 pass
# flow: client->server tcp 22 blocked
# findings: none
iptables -P OUTPUT DROP
if [ -d /proc/sys ]; then
  iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
fi
if [ -n "$MAINTENANCE" ]; then
  iptables -A INPUT -j DROP
fi
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j DROP
