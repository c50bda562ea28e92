import { mod, opt } from './define';
import type { ModuleSpec } from './types';

const CT_DIRS = 'enum:ORIGINAL|REPLY';
const ADDR_TYPES = 'UNSPEC|UNICAST|LOCAL|BROADCAST|ANYCAST|MULTICAST|BLACKHOLE|UNREACHABLE|PROHIBIT|THROW|NAT|XRESOLVE';
const portOptions = (proto: string) => [
  opt('sport,source-port', '!portrange', `Source ${proto} port or range first:last (the sender's port).`),
  opt('dport,destination-port', '!portrange', `Destination ${proto} port or range first:last (the service port).`),
];

/**
 * Match extensions of iptables 1.8 (iptables-extensions(8)), options in the order `iptables -S`
 * prints them. `understood` marks the ones whose meaning the analysis models.
 */
export const MATCHES: ModuleSpec[] = [
  mod('tcp', 'TCP header fields; loaded by `-p tcp`.', [
    ...portOptions('TCP'),
    opt('tcp-flags', '!tcpflags tcpflags', 'Examine the flags in the first list; match when exactly the second list is set.'),
    opt('syn', '!', 'Only connection-opening segments (SYN set, ACK/RST/FIN clear).'),
    opt('tcp-option', '!uint:0-255', 'Match when this TCP option kind is present.'),
  ], { protocols: ['tcp'], understood: true }),
  mod('udp', 'UDP header fields; loaded by `-p udp`.', portOptions('UDP'), { protocols: ['udp'], understood: true }),
  mod('udplite', 'UDP-Lite ports; loaded by `-p udplite`.', portOptions('UDP-Lite'), { protocols: ['udplite'] }),
  mod('sctp', 'SCTP header fields; loaded by `-p sctp`.', [
    ...portOptions('SCTP'),
    opt('chunk-types', '!enum:all|any|only string', 'Match on SCTP chunk types (all, any or only of the listed types).'),
  ], { protocols: ['sctp'] }),
  mod('dccp', 'DCCP header fields; loaded by `-p dccp`.', [
    ...portOptions('DCCP'),
    opt('dccp-types', '!string', 'Match when the DCCP packet type is one of the comma-separated types.'),
    opt('dccp-option', '!uint:0-255', 'Match when this DCCP option is present.'),
  ], { protocols: ['dccp'] }),
  mod('icmp', 'ICMP type and code; loaded by `-p icmp` (IPv4).', [
    opt('icmp-type', '!icmptype', 'ICMP type by name (echo-request) or number, optionally type/code.'),
  ], { protocols: ['icmp'], family: 'ipv4', understood: true }),
  mod('icmp6', 'ICMPv6 type and code; loaded by `-p icmpv6` (IPv6).', [
    opt('icmpv6-type', '!icmpv6type', 'ICMPv6 type by name (echo-request) or number, optionally type/code.'),
  ], { protocols: ['ipv6-icmp'], family: 'ipv6', understood: true }),
  mod('multiport', 'Up to 15 ports or port ranges in one rule; needs -p tcp, udp, udplite, sctp or dccp.', [
    opt('sports,source-ports', '!portlist', 'Match when the source port is one of these (comma-separated, ranges first:last).'),
    opt('dports,destination-ports', '!portlist', 'Match when the destination port is one of these (comma-separated, ranges first:last).'),
    opt('ports', '!portlist', 'Match when either the source or the destination port is one of these.'),
  ], { protocols: ['tcp', 'udp', 'udplite', 'sctp', 'dccp'], understood: true }),
  mod('conntrack', 'Connection tracking state of the packet: NEW, ESTABLISHED, RELATED, INVALID…', [
    opt('ctstate', '!ctstates', 'Connection states: NEW, ESTABLISHED (incl. replies), RELATED, INVALID, UNTRACKED, SNAT, DNAT.'),
    opt('ctproto', '!protocol', 'Layer-4 protocol of the connection.'),
    opt('ctorigsrc', '!address', 'Source address of the original direction.'),
    opt('ctorigdst', '!address', 'Destination address of the original direction.'),
    opt('ctreplsrc', '!address', 'Source address of the reply direction.'),
    opt('ctrepldst', '!address', 'Destination address of the reply direction.'),
    opt('ctorigsrcport', '!portrange', 'Source port of the original direction.'),
    opt('ctorigdstport', '!portrange', 'Destination port of the original direction.'),
    opt('ctreplsrcport', '!portrange', 'Source port of the reply direction.'),
    opt('ctrepldstport', '!portrange', 'Destination port of the reply direction.'),
    opt('ctstatus', '!ctstatus', 'Connection status flags: NONE, EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED.'),
    opt('ctexpire', '!uintrange', 'Remaining lifetime of the conntrack entry in seconds (n or n:m).'),
    opt('ctdir', CT_DIRS, 'Only packets of the ORIGINAL (client to server) or REPLY direction.'),
  ], { understood: true }),
  mod('state', 'Connection tracking state (older alias of `-m conntrack --ctstate`).', [
    opt('state', '!states', 'Connection states: NEW, ESTABLISHED (incl. replies), RELATED, INVALID, UNTRACKED.'),
  ], { understood: true }),
  mod('comment', 'A comment stored with the rule (up to 255 characters); matches every packet.', [
    opt('comment', 'string', 'The comment text.'),
  ], { understood: true }),
  mod('limit', 'Matches until a rate limit is reached (token bucket), e.g. for LOG rules.', [
    opt('limit', 'rate', 'Average rate: number with /second, /minute, /hour or /day (default 3/hour).'),
    opt('limit-burst', 'uint:1-10000', 'Packets allowed in a burst before the limit applies (default 5).'),
  ]),
  mod('hashlimit', 'Rate limit per source/destination address or port group.', [
    opt('hashlimit-upto', 'rate', 'Match while the rate is at or below this (n/second, /minute, /hour, /day).'),
    opt('hashlimit-above', 'rate', 'Match when the rate is above this.'),
    opt('hashlimit-burst', 'uint', 'Maximum initial burst (default 5).'),
    opt('hashlimit-mode', 'enumlist:srcip|srcport|dstip|dstport', 'What makes a group: srcip, srcport, dstip, dstport.'),
    opt('hashlimit-name', 'nonempty', 'Name of the table in /proc/net/ipt_hashlimit.'),
    opt('hashlimit-htable-size', 'uint', 'Number of hash buckets.'),
    opt('hashlimit-htable-max', 'uint', 'Maximum number of entries.'),
    opt('hashlimit-htable-gcinterval', 'uint', 'Garbage collection interval in milliseconds.'),
    opt('hashlimit-htable-expire', 'uint', 'Idle entries expire after this many milliseconds.'),
    opt('hashlimit-srcmask', 'uint:0-128', 'Group source addresses by this prefix length.'),
    opt('hashlimit-dstmask', 'uint:0-128', 'Group destination addresses by this prefix length.'),
    opt('hashlimit-rate-match', '', 'Classify flows by rate instead of limiting them.'),
    opt('hashlimit-rate-interval', 'uint', 'Sampling interval for --hashlimit-rate-match, in seconds.'),
  ]),
  mod('recent', 'Remembers addresses in a named list and matches on them (e.g. SSH brute-force limits).', [
    opt('set', '!', 'Add the source (or destination) address to the list; always matches.'),
    opt('rcheck', '!', 'Match when the address is in the list.'),
    opt('update', '!', 'Like --rcheck, and refresh the last-seen time.'),
    opt('remove', '!', 'Remove the address from the list when it is there.'),
    opt('seconds', 'uint', 'Only entries seen within this many seconds (with --rcheck or --update).'),
    opt('reap', '', 'Purge entries older than --seconds.'),
    opt('hitcount', 'uint', 'Only entries seen at least this many times.'),
    opt('rttl', '', 'Also require the same TTL as when the address was added.'),
    opt('name', 'nonempty', 'Name of the list (default DEFAULT).'),
    opt('mask', 'address', 'Netmask applied to the address before it is stored or looked up.'),
    opt('rsource', '', 'Use the source address (default).'),
    opt('rdest', '', 'Use the destination address.'),
  ]),
  mod('connlimit', 'Limits parallel connections per client address or network.', [
    opt('connlimit-upto', 'uint', 'Match when the number of connections is at most this.'),
    opt('connlimit-above', 'uint', 'Match when the number of connections is above this.'),
    opt('connlimit-mask', 'uint:0-128', 'Group hosts by this prefix length (default 32, 128 for IPv6).'),
    opt('connlimit-saddr', '', 'Group by source address (default).'),
    opt('connlimit-daddr', '', 'Group by destination address.'),
  ]),
  mod('mark', 'The packet mark (nfmark) set by the MARK target.', [
    opt('mark', '!mark', 'Match when mark AND mask equals value (value[/mask]).'),
  ]),
  mod('connmark', 'The mark of the connection (ctmark) set by the CONNMARK target.', [
    opt('mark', '!mark', 'Match when ctmark AND mask equals value (value[/mask]).'),
  ]),
  mod('mac', 'Source MAC address (only PREROUTING, INPUT, FORWARD).', [
    opt('mac-source', '!mac', 'Source MAC address, XX:XX:XX:XX:XX:XX.'),
  ], { chains: ['PREROUTING', 'INPUT', 'FORWARD'] }),
  mod('iprange', 'Source or destination address inside an arbitrary range.', [
    opt('src-range', '!iprange', 'Source address in from-to.'),
    opt('dst-range', '!iprange', 'Destination address in from-to.'),
  ], { understood: true }),
  mod('addrtype', 'Address type as the routing table sees it: LOCAL, BROADCAST, MULTICAST…', [
    opt('src-type', `!enumlist:${ADDR_TYPES}`, 'Source address type(s).'),
    opt('dst-type', `!enumlist:${ADDR_TYPES}`, 'Destination address type(s).'),
    opt('limit-iface-in', '', 'Only look at routes of the incoming interface.'),
    opt('limit-iface-out', '', 'Only look at routes of the outgoing interface.'),
  ]),
  mod('pkttype', 'Link-layer packet type: unicast, broadcast or multicast.', [
    opt('pkt-type', '!enum:unicast|broadcast|multicast|host|otherhost|outgoing|loopback', 'The link-layer packet type.'),
  ]),
  mod('length', 'Length of the layer-3 payload (the whole packet).', [
    opt('length', '!uintrange:0-65535', 'Packet length or range first:last, in bytes.'),
  ]),
  mod('ttl', 'IPv4 time-to-live field.', [
    opt('ttl-eq', '!uint:0-255', 'TTL equals this value.'),
    opt('ttl-gt', 'uint:0-255', 'TTL is greater than this value.'),
    opt('ttl-lt', 'uint:0-255', 'TTL is less than this value.'),
  ], { family: 'ipv4' }),
  mod('hl', 'IPv6 hop limit field.', [
    opt('hl-eq', '!uint:0-255', 'Hop limit equals this value.'),
    opt('hl-gt', 'uint:0-255', 'Hop limit is greater than this value.'),
    opt('hl-lt', 'uint:0-255', 'Hop limit is less than this value.'),
  ], { family: 'ipv6' }),
  mod('tos', 'IPv4 type-of-service field (or IPv6 traffic class).', [
    opt('tos', '!string', 'TOS value[/mask] or symbol (Minimize-Delay, Maximize-Throughput…).'),
  ]),
  mod('dscp', 'DSCP bits of the TOS / traffic class field.', [
    opt('dscp', '!uint:0-63', 'DSCP value, 0-63 (decimal or hex).'),
    opt('dscp-class', '!enum:BE|EF|AF11|AF12|AF13|AF21|AF22|AF23|AF31|AF32|AF33|AF41|AF42|AF43|CS0|CS1|CS2|CS3|CS4|CS5|CS6|CS7', 'DiffServ class name.'),
  ]),
  mod('ecn', 'ECN bits of the IP and TCP headers.', [
    opt('ecn-tcp-cwr', '!', 'TCP CWR bit set.'),
    opt('ecn-tcp-ece', '!', 'TCP ECE bit set.'),
    opt('ecn-ip-ect', '!uint:0-3', 'IP ECT codepoint, 0-3.'),
  ]),
  mod('owner', 'The local socket owner of an outgoing packet (only OUTPUT and POSTROUTING).', [
    opt('uid-owner', '!string', 'User name or uid (or uid range a-b) of the sending process.'),
    opt('gid-owner', '!string', 'Group name or gid (or range) of the sending process.'),
    opt('suppl-groups', '', 'Also match supplementary groups given with --gid-owner.'),
    opt('socket-exists', '!', 'Match when the packet belongs to a local socket.'),
  ], { chains: ['OUTPUT', 'POSTROUTING'] }),
  mod('physdev', 'Bridge ports of packets crossing a Linux bridge.', [
    opt('physdev-in', '!interface', 'Bridge port the packet came in on.'),
    opt('physdev-out', '!interface', 'Bridge port the packet will leave through.'),
    opt('physdev-is-in', '!', 'The packet entered through a bridge port.'),
    opt('physdev-is-out', '!', 'The packet will leave through a bridge port.'),
    opt('physdev-is-bridged', '!', 'The packet is bridged, not routed.'),
  ]),
  mod('set', 'Address/port membership in an ipset set (needs the set to exist).', [
    opt('match-set', '!nonempty nonempty', 'Set name and direction flags (src, dst, src,dst…).'),
    opt('return-nomatch', '', 'Invert the result for elements flagged nomatch.'),
    opt('update-counters', '!', 'Update the packet and byte counters of the element.'),
    opt('update-subcounters', '!', 'Update counters of the matching element in a list:set.'),
    opt('packets-eq', '!uint', 'Element packet counter equals.'),
    opt('packets-lt', 'uint', 'Element packet counter below.'),
    opt('packets-gt', 'uint', 'Element packet counter above.'),
    opt('bytes-eq', '!uint', 'Element byte counter equals.'),
    opt('bytes-lt', 'uint', 'Element byte counter below.'),
    opt('bytes-gt', 'uint', 'Element byte counter above.'),
  ]),
  mod('string', 'Matches a byte string in the packet payload.', [
    opt('algo', 'enum:bm|kmp', 'Search algorithm: bm (Boyer-Moore) or kmp.'),
    opt('from', 'uint', 'Start searching at this offset.'),
    opt('to', 'uint', 'Stop searching at this offset.'),
    opt('string', '!nonempty', 'The text to look for.'),
    opt('hex-string', '!nonempty', 'The bytes to look for, in |hex| notation.'),
    opt('icase', '', 'Ignore case.'),
  ]),
  mod('time', 'Time of day, weekday and date ranges (kernel time, UTC by default).', [
    opt('datestart', 'string', 'From this date, YYYY[-MM[-DD[Thh[:mm[:ss]]]]].'),
    opt('datestop', 'string', 'Until this date.'),
    opt('timestart', 'string', 'From this time of day, hh:mm[:ss].'),
    opt('timestop', 'string', 'Until this time of day.'),
    opt('monthdays', '!string', 'Days of the month, 1-31, comma-separated.'),
    opt('weekdays', '!string', 'Weekdays, Mon…Sun or 1-7, comma-separated.'),
    opt('contiguous', '', 'Treat a timestop before timestart as the next day.'),
    opt('kerneltz', '', 'Use the kernel time zone instead of UTC.'),
  ]),
  mod('statistic', 'Matches a share of packets, randomly or every nth.', [
    opt('mode', 'enum:random|nth', 'random or nth.'),
    opt('probability', '!string', 'Probability 0.0-1.0 (random mode).'),
    opt('every', '!uint', 'Match every nth packet (nth mode).'),
    opt('packet', 'uint', 'Initial counter value for nth mode.'),
  ]),
  mod('u32', 'Tests on arbitrary 32-bit words of the packet.', [opt('u32', '!nonempty', 'The u32 test expression.')]),
  mod('tcpmss', 'The MSS option of TCP SYN packets.', [opt('mss', '!uintrange', 'MSS value or range.')], { protocols: ['tcp'] }),
  mod('connbytes', 'Bytes or packets transferred so far by the connection.', [
    opt('connbytes', '!uintrange', 'Amount from[:to].'),
    opt('connbytes-dir', 'enum:original|reply|both', 'Which direction to count.'),
    opt('connbytes-mode', 'enum:packets|bytes|avgpkt', 'What to count.'),
  ]),
  mod('connlabel', 'Connection labels.', [
    opt('label', '!nonempty', 'Label name from connlabel.conf.'),
    opt('set', '', 'Set the label on the connection if it is not set.'),
  ]),
  mod('helper', 'Connections created by a conntrack helper (ftp, sip…).', [opt('helper', '!string', 'Helper name, e.g. ftp or ftp-2121.')]),
  mod('esp', 'SPI of IPsec ESP packets.', [opt('espspi', '!uintrange', 'SPI or range.')], { protocols: ['esp'] }),
  mod('ah', 'SPI of IPsec AH packets.', [
    opt('ahspi', '!uintrange', 'SPI or range.'),
    opt('ahlen', '!uint', 'Length of the AH header (IPv6).'),
    opt('ahres', '', 'Reserved field is zero (IPv6).'),
  ], { protocols: ['ah'] }),
  mod('policy', 'IPsec policy used to decapsulate or to be used for encapsulation.', [
    opt('dir', 'enum:in|out', 'in (decapsulation) or out (encapsulation).'),
    opt('pol', 'enum:none|ipsec', 'ipsec or none.'),
    opt('strict', '', 'The policy must match exactly.'),
    opt('reqid', '!uint', 'reqid of the policy rule.'),
    opt('spi', '!uint', 'SPI of the SA.'),
    opt('proto', '!enum:ah|esp|ipcomp', 'Encapsulation protocol.'),
    opt('mode', '!enum:tunnel|transport', 'Encapsulation mode.'),
    opt('tunnel-src', '!address', 'Tunnel source address.'),
    opt('tunnel-dst', '!address', 'Tunnel destination address.'),
    opt('next', '', 'Start the next element of the policy.'),
  ]),
  mod('quota', 'Matches until a byte quota is used up.', [opt('quota', '!uint', 'Bytes.')]),
  mod('rpfilter', 'Reverse-path filter: the reply would leave by the interface the packet came in on.', [
    opt('loose', '', 'Any route back suffices.'),
    opt('validmark', '', 'Use the packet mark in the lookup.'),
    opt('accept-local', '', 'Accept packets from local addresses.'),
    opt('invert', '', 'Match packets that fail the check.'),
  ], { chains: ['PREROUTING'] }),
  mod('socket', 'A local socket exists for the packet (transparent proxying).', [
    opt('transparent', '', 'Only transparent sockets.'),
    opt('nowildcard', '', 'Do not match sockets bound to 0.0.0.0.'),
    opt('restore-skmark', '', 'Set the packet mark to the socket mark.'),
  ]),
  mod('cgroup', 'The control group of the sending process.', [
    opt('path', '!nonempty', 'cgroup2 path.'),
    opt('cgroup', '!uint', 'net_cls classid.'),
  ]),
  mod('cpu', 'The CPU handling the packet.', [opt('cpu', '!uint', 'CPU number.')]),
  mod('devgroup', 'Interface group of the in/out device.', [
    opt('src-group', '!string', 'Group of the incoming device.'),
    opt('dst-group', '!string', 'Group of the outgoing device.'),
  ]),
  mod('realm', 'Routing realm (IPv4).', [opt('realm', '!string', 'Realm value[/mask] or name.')], { family: 'ipv4' }),
  mod('cluster', 'Hash-based load sharing across cluster nodes.', [
    opt('cluster-total-nodes', 'uint', 'Total number of nodes.'),
    opt('cluster-local-node', '!uint', 'This node id.'),
    opt('cluster-local-nodemask', '!uint', 'Node ids as a bitmask.'),
    opt('cluster-hash-seed', 'uint', 'Hash seed.'),
  ]),
  mod('ipvs', 'IPVS (load balancer) properties of the packet.', [
    opt('ipvs', '!', 'The packet belongs to an IPVS connection.'),
    opt('vproto', '!protocol', 'Virtual service protocol.'),
    opt('vaddr', '!address', 'Virtual service address.'),
    opt('vport', '!port', 'Virtual service port.'),
    opt('vdir', CT_DIRS, 'Direction ORIGINAL or REPLY.'),
    opt('vmethod', '!enum:GATE|IPIP|MASQ', 'Forwarding method.'),
    opt('vportctl', '!port', 'Port of the controlling connection.'),
  ]),
  mod('nfacct', 'Counts through an nfacct accounting object.', [opt('nfacct-name', 'nonempty', 'Accounting object name.')]),
  mod('osf', 'Passive OS fingerprinting of TCP SYNs.', [
    opt('genre', '!nonempty', 'OS genre (Linux, Windows…).'),
    opt('ttl', 'uint:0-2', 'TTL check mode 0-2.'),
    opt('log', 'uint:0-2', 'Log mode 0-2.'),
  ], { protocols: ['tcp'] }),
  mod('rateest', 'Compares rates measured by the RATEEST target.', [
    opt('rateest-delta', '', 'Compare the difference of two estimators.'),
    opt('rateest-lt', '!', 'Less than.'),
    opt('rateest-gt', '!', 'Greater than.'),
    opt('rateest-eq', '!', 'Equal.'),
    opt('rateest', 'nonempty', 'Estimator name.'),
    opt('rateest1', 'nonempty', 'First estimator.'),
    opt('rateest2', 'nonempty', 'Second estimator.'),
    opt('rateest-bps', 'string', 'Compare bytes per second.'),
    opt('rateest-pps', 'string', 'Compare packets per second.'),
    opt('rateest-bps1', 'string', 'Bytes per second of estimator 1.'),
    opt('rateest-bps2', 'string', 'Bytes per second of estimator 2.'),
    opt('rateest-pps1', 'string', 'Packets per second of estimator 1.'),
    opt('rateest-pps2', 'string', 'Packets per second of estimator 2.'),
  ]),
  mod('bpf', 'Runs a BPF program on the packet.', [
    opt('object-pinned', 'nonempty', 'Path of a pinned eBPF object.'),
    opt('bytecode', 'nonempty', 'Classic BPF bytecode as nfbpf_compile prints it.'),
  ]),
  // IPv6 extension headers.
  mod('frag', 'IPv6 fragment header.', [
    opt('fragid', '!uintrange', 'Fragment id or range.'),
    opt('fraglen', '!uint', 'Header length.'),
    opt('fragres', '', 'Reserved fields are zero.'),
    opt('fragfirst', '', 'First fragment.'),
    opt('fragmore', '', 'More fragments follow.'),
    opt('fraglast', '', 'Last fragment.'),
  ], { family: 'ipv6' }),
  mod('hbh', 'IPv6 hop-by-hop options header.', [
    opt('hbh-len', '!uint', 'Header length.'),
    opt('hbh-opts', 'string', 'Options type[:length],…'),
  ], { family: 'ipv6' }),
  mod('dst', 'IPv6 destination options header.', [
    opt('dst-len', '!uint', 'Header length.'),
    opt('dst-opts', 'string', 'Options type[:length],…'),
  ], { family: 'ipv6' }),
  mod('rt', 'IPv6 routing header.', [
    opt('rt-type', '!uint', 'Routing header type.'),
    opt('rt-segsleft', '!uintrange', 'Segments left.'),
    opt('rt-len', '!uint', 'Header length.'),
    opt('rt-0-res', '', 'Reserved field (type 0).'),
    opt('rt-0-addrs', 'string', 'Addresses (type 0).'),
    opt('rt-0-not-strict', '', 'Not strict address list.'),
  ], { family: 'ipv6' }),
  mod('mh', 'IPv6 mobility header type.', [opt('mh-type', '!string', 'Type or type range.')], { family: 'ipv6', protocols: ['ipv6-mh'] }),
  mod('ipv6header', 'Which IPv6 extension headers are present.', [
    opt('soft', '', 'Match if any of the listed headers is present.'),
    opt('header', '!string', 'Comma-separated headers: hop, dst, route, frag, auth, esp, none, prot.'),
  ], { family: 'ipv6' }),
  mod('eui64', 'IPv6 source address built from the sender MAC (EUI-64).', [], { family: 'ipv6' }),
];
