#!/bin/bash
# Only allow outgoing HTTPS to the payment processor; block all other outgoing web traffic.
# (From a common how-to. The hostname is resolved once, when this line runs.)

iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT

iptables -A OUTPUT -p tcp -d api.stripe.com --dport 443 -j ACCEPT
iptables -A OUTPUT -p tcp --dport 80 -j DROP
iptables -A OUTPUT -p tcp --dport 443 -j DROP

# A typo that iptables itself would refuse at load time:
iptables -A OUTPUT -p tcp --dprot 8443 -j ACCEPT
