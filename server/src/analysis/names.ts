/** Names iptables accepts for numbers: protocols, services (ports), ICMP types, conntrack states. */

export const PROTOCOL_NUMBERS: Record<string, number> = {
  icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132,
  dccp: 33, udplite: 136, mh: 135, ipip: 4, ospf: 89, vrrp: 112, pim: 103,
};

export const PROTOCOL_NAMES: Record<number, string> = {
  1: 'ICMP', 2: 'IGMP', 6: 'TCP', 17: 'UDP', 33: 'DCCP', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 132: 'SCTP', 136: 'UDP-Lite',
};

/** Protocols whose packets carry ports. */
export const PORT_PROTOCOLS: readonly number[] = [6, 17, 33, 132, 136];

/** The services of /etc/services most firewalls name (iptables resolves names through it). */
export const SERVICE_PORTS: Record<string, number> = {
  ftp: 21, 'ftp-data': 20, ssh: 22, telnet: 23, smtp: 25, domain: 53, bootps: 67, bootpc: 68, tftp: 69,
  http: 80, www: 80, kerberos: 88, pop3: 110, sunrpc: 111, auth: 113, ntp: 123, 'netbios-ns': 137,
  'netbios-dgm': 138, 'netbios-ssn': 139, imap: 143, imap2: 143, snmp: 161, 'snmp-trap': 162, bgp: 179,
  ldap: 389, https: 443, 'microsoft-ds': 445, isakmp: 500, syslog: 514, submission: 587, submissions: 465, smtps: 465,
  ldaps: 636, rsync: 873, imaps: 993, pop3s: 995, openvpn: 1194, 'ms-sql-s': 1433, mysql: 3306,
  'ipsec-nat-t': 4500, postgresql: 5432, 'x11': 6000, 'http-alt': 8080, domain_s: 853, git: 9418,
};

const PORT_LABELS: Record<number, string> = {
  20: 'FTP data', 21: 'FTP', 22: 'SSH', 23: 'Telnet', 25: 'SMTP', 53: 'DNS', 67: 'DHCP server', 68: 'DHCP client',
  69: 'TFTP', 80: 'HTTP', 110: 'POP3', 123: 'NTP', 143: 'IMAP', 161: 'SNMP', 179: 'BGP', 389: 'LDAP',
  443: 'HTTPS', 445: 'SMB', 465: 'SMTPS', 514: 'syslog', 587: 'mail submission', 636: 'LDAPS', 853: 'DNS over TLS',
  993: 'IMAPS', 995: 'POP3S', 1194: 'OpenVPN', 1433: 'MS SQL', 3306: 'MySQL', 3389: 'RDP', 5432: 'PostgreSQL',
  5900: 'VNC', 6379: 'Redis', 8080: 'HTTP alternate', 8443: 'HTTPS alternate', 9100: 'node exporter', 9418: 'git',
  51820: 'WireGuard',
};

/** "HTTPS" for 443, undefined when the port has no well-known service. */
export function serviceLabel(port: number): string | undefined {
  return PORT_LABELS[port];
}

/** ICMP types by name: [type, code] (code -1: any code), for `--icmp-type`. */
export const ICMP_TYPES: Record<string, [number, number]> = {
  any: [-1, -1], 'echo-reply': [0, -1], pong: [0, -1], 'destination-unreachable': [3, -1],
  'network-unreachable': [3, 0], 'host-unreachable': [3, 1], 'protocol-unreachable': [3, 2], 'port-unreachable': [3, 3],
  'fragmentation-needed': [3, 4], 'source-route-failed': [3, 5], 'network-unknown': [3, 6], 'host-unknown': [3, 7],
  'network-prohibited': [3, 9], 'host-prohibited': [3, 10], 'communication-prohibited': [3, 13],
  'source-quench': [4, -1], redirect: [5, -1], 'echo-request': [8, -1], ping: [8, -1],
  'router-advertisement': [9, -1], 'router-solicitation': [10, -1], 'time-exceeded': [11, -1], 'ttl-exceeded': [11, -1],
  'ttl-zero-during-transit': [11, 0], 'ttl-zero-during-reassembly': [11, 1], 'parameter-problem': [12, -1],
  'timestamp-request': [13, -1], 'timestamp-reply': [14, -1], 'address-mask-request': [17, -1], 'address-mask-reply': [18, -1],
};

export const ICMPV6_TYPES: Record<string, [number, number]> = {
  'destination-unreachable': [1, -1], 'no-route': [1, 0], 'communication-prohibited': [1, 1], 'address-unreachable': [1, 3],
  'port-unreachable': [1, 4], 'packet-too-big': [2, -1], 'time-exceeded': [3, -1], 'ttl-exceeded': [3, -1],
  'parameter-problem': [4, -1], 'echo-request': [128, -1], ping: [128, -1], 'echo-reply': [129, -1], pong: [129, -1],
  'router-solicitation': [133, -1], 'router-advertisement': [134, -1], 'neighbour-solicitation': [135, -1],
  'neighbor-solicitation': [135, -1], 'neighbour-advertisement': [136, -1], 'neighbor-advertisement': [136, -1], redirect: [137, -1],
};

/** Request type → reply type: the reply to a ping is ESTABLISHED in conntrack, like a TCP reply. */
export const ICMP_REPLY_TYPES: Record<number, number> = { 8: 0, 13: 14, 15: 16, 17: 18 };
export const ICMPV6_REPLY_TYPES: Record<number, number> = { 128: 129 };

/** Conntrack states as bit positions in the state dimension. */
export const CT_STATES = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'] as const;
