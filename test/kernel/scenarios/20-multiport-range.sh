#!/bin/sh
# multiport with a range and a single port.
# flow: client->server tcp 8005 pass
# flow: client->server tcp 9000 pass
# flow: client->server tcp 8011 blocked
# findings: none
iptables -P INPUT DROP
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 8000:8010,9000 -j ACCEPT
