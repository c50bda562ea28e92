#!/bin/sh
# The ESTABLISHED accept was appended after OUTPUT's catch-all DROP: dead, and the replies die.
# flow: client->server tcp 80 blocked
# findings: IPT201@5 IPT301@7
iptables -A INPUT -p tcp --dport 80 -j ACCEPT
iptables -A OUTPUT -j DROP
iptables -A OUTPUT -m state --state ESTABLISHED -j ACCEPT
