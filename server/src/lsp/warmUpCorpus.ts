/**
 * Firewalls of realistic size, built in memory, for the engine to chew on before the first document
 * arrives. V8 only optimises a function after it has run hot; the checks' examples (a few lines each)
 * compile every code path but leave the hot loops of the lexer, the parser, the evaluator and the
 * checks unoptimised, and the heap at its start-up size. A few hundred rules of the constructs people
 * write (variables, a helper function, loops, conditionals, user chains, conntrack, multiport, nat,
 * LOG/REJECT, ip6tables; and the same rules as an iptables-save file) do both.
 */

/** One group of hosts behind the firewall, as a script or a restore file writes its rules. */
interface HostGroup {
  chain: string;
  network: string;
  ports: readonly string[];
  udpPort: string;
}

const SERVICE_PORTS: readonly (readonly string[])[] = [
  ['80', '443'],
  ['22', '443', '8443'],
  ['25', '465', '587', '993'],
  ['53'],
  ['3306', '5432'],
];

function hostGroups(count: number): HostGroup[] {
  const groups: HostGroup[] = [];
  for (let i = 0; i < count; i++) {
    groups.push({
      chain: `GROUP_${i}`,
      network: `10.${(i >> 8) & 255}.${i & 255}`,
      ports: SERVICE_PORTS[i % SERVICE_PORTS.length],
      udpPort: String(5000 + (i % 500)),
    });
  }
  return groups;
}

/**
 * Sources a blocklist drops: hosts and /24 networks that never overlap one another, as the long flat
 * chains fed by abuse lists hold them (the shape that makes shadowing analysis run hot).
 */
function blockedSources(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = 16 + (i % 16);
    const b = (i * 7) & 255;
    out.push(i % 3 === 0 ? `172.${a}.${b}.0/24` : `192.168.${i & 255}.${1 + (i % 250)}${i % 2 ? '/32' : ''}`);
  }
  return out;
}

/** A hand-written style shell script with about `15 × groups + 30` rules. */
export function warmUpShellScript(groups: number): string {
  const out = [
    '#!/bin/bash',
    '# Gateway firewall: host groups behind eth1, services on the gateway itself.',
    'set -euo pipefail',
    'IPT=/usr/sbin/iptables',
    'IP6T=ip6tables',
    'WAN=eth0',
    'LAN=eth1',
    'ADMIN_NET="198.51.100.0/24"',
    'RESOLVERS="192.0.2.53 192.0.2.54"',
    '',
    '# allow CHAIN PROTO SOURCE PORT',
    'allow() {',
    '  $IPT -A "$1" -p "$2" -s "$3" --dport "$4" -m conntrack --ctstate NEW -j ACCEPT',
    '}',
    '',
    'for table in filter nat mangle; do',
    '  $IPT -t "$table" -F',
    '  $IPT -t "$table" -X',
    'done',
    '$IPT -P INPUT DROP',
    '$IPT -P FORWARD DROP',
    '$IPT -P OUTPUT ACCEPT',
    '$IPT -A INPUT -i lo -j ACCEPT',
    '$IPT -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '$IPT -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '$IPT -A INPUT -m conntrack --ctstate INVALID -j DROP',
    '$IPT -A INPUT -p icmp --icmp-type echo-request -m limit --limit 5/second --limit-burst 10 -j ACCEPT',
    '$IPT -A INPUT -s "$ADMIN_NET" -p tcp --dport 22 -j ACCEPT',
    '$IPT -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
    'for resolver in $RESOLVERS; do',
    '  $IPT -A OUTPUT -d "$resolver" -p udp --dport 53 -j ACCEPT',
    'done',
    '$IPT -t nat -A POSTROUTING -o "$WAN" -j MASQUERADE',
    '$IPT -t nat -A PREROUTING -i "$WAN" -p tcp --dport 8080 -j DNAT --to-destination 10.0.0.10:80',
    '$IPT -t mangle -A FORWARD -o "$WAN" -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
    '$IP6T -P INPUT DROP',
    '$IP6T -A INPUT -i lo -j ACCEPT',
    '$IP6T -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '$IP6T -A INPUT -p ipv6-icmp -j ACCEPT',
    '$IP6T -A INPUT -s 2001:db8::/32 -p tcp --dport 22 -j ACCEPT',
    '',
  ];
  for (const source of blockedSources(6 * groups)) out.push(`$IPT -A INPUT -s ${source} -j DROP`);
  for (const group of hostGroups(groups)) {
    out.push(
      `# ${group.chain}: ${group.network}.0/24, ${group.ports.join(' ')}`,
      `$IPT -N ${group.chain}`,
      `$IPT -A FORWARD -i "$LAN" -o "$WAN" -s ${group.network}.0/24 -j ${group.chain}`,
      `for port in ${group.ports.join(' ')}; do`,
      `  $IPT -A ${group.chain} -p tcp -d ${group.network}.0/25 --dport "$port" -j ACCEPT`,
      'done',
      `allow ${group.chain} udp ${group.network}.128/26 ${group.udpPort}`,
      `if [ -f /etc/firewall/${group.chain}.log ]; then`,
      `  $IPT -A ${group.chain} -m limit --limit 1/min -j LOG --log-prefix "${group.chain}: "`,
      'fi',
      `$IPT -A ${group.chain} -s ${group.network}.200 -j DROP`,
      `$IPT -A ${group.chain} -p tcp -m multiport --sports 1024:65535 -m comment --comment "${group.chain} clients" -j RETURN`,
      `$IPT -A ${group.chain} -j REJECT --reject-with icmp-port-unreachable`,
      '',
    );
  }
  return out.join('\n');
}

/** The same kind of firewall as iptables-save prints it, with about `14 × groups + 10` rules. */
export function warmUpRestore(groups: number): string {
  const all = hostGroups(groups);
  const out = [
    '# Generated by iptables-save v1.8.9 (nf_tables)',
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    '-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.10:80',
    '-A POSTROUTING -o eth0 -j MASQUERADE',
    'COMMIT',
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ...all.map((g) => `:${g.chain} - [0:0]`),
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A INPUT -m conntrack --ctstate INVALID -j DROP',
    '-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 22 -j ACCEPT',
    '-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
    '-A INPUT -p icmp -m icmp --icmp-type 8 -m limit --limit 5/sec -j ACCEPT',
    '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ...blockedSources(6 * groups).map((source) => `-A INPUT -s ${source.includes('/') ? source : `${source}/32`} -j DROP`),
  ];
  for (const group of all) {
    out.push(`-A FORWARD -s ${group.network}.0/24 -i eth1 -o eth0 -j ${group.chain}`);
    for (const port of group.ports) out.push(`-A ${group.chain} -d ${group.network}.0/25 -p tcp -m tcp --dport ${port} -j ACCEPT`);
    out.push(
      `-A ${group.chain} -s ${group.network}.128/26 -p udp -m udp --dport ${group.udpPort} -m conntrack --ctstate NEW -j ACCEPT`,
      `-A ${group.chain} -m limit --limit 1/min -j LOG --log-prefix "${group.chain}: "`,
      `-A ${group.chain} -s ${group.network}.200/32 -j DROP`,
      `-A ${group.chain} -p tcp -m multiport --sports 1024:65535 -m comment --comment "${group.chain} clients" -j RETURN`,
      `-A ${group.chain} -j REJECT --reject-with icmp-port-unreachable`,
    );
  }
  out.push('COMMIT', '');
  return out.join('\n');
}
