#!/bin/bash
# The helper only opens the way in; OUTPUT drops the replies.
# flow: client->server tcp 22 blocked
# flow: client->server tcp 25 blocked
# findings: IPT201@7
allow_in() {
  iptables -A INPUT -p tcp --dport "$1" -j ACCEPT
}
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
allow_in 22
allow_in 25
