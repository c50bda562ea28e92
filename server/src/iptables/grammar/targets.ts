import { mod, opt } from './define';
import type { OptionSpec, TargetSpec } from './types';
import type { TableName } from '../rule';

function target(
  name: string,
  doc: string,
  options: OptionSpec[],
  extra: { terminal: boolean; tables?: TableName[]; chains?: string[]; family?: 'ipv4' | 'ipv6' },
): TargetSpec {
  return { ...mod(name, doc, options), ...extra };
}

const NAT_TO = 'Address[-address][:port[-port]] to translate to.';

/**
 * Targets of iptables 1.8: the built-in verdicts and the extensions of iptables-extensions(8).
 * `tables`/`chains` are what the kernel accepts on built-in chains (checked when the rule is added).
 */
export const TARGETS: TargetSpec[] = [
  target('ACCEPT', 'Let the packet through; stop evaluating this chain and its callers.', [], { terminal: true }),
  target('DROP', 'Discard the packet silently; the sender sees a timeout.', [], {
    terminal: true,
    // "The nat table is not intended for filtering": iptables refuses DROP there.
    tables: ['filter', 'mangle', 'raw', 'security'],
  }),
  target('RETURN', 'Go back to the calling chain (in a built-in chain: apply its policy).', [], { terminal: true }),
  target('REJECT', 'Discard the packet and send an error back (ICMP unreachable or TCP reset).', [
    opt('reject-with', 'rejecttype', 'The error sent back: icmp-port-unreachable (default), tcp-reset, icmp-host-prohibited…'),
  ], { terminal: true, tables: ['filter'], chains: ['INPUT', 'FORWARD', 'OUTPUT'] }),
  target('LOG', 'Log the packet headers to the kernel log; evaluation continues with the next rule.', [
    opt('log-prefix', 'nonempty', 'Text put before the log message (up to 29 characters).'),
    opt('log-level', 'loglevel', 'Syslog level: 0-7 or emerg, alert, crit, error, warning (default), notice, info, debug.'),
    opt('log-tcp-sequence', '', 'Log TCP sequence numbers.'),
    opt('log-tcp-options', '', 'Log TCP header options.'),
    opt('log-ip-options', '', 'Log IP header options.'),
    opt('log-uid', '', 'Log the uid of the sending process.'),
    opt('log-macdecode', '', 'Decode the MAC header.'),
  ], { terminal: false }),
  target('NFLOG', 'Pass the packet to a userspace logger (ulogd) via nfnetlink; evaluation continues.', [
    opt('nflog-group', 'uint:0-65535', 'Netlink group to send to (default 0).'),
    opt('nflog-prefix', 'nonempty', 'Prefix string (up to 64 characters).'),
    opt('nflog-range', 'uint', 'Bytes of the packet to copy (obsolete).'),
    opt('nflog-size', 'uint', 'Bytes of the packet to copy.'),
    opt('nflog-threshold', 'uint', 'Packets to queue before sending.'),
  ], { terminal: false }),
  target('DNAT', 'Rewrite the destination address/port (port forwarding); nat table, PREROUTING and OUTPUT.', [
    opt('to-destination', 'natto', NAT_TO),
    opt('random', '', 'Randomise the source port mapping.'),
    opt('persistent', '', 'Give a client the same address on each connection.'),
  ], { terminal: true, tables: ['nat'], chains: ['PREROUTING', 'OUTPUT'] }),
  target('SNAT', 'Rewrite the source address/port; nat table, POSTROUTING and INPUT.', [
    opt('to-source', 'natto', NAT_TO),
    opt('random', '', 'Randomise the source port mapping.'),
    opt('random-fully', '', 'Fully randomise the source port mapping.'),
    opt('persistent', '', 'Give a client the same address on each connection.'),
  ], { terminal: true, tables: ['nat'], chains: ['POSTROUTING', 'INPUT'] }),
  target('MASQUERADE', 'SNAT to the address of the outgoing interface (dynamic addresses); nat POSTROUTING.', [
    opt('to-ports', 'natports', 'Source port or range port-port to use.'),
    opt('random', '', 'Randomise the source port mapping.'),
    opt('random-fully', '', 'Fully randomise the source port mapping.'),
  ], { terminal: true, tables: ['nat'], chains: ['POSTROUTING'] }),
  target('REDIRECT', 'DNAT to this host (a local port); nat PREROUTING and OUTPUT.', [
    opt('to-ports', 'natports', 'Local port or range port-port.'),
    opt('random', '', 'Randomise the port mapping.'),
  ], { terminal: true, tables: ['nat'], chains: ['PREROUTING', 'OUTPUT'] }),
  target('NETMAP', 'Map a whole network to another, 1:1; nat table.', [opt('to', 'address', 'Network address/mask to map to.')], {
    terminal: true,
    tables: ['nat'],
  }),
  target('MARK', 'Set the packet mark (nfmark); evaluation continues.', [
    opt('set-xmark', 'mark', 'Zero the mask bits, then XOR value: value[/mask].'),
    opt('set-mark', 'mark', 'Zero the mask bits, then OR value: value[/mask].'),
    opt('and-mark', 'uint:0-4294967295', 'Binary AND with bits.'),
    opt('or-mark', 'uint:0-4294967295', 'Binary OR with bits.'),
    opt('xor-mark', 'uint:0-4294967295', 'Binary XOR with bits.'),
  ], { terminal: false }),
  target('CONNMARK', 'Set, save or restore the connection mark (ctmark); evaluation continues.', [
    opt('set-xmark', 'mark', 'Zero the mask bits of ctmark, then XOR value.'),
    opt('set-mark', 'mark', 'Zero the mask bits of ctmark, then OR value.'),
    opt('save-mark', '', 'Copy the packet mark to the connection mark.'),
    opt('restore-mark', '', 'Copy the connection mark to the packet mark.'),
    opt('and-mark', 'string', 'Binary AND of ctmark with bits.'),
    opt('or-mark', 'string', 'Binary OR of ctmark with bits.'),
    opt('xor-mark', 'string', 'Binary XOR of ctmark with bits.'),
    opt('nfmask', 'string', 'Mask applied to the packet mark when saving/restoring.'),
    opt('ctmask', 'string', 'Mask applied to the connection mark when saving/restoring.'),
    opt('mask', 'string', 'Sets both --nfmask and --ctmask.'),
  ], { terminal: false }),
  target('CONNSECMARK', 'Copy security marks between packet and connection.', [
    opt('save', '', 'Copy the packet security mark to the connection.'),
    opt('restore', '', 'Copy the connection security mark to the packet.'),
  ], { terminal: false, tables: ['mangle', 'security'] }),
  target('SECMARK', 'Set the SELinux security context mark.', [opt('selctx', 'nonempty', 'Security context.')], {
    terminal: false,
    tables: ['mangle', 'security'],
  }),
  target('NOTRACK', 'Exempt the packet from connection tracking (raw table).', [], { terminal: false, tables: ['raw'] }),
  target('CT', 'Attach conntrack parameters (helper, zone, timeout) or disable tracking; raw table.', [
    opt('notrack', '', 'Do not track the connection.'),
    opt('helper', 'nonempty', 'Conntrack helper to use, e.g. ftp.'),
    opt('ctevents', 'string', 'Conntrack events to generate.'),
    opt('expevents', 'string', 'Expectation events to generate.'),
    opt('zone-orig', 'string', 'Zone for the original direction.'),
    opt('zone-reply', 'string', 'Zone for the reply direction.'),
    opt('zone', 'string', 'Conntrack zone id or mark.'),
    opt('timeout', 'nonempty', 'Timeout policy name.'),
  ], { terminal: false, tables: ['raw'] }),
  target('TCPMSS', 'Rewrite the MSS of TCP SYNs (fixes path-MTU problems); FORWARD, OUTPUT, POSTROUTING.', [
    opt('set-mss', 'uint:0-65535', 'Set the MSS to this value.'),
    opt('clamp-mss-to-pmtu', '', 'Set the MSS to the path MTU minus 40 (IPv4) or 60 (IPv6).'),
  ], { terminal: false }),
  target('TCPOPTSTRIP', 'Remove TCP options from TCP packets; mangle table.', [
    opt('strip-options', 'nonempty', 'Comma-separated option names or numbers.'),
  ], { terminal: false, tables: ['mangle'] }),
  target('NFQUEUE', 'Hand the packet to a userspace program through a netfilter queue.', [
    opt('queue-num', 'uint:0-65535', 'Queue number (default 0).'),
    opt('queue-balance', 'string', 'Balance across queues first:last.'),
    opt('queue-bypass', '', 'Accept the packet when no program listens.'),
    opt('queue-cpu-fanout', '', 'Choose the queue by CPU id.'),
  ], { terminal: true }),
  target('TEE', 'Send a copy of the packet to a gateway.', [opt('gateway', 'address', 'Gateway address.')], {
    terminal: false,
    tables: ['mangle'],
  }),
  target('TOS', 'Set the IPv4 TOS field; mangle table.', [
    opt('set-tos', 'string', 'Value[/mask] or symbol.'),
    opt('and-tos', 'string', 'Binary AND.'),
    opt('or-tos', 'string', 'Binary OR.'),
    opt('xor-tos', 'string', 'Binary XOR.'),
  ], { terminal: false, tables: ['mangle'] }),
  target('DSCP', 'Set the DSCP bits; mangle table.', [
    opt('set-dscp', 'uint:0-63', 'DSCP value.'),
    opt('set-dscp-class', 'string', 'DiffServ class name.'),
  ], { terminal: false, tables: ['mangle'] }),
  target('TTL', 'Set, decrease or increase the IPv4 TTL; mangle table.', [
    opt('ttl-set', 'uint:0-255', 'Set the TTL.'),
    opt('ttl-dec', 'uint:1-255', 'Decrease the TTL.'),
    opt('ttl-inc', 'uint:1-255', 'Increase the TTL.'),
  ], { terminal: false, tables: ['mangle'], family: 'ipv4' }),
  target('HL', 'Set, decrease or increase the IPv6 hop limit; mangle table.', [
    opt('hl-set', 'uint:0-255', 'Set the hop limit.'),
    opt('hl-dec', 'uint:1-255', 'Decrease the hop limit.'),
    opt('hl-inc', 'uint:1-255', 'Increase the hop limit.'),
  ], { terminal: false, tables: ['mangle'], family: 'ipv6' }),
  target('ECN', 'Clear the ECN bits of TCP packets; mangle table.', [opt('ecn-tcp-remove', '', 'Remove all ECN bits.')], {
    terminal: false,
    tables: ['mangle'],
    family: 'ipv4',
  }),
  target('CLASSIFY', 'Set the traffic-control class of the packet (OUTPUT, FORWARD, POSTROUTING).', [opt('set-class', 'nonempty', 'Class major:minor, in hex.')], {
    terminal: false,
    chains: ['OUTPUT', 'FORWARD', 'POSTROUTING'],
  }),
  target('CHECKSUM', 'Fill in the checksum of packets lacking one; mangle table.', [opt('checksum-fill', '', 'Compute the checksum.')], {
    terminal: false,
    tables: ['mangle'],
  }),
  target('SET', 'Add or remove the address to/from an ipset set.', [
    opt('add-set', 'nonempty nonempty', 'Set name and flags.'),
    opt('del-set', 'nonempty nonempty', 'Set name and flags.'),
    opt('map-set', 'nonempty nonempty', 'Set name and flags.'),
    opt('timeout', 'uint', 'Timeout of the added entry.'),
    opt('exist', '', 'Reset the timeout when the entry exists.'),
    opt('map-mark', '', 'Map the mark from the set.'),
    opt('map-prio', '', 'Map the priority from the set.'),
    opt('map-queue', '', 'Map the queue from the set.'),
  ], { terminal: false }),
  target('AUDIT', 'Record an audit event for the packet.', [opt('type', 'enum:accept|drop|reject', 'Audit record type.')], {
    terminal: false,
  }),
  // The kernel's xt_TRACE wants the raw table, but iptables-nft turns TRACE into `meta nftrace` and accepts it anywhere.
  target('TRACE', 'Trace the packet through the rule set (usually in the raw table).', [], { terminal: false }),
  target('IDLETIMER', 'Start a timer that fires when no packet matched for a while.', [
    opt('timeout', 'uint', 'Seconds.'),
    opt('label', 'nonempty', 'Timer name.'),
    opt('alarm', '', 'Use an alarm timer.'),
  ], { terminal: false }),
  target('LED', 'Blink an LED on matching packets.', [
    opt('led-trigger-id', 'nonempty', 'LED trigger name.'),
    opt('led-delay', 'string', 'Milliseconds or inf.'),
    opt('led-always-blink', '', 'Blink even when already on.'),
  ], { terminal: false }),
  target('RATEEST', 'Measure the rate of the matching packets for -m rateest.', [
    opt('rateest-name', 'nonempty', 'Estimator name.'),
    opt('rateest-interval', 'string', 'Measurement interval.'),
    opt('rateest-ewmalog', 'string', 'Averaging constant.'),
  ], { terminal: false }),
  target('HMARK', 'Set the packet mark from a hash of the packet headers.', [
    opt('hmark-tuple', 'string', 'Fields hashed: src,dst,sport,dport,spi,ct.'),
    opt('hmark-mod', 'uint', 'Modulus.'),
    opt('hmark-offset', 'uint', 'Offset added.'),
    opt('hmark-src-prefix', 'uint', 'Source prefix length.'),
    opt('hmark-dst-prefix', 'uint', 'Destination prefix length.'),
    opt('hmark-sport-mask', 'string', 'Source port mask.'),
    opt('hmark-dport-mask', 'string', 'Destination port mask.'),
    opt('hmark-spi-mask', 'string', 'SPI mask.'),
    opt('hmark-proto-mask', 'string', 'Protocol mask.'),
    opt('hmark-rnd', 'string', 'Random seed.'),
  ], { terminal: false }),
  target('SYNPROXY', 'Answer TCP SYNs on behalf of a server (SYN-flood protection).', [
    opt('mss', 'uint', 'MSS to advertise.'),
    opt('wscale', 'uint', 'Window scale to advertise.'),
    opt('sack-perm', '', 'Advertise selective acknowledgement.'),
    opt('timestamp', '', 'Advertise timestamps.'),
    opt('ecn', '', 'Advertise ECN.'),
  ], { terminal: true }),
  target('TPROXY', 'Redirect to a local socket without changing the header (transparent proxy); mangle PREROUTING.', [
    opt('on-port', 'port', 'Local port.'),
    opt('on-ip', 'address', 'Local address.'),
    opt('tproxy-mark', 'mark', 'Mark to set: value[/mask].'),
  ], { terminal: true, tables: ['mangle'], chains: ['PREROUTING'] }),
  target('CLUSTERIP', 'Share one IP address across a cluster (deprecated).', [
    opt('new', '', 'Create a new ClusterIP.'),
    opt('hashmode', 'enum:sourceip|sourceip-sourceport|sourceip-sourceport-destport', 'Hash mode.'),
    opt('clustermac', 'mac', 'Cluster MAC address.'),
    opt('total-nodes', 'uint', 'Total nodes.'),
    opt('local-node', 'uint', 'This node.'),
    opt('hash-init', 'uint', 'Hash seed.'),
  ], { terminal: false, family: 'ipv4' }),
  target('DNPT', 'IPv6 destination prefix translation (RFC 6296); mangle table.', [
    opt('src-pfx', 'address', 'Source prefix.'),
    opt('dst-pfx', 'address', 'Destination prefix.'),
  ], { terminal: false, tables: ['mangle'], family: 'ipv6' }),
  target('SNPT', 'IPv6 source prefix translation (RFC 6296); mangle table.', [
    opt('src-pfx', 'address', 'Source prefix.'),
    opt('dst-pfx', 'address', 'Destination prefix.'),
  ], { terminal: false, tables: ['mangle'], family: 'ipv6' }),
];
