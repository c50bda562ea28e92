import type { Family, TableName } from '../rule';

/**
 * What an option argument must look like. Each kind has one validator/normaliser in ../values.ts,
 * so the grammar stays data and the parser never runs a regex per argument.
 */
export type ArgKind =
  | 'port' // 22, ssh
  | 'portrange' // 22, 1024:65535, :1023, 1024:
  | 'portlist' // 80,443,8000:8080 (multiport, at most 15 ports)
  | 'address' // 192.0.2.1, 192.0.2.0/24, 10.0.0.0/255.0.0.0, 2001:db8::/32
  | 'iprange' // 192.0.2.1-192.0.2.9
  | 'interface' // eth0, eth+, at most 15 characters
  | 'ctstates' // NEW,ESTABLISHED,RELATED,INVALID,UNTRACKED,SNAT,DNAT
  | 'states' // the same list without SNAT/DNAT (-m state)
  | 'ctstatus' // NONE,EXPECTED,SEEN_REPLY,ASSURED,CONFIRMED
  | 'uint' // a number
  | 'uintrange' // n or n:m
  | 'string' // any text
  | 'nonempty' // any text of at least one character
  | 'icmptype' // echo-request, 8, 3/4, any
  | 'icmpv6type' // echo-request, 128, 1/4
  | 'tcpflags' // SYN,ACK,FIN,RST,URG,PSH,ALL,NONE
  | 'mark' // value[/mask]
  | 'rate' // 5/min, 3/second, 10
  | 'mac' // 00:11:22:33:44:55
  | 'loglevel' // 0-7 or emerg…debug
  | 'rejecttype' // icmp-port-unreachable, tcp-reset…
  | 'natto' // DNAT/SNAT --to: ip[-ip][:port[-port]]
  | 'natports' // REDIRECT/MASQUERADE --to-ports: port[-port]
  | 'protocol' // tcp, udp, 6, all
  | 'tos' // 0x10, 0x10/0x3f, Minimize-Delay
  | 'enum' // one of `values`
  | 'hashrate' // a rate as -m limit takes it, or bytes: 512b/s, 1kb/s, 1mb/s, 1gb/s
  | 'enumlist'; // comma-separated `values`

export interface ArgSpec {
  kind: ArgKind;
  /** For `enum` / `enumlist`. */
  values?: readonly string[];
  /** An `enum` iptables compares without case (`iEnum:` in a signature): `--pkt-type Unicast`. */
  caseless?: boolean;
  /** Lowest/highest number for `uint` / `uintrange`. */
  min?: number;
  max?: number;
}

export interface OptionSpec {
  /** Canonical long name with dashes, as `iptables -S` prints it (`--dport`). */
  name: string;
  /** Other spellings iptables accepts for the same option (`--destination-port`). */
  aliases: string[];
  args: ArgSpec[];
  /** `! --opt x` is accepted. */
  negatable: boolean;
  /** One line of plain English, for hover and completion. */
  doc: string;
}

export interface ModuleSpec {
  /** Name as written after `-m`, lower-case for matches; printed name (`state` stays `state`). */
  name: string;
  doc: string;
  /** In the order `iptables -S` prints them. */
  options: OptionSpec[];
  /** Only this family has it (icmp: ipv4, icmp6: ipv6). */
  family?: Family;
  /** The match needs one of these `-p` protocols (tcp needs `-p tcp`). */
  protocols?: readonly string[];
  /** Built-in chains the kernel allows it in (owner: OUTPUT and POSTROUTING); absent = everywhere. */
  chains?: readonly string[];
  /** The analysis understands its meaning (not just its syntax). */
  understood?: boolean;
}

export interface TargetSpec extends ModuleSpec {
  /** Tables the kernel accepts it in; absent = every table. */
  tables?: readonly TableName[];
  /** Ends rule traversal for the packet (ACCEPT, DROP, REJECT, DNAT…). LOG, MARK… continue. */
  terminal: boolean;
}
