#!/bin/sh
# "Only allow outgoing HTTPS to the payment processor" (seed example). The kernel run resolves the
# name to the first client; lint sees the host name.
# kernel-substitute: api.stripe.com=10.200.0.2
# flow: server->client tcp 443 pass
# flow: server->client2 tcp 443 blocked
# flow: server->client2 tcp 80 blocked
# flow: server->client tcp 80 blocked
# flow: server->client2 tcp 22 pass
# findings: IPT401@11
iptables -A OUTPUT -p tcp -d api.stripe.com --dport 443 -j ACCEPT
iptables -A OUTPUT -p tcp -m multiport --dports 80,443 -j DROP
