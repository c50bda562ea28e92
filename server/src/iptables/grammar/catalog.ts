/**
 * Names iptables resolves itself: protocols, services, ICMP types, REJECT types, conntrack states,
 * log levels. Embedded (never read from /etc at run time) and matching Debian's /etc/protocols and
 * /etc/services, which is what real iptables resolves names against.
 */

/** IP protocol numbers by name; the first name of a number is the one `iptables -S` prints. */
export const PROTOCOLS: ReadonlyArray<readonly [name: string, num: number, doc: string]> = [
  ['tcp', 6, 'Transmission Control Protocol'],
  ['udp', 17, 'User Datagram Protocol'],
  ['icmp', 1, 'Internet Control Message Protocol (IPv4)'],
  ['ipv6-icmp', 58, 'ICMP for IPv6 (also written icmpv6)'],
  ['sctp', 132, 'Stream Control Transmission Protocol'],
  ['udplite', 136, 'Lightweight User Datagram Protocol'],
  ['dccp', 33, 'Datagram Congestion Control Protocol'],
  ['esp', 50, 'IPsec Encapsulating Security Payload'],
  ['ah', 51, 'IPsec Authentication Header'],
  ['gre', 47, 'Generic Routing Encapsulation'],
  ['igmp', 2, 'Internet Group Management Protocol'],
  ['ipencap', 4, 'IP in IP encapsulation'],
  ['ipv6', 41, 'IPv6 encapsulated in IPv4 (6in4)'],
  ['ipv6-route', 43, 'IPv6 routing header'],
  ['ipv6-frag', 44, 'IPv6 fragment header'],
  ['ipv6-nonxt', 59, 'IPv6 no next header'],
  ['ipv6-opts', 60, 'IPv6 destination options'],
  ['rsvp', 46, 'Resource Reservation Protocol'],
  ['ospf', 89, 'Open Shortest Path First'],
  ['pim', 103, 'Protocol Independent Multicast'],
  ['vrrp', 112, 'Virtual Router Redundancy Protocol'],
  ['l2tp', 115, 'Layer Two Tunneling Protocol'],
  ['ipcomp', 108, 'IP Payload Compression'],
  ['ipip', 94, 'IP-within-IP encapsulation'],
  ['eigrp', 88, 'Enhanced Interior Gateway Routing Protocol'],
  ['egp', 8, 'Exterior Gateway Protocol'],
  ['mobility-header', 135, 'IPv6 mobility header'],
  ['etherip', 97, 'Ethernet within IP'],
  ['isis', 124, 'IS-IS over IPv4'],
  ['mptcp', 262, 'Multipath TCP'],
];

/** Spellings iptables accepts besides /etc/protocols names. */
export const PROTOCOL_ALIASES: Readonly<Record<string, string>> = {
  all: 'all',
  icmpv6: 'ipv6-icmp',
  mh: 'mobility-header',
  'ipv6-mh': 'mobility-header',
};

export interface Service {
  name: string;
  port: number;
  protocols: readonly ('tcp' | 'udp' | 'sctp')[];
  /** Other names /etc/services gives it. */
  aliases: readonly string[];
  doc: string;
}

function svc(name: string, port: number, protos: string, doc: string, aliases: string[] = []): Service {
  return { name, port, protocols: protos.split('/') as Service['protocols'], aliases, doc };
}

/** The well-known services firewall scripts name, as Debian's /etc/services defines them. */
export const SERVICES: readonly Service[] = [
  svc('ftp-data', 20, 'tcp', 'FTP data (active mode)'),
  svc('ftp', 21, 'tcp', 'FTP control'),
  svc('ssh', 22, 'tcp', 'Secure Shell'),
  svc('telnet', 23, 'tcp', 'Telnet (unencrypted)'),
  svc('smtp', 25, 'tcp', 'Mail transfer (SMTP)', ['mail']),
  svc('whois', 43, 'tcp', 'WHOIS', ['nicname']),
  svc('domain', 53, 'tcp/udp', 'DNS'),
  svc('bootps', 67, 'udp', 'DHCP server'),
  svc('bootpc', 68, 'udp', 'DHCP client'),
  svc('tftp', 69, 'udp', 'Trivial FTP'),
  svc('finger', 79, 'tcp', 'Finger'),
  svc('http', 80, 'tcp', 'HTTP (web)', ['www']),
  svc('kerberos', 88, 'tcp/udp', 'Kerberos', ['kerberos5', 'krb5', 'kerberos-sec']),
  svc('pop3', 110, 'tcp', 'POP3 mail', ['pop-3']),
  svc('sunrpc', 111, 'tcp/udp', 'RPC portmapper (NFS)', ['portmapper']),
  svc('auth', 113, 'tcp', 'Ident', ['authentication', 'tap', 'ident']),
  svc('nntp', 119, 'tcp', 'Usenet news', ['readnews', 'untp']),
  svc('ntp', 123, 'udp', 'Network Time Protocol'),
  svc('netbios-ns', 137, 'udp', 'NetBIOS name service'),
  svc('netbios-dgm', 138, 'udp', 'NetBIOS datagrams'),
  svc('netbios-ssn', 139, 'tcp', 'NetBIOS sessions (SMB)'),
  svc('imap2', 143, 'tcp', 'IMAP mail', ['imap']),
  svc('snmp', 161, 'tcp/udp', 'SNMP'),
  svc('snmp-trap', 162, 'tcp/udp', 'SNMP traps', ['snmptrap']),
  svc('bgp', 179, 'tcp', 'Border Gateway Protocol'),
  svc('ldap', 389, 'tcp/udp', 'LDAP directory'),
  svc('https', 443, 'tcp/udp', 'HTTPS (web over TLS; QUIC on udp)'),
  svc('microsoft-ds', 445, 'tcp', 'SMB file sharing'),
  svc('kpasswd', 464, 'tcp/udp', 'Kerberos password change'),
  svc('submissions', 465, 'tcp', 'Mail submission over TLS', ['ssmtp', 'smtps', 'urd']),
  svc('isakmp', 500, 'udp', 'IPsec key exchange (IKE)'),
  svc('exec', 512, 'tcp', 'rexec'),
  svc('login', 513, 'tcp', 'rlogin'),
  svc('shell', 514, 'tcp', 'rsh', ['cmd', 'syslog']),
  svc('syslog', 514, 'udp', 'Syslog'),
  svc('printer', 515, 'tcp', 'LPD printing', ['spooler']),
  svc('rtsp', 554, 'tcp/udp', 'Real Time Streaming Protocol'),
  svc('submission', 587, 'tcp', 'Mail submission'),
  svc('ipp', 631, 'tcp', 'Internet Printing Protocol (CUPS)'),
  svc('ldaps', 636, 'tcp/udp', 'LDAP over TLS'),
  svc('ldp', 646, 'tcp/udp', 'Label Distribution Protocol'),
  svc('domain-s', 853, 'tcp/udp', 'DNS over TLS'),
  svc('rsync', 873, 'tcp', 'rsync'),
  svc('imaps', 993, 'tcp', 'IMAP over TLS'),
  svc('pop3s', 995, 'tcp', 'POP3 over TLS'),
  svc('socks', 1080, 'tcp', 'SOCKS proxy'),
  svc('openvpn', 1194, 'tcp/udp', 'OpenVPN'),
  svc('ms-sql-s', 1433, 'tcp', 'Microsoft SQL Server'),
  svc('radius', 1812, 'tcp/udp', 'RADIUS authentication'),
  svc('radius-acct', 1813, 'tcp/udp', 'RADIUS accounting', ['radacct']),
  svc('nfs', 2049, 'tcp/udp', 'NFS'),
  svc('mysql', 3306, 'tcp', 'MySQL / MariaDB'),
  svc('ms-wbt-server', 3389, 'tcp', 'Remote Desktop (RDP)'),
  svc('svn', 3690, 'tcp', 'Subversion', ['subversion']),
  svc('ipsec-nat-t', 4500, 'udp', 'IPsec NAT traversal'),
  svc('munin', 4949, 'tcp', 'Munin', ['lrrd']),
  svc('sip', 5060, 'tcp/udp', 'SIP (VoIP signalling)'),
  svc('sip-tls', 5061, 'tcp/udp', 'SIP over TLS'),
  svc('xmpp-client', 5222, 'tcp', 'XMPP client', ['jabber-client']),
  svc('xmpp-server', 5269, 'tcp', 'XMPP server', ['jabber-server']),
  svc('mdns', 5353, 'udp', 'Multicast DNS'),
  svc('postgresql', 5432, 'tcp', 'PostgreSQL', ['postgres']),
  svc('amqp', 5672, 'tcp/sctp', 'AMQP (RabbitMQ)'),
  svc('x11', 6000, 'tcp', 'X11 display :0', ['x11-0']),
  svc('redis', 6379, 'tcp', 'Redis'),
  svc('ircd', 6667, 'tcp', 'IRC'),
  svc('http-alt', 8080, 'tcp', 'Alternative HTTP / proxies', ['webcache']),
  svc('puppet', 8140, 'tcp', 'Puppet'),
  svc('git', 9418, 'tcp', 'Git protocol'),
  svc('zabbix-agent', 10050, 'tcp', 'Zabbix agent'),
  svc('zabbix-trapper', 10051, 'tcp', 'Zabbix trapper'),
];

/** [name, type, code] — code -1 means every code of the type. The first name of a pair is the canonical one. */
export const ICMP_TYPES: ReadonlyArray<readonly [string, number, number]> = [
  ['any', 255, -1],
  ['echo-reply', 0, -1],
  ['pong', 0, -1],
  ['destination-unreachable', 3, -1],
  ['network-unreachable', 3, 0],
  ['host-unreachable', 3, 1],
  ['protocol-unreachable', 3, 2],
  ['port-unreachable', 3, 3],
  ['fragmentation-needed', 3, 4],
  ['source-route-failed', 3, 5],
  ['network-unknown', 3, 6],
  ['host-unknown', 3, 7],
  ['network-prohibited', 3, 9],
  ['host-prohibited', 3, 10],
  ['TOS-network-unreachable', 3, 11],
  ['TOS-host-unreachable', 3, 12],
  ['communication-prohibited', 3, 13],
  ['host-precedence-violation', 3, 14],
  ['precedence-cutoff', 3, 15],
  ['source-quench', 4, -1],
  ['redirect', 5, -1],
  ['network-redirect', 5, 0],
  ['host-redirect', 5, 1],
  ['TOS-network-redirect', 5, 2],
  ['TOS-host-redirect', 5, 3],
  ['echo-request', 8, -1],
  ['ping', 8, -1],
  ['router-advertisement', 9, -1],
  ['router-solicitation', 10, -1],
  ['time-exceeded', 11, -1],
  ['ttl-exceeded', 11, -1],
  ['ttl-zero-during-transit', 11, 0],
  ['ttl-zero-during-reassembly', 11, 1],
  ['parameter-problem', 12, -1],
  ['ip-header-bad', 12, 0],
  ['required-option-missing', 12, 1],
  ['timestamp-request', 13, -1],
  ['timestamp-reply', 14, -1],
  ['address-mask-request', 17, -1],
  ['address-mask-reply', 18, -1],
];

export const ICMPV6_TYPES: ReadonlyArray<readonly [string, number, number]> = [
  ['destination-unreachable', 1, -1],
  ['no-route', 1, 0],
  ['communication-prohibited', 1, 1],
  ['beyond-scope', 1, 2],
  ['address-unreachable', 1, 3],
  ['port-unreachable', 1, 4],
  ['failed-policy', 1, 5],
  ['reject-route', 1, 6],
  ['packet-too-big', 2, -1],
  ['time-exceeded', 3, -1],
  ['ttl-exceeded', 3, -1],
  ['ttl-zero-during-transit', 3, 0],
  ['ttl-zero-during-reassembly', 3, 1],
  ['parameter-problem', 4, -1],
  ['bad-header', 4, 0],
  ['unknown-header-type', 4, 1],
  ['unknown-option', 4, 2],
  ['echo-request', 128, -1],
  ['ping', 128, -1],
  ['echo-reply', 129, -1],
  ['pong', 129, -1],
  ['mld-listener-query', 130, -1],
  ['mld-listener-report', 131, -1],
  ['mld-listener-done', 132, -1],
  ['mld-listener-reduction', 132, -1],
  ['router-solicitation', 133, -1],
  ['router-advertisement', 134, -1],
  ['neighbour-solicitation', 135, -1],
  ['neighbor-solicitation', 135, -1],
  ['neighbour-advertisement', 136, -1],
  ['neighbor-advertisement', 136, -1],
  ['redirect', 137, -1],
];

/**
 * ipv6header's headers, in the order it prints them (its header bits, high to low), with every
 * spelling ip6tables reads for each (case-sensitive; no other number is a header to it).
 */
export const IPV6_HEADERS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['hop-by-hop', ['hop', 'hop-by-hop', '0']],
  ['ipv6-opts', ['dst', 'ipv6-opts', '60']],
  ['ipv6-route', ['route', 'ipv6-route', '43']],
  ['ipv6-frag', ['frag', 'ipv6-frag', '44']],
  ['ah', ['auth', 'ah', '51']],
  ['esp', ['esp', '50']],
  ['ipv6-nonxt', ['none', 'ipv6-nonxt', '59']],
  ['protocol', ['prot', 'protocol', '255']],
];

/** TCPOPTSTRIP's TCP option names, with the option numbers they stand for. */
export const TCP_OPTION_NUMBERS: Readonly<Record<string, number>> = { wscale: 3, mss: 2, 'sack-permitted': 4, sack: 5, timestamp: 8, md5: 19 };

/** libip6t_mh's names of mobility header types, in its order: each name, then its short alias. */
export const MH_TYPE_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['binding-refresh-request', 0],
  ['brr', 0],
  ['home-test-init', 1],
  ['hoti', 1],
  ['careof-test-init', 2],
  ['coti', 2],
  ['home-test', 3],
  ['hot', 3],
  ['careof-test', 4],
  ['cot', 4],
  ['binding-update', 5],
  ['bu', 5],
  ['binding-acknowledgement', 6],
  ['ba', 6],
  ['binding-error', 7],
  ['be', 7],
];

/** The fields `--hmark-tuple` names, and the option each one sets (ct sets none). */
export const HMARK_TUPLE_FIELDS: Readonly<Record<string, string | undefined>> = {
  src: '--hmark-src-prefix',
  dst: '--hmark-dst-prefix',
  sport: '--hmark-sport-mask',
  dport: '--hmark-dport-mask',
  spi: '--hmark-spi-mask',
  proto: '--hmark-proto-mask',
  ct: undefined,
};

/** REJECT --reject-with values per family: [canonical, short alias]. The first is the default. */
export const REJECT_TYPES: Readonly<Record<'ipv4' | 'ipv6', ReadonlyArray<readonly [string, string]>>> = {
  ipv4: [
    ['icmp-port-unreachable', 'port-unreach'],
    ['icmp-net-unreachable', 'net-unreach'],
    ['icmp-host-unreachable', 'host-unreach'],
    ['icmp-proto-unreachable', 'proto-unreach'],
    ['icmp-net-prohibited', 'net-prohib'],
    ['icmp-host-prohibited', 'host-prohib'],
    ['icmp-admin-prohibited', 'admin-prohib'],
    ['tcp-reset', 'tcp-rst'],
  ],
  ipv6: [
    ['icmp6-port-unreachable', 'port-unreach'],
    ['icmp6-no-route', 'no-route'],
    ['icmp6-adm-prohibited', 'adm-prohibited'],
    ['icmp6-addr-unreachable', 'addr-unreach'],
    ['icmp6-policy-fail', 'policy-fail'],
    ['icmp6-reject-route', 'reject-route'],
    ['tcp-reset', 'tcp-rst'],
  ],
};

/** Conntrack states in the order iptables prints them, with what each means. */
export const CT_STATES: ReadonlyArray<readonly [string, string]> = [
  ['INVALID', 'Not part of any known connection (broken, out of window); usually dropped.'],
  ['NEW', 'Opens a new connection (the first packet seen).'],
  ['RELATED', 'Opens a connection related to an existing one (ICMP errors, FTP data).'],
  ['ESTABLISHED', 'Part of a connection that has seen traffic in both directions (incl. the first reply).'],
  ['UNTRACKED', 'Exempted from tracking by the raw table (NOTRACK / CT --notrack).'],
  ['SNAT', 'A virtual state: the original source differs from the reply destination.'],
  ['DNAT', 'A virtual state: the original destination differs from the reply source.'],
];

export const CT_STATUSES: readonly string[] = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];

/** Syslog levels LOG accepts by name; iptables prints the number. */
export const LOG_LEVELS: Readonly<Record<string, number>> = {
  emerg: 0,
  panic: 0,
  alert: 1,
  crit: 2,
  error: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
};

/** TCP flags in the order iptables prints them. */
export const TCP_FLAGS: readonly string[] = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];
