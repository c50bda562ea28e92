#!/bin/sh
# The same backwards range negated matches every address: its DROP decides everything, the ACCEPT after it is dead.
# flow: client->server tcp 80 blocked
# flow: client2->server tcp 80 blocked
# findings: IPT301@7
iptables -A INPUT -m iprange ! --src-range 10.200.0.9-10.200.0.2 -j DROP
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
