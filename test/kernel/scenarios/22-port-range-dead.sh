#!/bin/sh
# X11 ports dropped as a range; one of them opened after the range.
# flow: client->server tcp 6010 blocked
# flow: client->server tcp 7000 pass
# findings: IPT301@7
iptables -A INPUT -p tcp --dport 6000:6100 -j DROP
iptables -A INPUT -p tcp --dport 6010 -j ACCEPT
