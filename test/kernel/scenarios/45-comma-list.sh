#!/bin/sh
# A source list becomes one rule per address; -D by number then removes the second one.
# flow: client->server tcp 80 pass
# flow: client2->server tcp 80 blocked
# findings: none
iptables -A INPUT -s 10.200.0.3,10.200.0.2 -p tcp --dport 80 -j DROP
iptables -D INPUT 2
