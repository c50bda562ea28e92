#!/bin/bash
# A helper function opens a port both ways, statelessly.
# flow: client->server tcp 22 pass
# flow: client->server tcp 25 pass
# flow: client->server tcp 80 blocked
# findings: none
allow_in() {
  iptables -A INPUT -p tcp --dport "$1" -j ACCEPT
  iptables -A OUTPUT -p tcp --sport "$1" -j ACCEPT
}
iptables -P INPUT DROP
iptables -P OUTPUT DROP
iptables -A INPUT -i lo -j ACCEPT
iptables -A OUTPUT -o lo -j ACCEPT
allow_in 22
allow_in 25
