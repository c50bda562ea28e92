#!/bin/sh
# An address range written backwards: iptables loads it, but it matches no address, so its DROP stops nobody.
# flow: client->server tcp 80 pass
# flow: client2->server tcp 80 pass
# findings: none
iptables -A INPUT -m iprange --src-range 10.200.0.9-10.200.0.2 -j DROP
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
