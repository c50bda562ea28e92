#!/bin/sh
# SSH only for the admin host: a user chain RETURNs for it and drops the rest.
# flow: client->server tcp 22 pass
# flow: client2->server tcp 22 blocked
# flow: client2->server tcp 80 pass
# findings: none
iptables -N admin_in
iptables -A admin_in -s 10.200.0.2 -j RETURN
iptables -A admin_in -j DROP
iptables -A INPUT -p tcp --dport 22 -j admin_in
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
