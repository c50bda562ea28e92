#!/bin/sh
# iptables-restore --noflush adds to what the script built before.
# flow: client->server tcp 22 pass
# flow: client->server tcp 3000 pass
# flow: client->server tcp 80 blocked
# findings: none
iptables -P INPUT DROP
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp --dport 22 -j ACCEPT
iptables-restore --noflush <<'EOF2'
*filter
-A INPUT -p tcp -m tcp --dport 3000 -j ACCEPT
COMMIT
EOF2
