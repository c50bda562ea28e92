#!/bin/sh
# An address range dropped with -m iprange.
# flow: client->server tcp 80 pass
# flow: client2->server tcp 80 blocked
# findings: none
iptables -A INPUT -m iprange --src-range 10.200.0.3-10.200.0.9 -j DROP
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
