/**
 * A small firewall in both input languages, analysed once when the engine loads and kept: see
 * core/hiddenClasses. Every kind of object an Analysis holds (arguments and ranges, commands, rules,
 * matches, statements, ruleset states, findings) then keeps its hidden class between analyses, so the
 * functions optimized for them are not thrown away each time the previous analysis dies. It also
 * holds the layouts of plain object literals, which have no class to make a kept instance of. What
 * lives only during an analysis (the shell reader and syntax trees, the evaluator, builders, dead-rule
 * passes) is not in the Analysis: the layers keep an instance of those themselves. The sample uses
 * what real scripts use: variables, a function, loops, `if`, user chains, a blocklist, matches with
 * options, NAT, a here-document fed to iptables-restore, IPv6.
 */
export const SAMPLE_SCRIPT = `#!/bin/sh
IPT=/usr/sbin/iptables
WAN=eth0
BLOCKED="192.0.2.1 198.51.100.0/24"
allow_tcp() {
  $IPT -A "$1" -s "$2" -p tcp --dport "$3" -j ACCEPT
}
$IPT -F
$IPT -P INPUT DROP
$IPT -P OUTPUT DROP
$IPT -A INPUT -i lo -j ACCEPT
$IPT -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
$IPT -A OUTPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
for net in $BLOCKED; do
  $IPT -A INPUT -s "$net" -j DROP
done
$IPT -N TENANT
$IPT -A INPUT -i "$WAN" -s 10.0.0.0/24 -j TENANT
for port in 25 465; do
  $IPT -A TENANT -s 10.0.0.0/25 -p tcp --dport "$port" -j ACCEPT
done
allow_tcp TENANT 10.0.0.128/26 5432
if [ -f /etc/firewall/syslog ]; then
  $IPT -I TENANT 1 -p udp --dport 514 -j ACCEPT
fi
$IPT -A INPUT -p tcp -m multiport --dports 80,443 -m comment --comment web -j ACCEPT
$IPT -A INPUT -p icmp --icmp-type echo-request -m limit --limit 5/s -j ACCEPT
$IPT -A OUTPUT -p udp -d 192.0.2.53 --dport 53 -j ACCEPT
$IPT -A INPUT -j LOG --log-prefix "drop: "
$IPT -A INPUT -p tcp -j REJECT --reject-with tcp-reset
$IPT -A INPUT -p tcp --dport 22 -j ACCEPT
$IPT -t nat -A POSTROUTING -o "$WAN" -j MASQUERADE
ip6tables -A INPUT -s 2001:db8::/32 -j DROP
iptables-restore -n <<RULES
*filter
-A FORWARD -s 10.1.0.0/16 ! -d 10.1.0.0/16 -j ACCEPT
COMMIT
RULES
`;

export const SAMPLE_RESTORE = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:TENANT - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -s 192.0.2.1/32 -j DROP
-A INPUT -s 198.51.100.0/24 -j DROP
-A INPUT -s 10.0.0.0/24 -i eth0 -j TENANT
-A TENANT -s 10.0.0.0/25 -p tcp -m tcp --dport 25 -j ACCEPT
-A TENANT -s 10.0.0.128/26 -p tcp -m multiport --dports 80,443 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp-port-unreachable
COMMIT
*nat
:POSTROUTING ACCEPT [0:0]
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
`;
