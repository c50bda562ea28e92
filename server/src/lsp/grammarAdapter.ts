/**
 * The one place the language server reads the iptables grammar (server/src/iptables/grammar): docs for
 * hover, lists for completion. Keeping it here lets the grammar change shape without touching the
 * features.
 */
import { MATCHES } from '../iptables/grammar/matches';
import { TARGETS } from '../iptables/grammar/targets';
import type { ArgSpec, ModuleSpec, OptionSpec, TargetSpec } from '../iptables/grammar/types';
import type { Family, TableName } from '../iptables/rule';

export type { ArgSpec, ModuleSpec, OptionSpec, TargetSpec };

const matchByName = new Map<string, ModuleSpec>(MATCHES.map((m) => [m.name, m]));
const targetByName = new Map<string, TargetSpec>(TARGETS.map((t) => [t.name, t]));

export function matchModule(name: string): ModuleSpec | undefined {
  return matchByName.get(name.toLowerCase());
}

export function matchModules(family: Family): ModuleSpec[] {
  return MATCHES.filter((m) => !m.family || m.family === family);
}

export function targetSpec(name: string): TargetSpec | undefined {
  return targetByName.get(name);
}

/** Targets the kernel accepts in this table (and chain, when it is built in). */
export function targetsFor(family: Family, table: TableName, chain: string | undefined): TargetSpec[] {
  return TARGETS.filter(
    (t) =>
      (!t.family || t.family === family) &&
      (!t.tables || t.tables.includes(table)) &&
      (!t.chains || !chain || !isBuiltinChain(chain) || t.chains.includes(chain)),
  );
}

/** `-p tcp` loads the tcp match implicitly; `-p icmpv6` the icmp6 one. */
export function implicitMatchOfProtocol(protocol: string): ModuleSpec | undefined {
  const p = protocol.toLowerCase();
  return MATCHES.find((m) => m.protocols?.includes(p) && (m.name === p || m.protocols.length === 1)) ?? matchByName.get(p);
}

/** An option by any of its spellings, among the given modules' options. */
export function findOption(options: readonly OptionSpec[], written: string): OptionSpec | undefined {
  return options.find((o) => o.name === written || o.aliases.includes(written));
}

/** The options every rule has, before any match is loaded (iptables(8), PARAMETERS). */
export interface BasicOption {
  names: string[];
  doc: string;
  /** What follows the option, or none for a flag. */
  arg?: 'chain' | 'table' | 'protocol' | 'address' | 'interface' | 'match' | 'target' | 'rulenum';
  negatable: boolean;
  /** A command (-A, -I…): at most one per invocation, and it comes first by habit. */
  command?: boolean;
}

export const BASIC_OPTIONS: readonly BasicOption[] = [
  { names: ['-A', '--append'], doc: 'Append a rule to the end of the chain.', arg: 'chain', negatable: false, command: true },
  { names: ['-I', '--insert'], doc: 'Insert a rule at the given position (1, the top, by default).', arg: 'chain', negatable: false, command: true },
  { names: ['-D', '--delete'], doc: 'Delete a rule, by its specification or its number.', arg: 'chain', negatable: false, command: true },
  { names: ['-R', '--replace'], doc: 'Replace the rule at the given number.', arg: 'chain', negatable: false, command: true },
  { names: ['-C', '--check'], doc: 'Check whether a matching rule exists.', arg: 'chain', negatable: false, command: true },
  { names: ['-F', '--flush'], doc: 'Delete every rule of the chain (or of the table); policies stay.', arg: 'chain', negatable: false, command: true },
  { names: ['-Z', '--zero'], doc: 'Zero the packet and byte counters.', arg: 'chain', negatable: false, command: true },
  { names: ['-N', '--new-chain'], doc: 'Create a user chain.', negatable: false, command: true },
  { names: ['-X', '--delete-chain'], doc: 'Delete a user chain (it must be empty and unreferenced).', arg: 'chain', negatable: false, command: true },
  { names: ['-P', '--policy'], doc: 'Set the policy of a built-in chain: ACCEPT or DROP, applied when no rule decides.', arg: 'chain', negatable: false, command: true },
  { names: ['-E', '--rename-chain'], doc: 'Rename a user chain.', arg: 'chain', negatable: false, command: true },
  { names: ['-L', '--list'], doc: 'List the rules.', arg: 'chain', negatable: false, command: true },
  { names: ['-S', '--list-rules'], doc: 'Print the rules in iptables-save form.', arg: 'chain', negatable: false, command: true },
  { names: ['-t', '--table'], doc: 'The table: filter (default), nat, mangle, raw or security.', arg: 'table', negatable: false },
  { names: ['-p', '--protocol'], doc: 'The protocol: tcp, udp, icmp, all… Loads the match of that protocol (its ports, flags, types).', arg: 'protocol', negatable: true },
  { names: ['-s', '--source'], doc: 'Source address or network (192.0.2.0/24). A hostname is resolved once, when the rule is added.', arg: 'address', negatable: true },
  { names: ['-d', '--destination'], doc: 'Destination address or network. A hostname is resolved once, when the rule is added.', arg: 'address', negatable: true },
  { names: ['-i', '--in-interface'], doc: 'Interface the packet arrived on (eth0, eth+); only in INPUT, FORWARD, PREROUTING.', arg: 'interface', negatable: true },
  { names: ['-o', '--out-interface'], doc: 'Interface the packet leaves by; only in FORWARD, OUTPUT, POSTROUTING.', arg: 'interface', negatable: true },
  { names: ['-f', '--fragment'], doc: 'Second and later fragments of fragmented packets.', negatable: true },
  { names: ['-m', '--match'], doc: 'Load a match extension, whose options may follow.', arg: 'match', negatable: false },
  { names: ['-j', '--jump'], doc: 'What to do with a matching packet: a verdict (ACCEPT, DROP…), an extension target or a user chain.', arg: 'target', negatable: false },
  { names: ['-g', '--goto'], doc: 'Continue in a user chain; its end returns to the chain that called this one with -j.', arg: 'target', negatable: false },
];

export function basicOption(written: string): BasicOption | undefined {
  return BASIC_OPTIONS.find((o) => o.names.includes(written));
}

const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export function builtinChains(table: TableName): readonly string[] {
  return BUILTIN_CHAINS[table];
}

export function isBuiltinChain(name: string): boolean {
  return name === 'INPUT' || name === 'OUTPUT' || name === 'FORWARD' || name === 'PREROUTING' || name === 'POSTROUTING';
}

export const TABLE_NAMES: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw', 'security'];

export const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'udplite', 'dccp', 'esp', 'ah', 'gre', 'all'];

/** Values of enumerated arguments that the grammar lists (`enum`, `enumlist`) or that are fixed by kind. */
export function argumentValues(arg: ArgSpec): readonly string[] {
  if (arg.values) return arg.values;
  switch (arg.kind) {
    case 'ctstates':
      return ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED', 'SNAT', 'DNAT'];
    case 'states':
      return ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'];
    case 'ctstatus':
      return ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'];
    case 'tcpflags':
      return ['SYN', 'ACK', 'FIN', 'RST', 'URG', 'PSH', 'ALL', 'NONE'];
    case 'protocol':
      return PROTOCOLS;
    case 'loglevel':
      return ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'];
    case 'rejecttype':
      return ['icmp-port-unreachable', 'icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-proto-unreachable', 'icmp-net-prohibited', 'icmp-host-prohibited', 'icmp-admin-prohibited', 'tcp-reset'];
    case 'icmptype':
      return ['echo-request', 'echo-reply', 'destination-unreachable', 'fragmentation-needed', 'time-exceeded', 'parameter-problem', 'redirect', 'any'];
    case 'icmpv6type':
      return ['echo-request', 'echo-reply', 'destination-unreachable', 'packet-too-big', 'time-exceeded', 'parameter-problem', 'neighbour-solicitation', 'neighbour-advertisement', 'router-solicitation', 'router-advertisement'];
    default:
      return [];
  }
}

/** Comma-separated argument kinds: completion continues after the last comma. */
export function isListArgument(arg: ArgSpec): boolean {
  return arg.kind === 'enumlist' || arg.kind === 'ctstates' || arg.kind === 'states' || arg.kind === 'ctstatus' || arg.kind === 'tcpflags' || arg.kind === 'portlist';
}

export function isPortArgument(arg: ArgSpec): boolean {
  return arg.kind === 'port' || arg.kind === 'portrange' || arg.kind === 'portlist';
}

/** Well-known ports, as /etc/services names them, for completion and inlay hints (never read at run time). */
export const WELL_KNOWN_PORTS: ReadonlyArray<readonly [number, string]> = [
  [20, 'ftp-data'], [21, 'ftp'], [22, 'ssh'], [23, 'telnet'], [25, 'smtp'], [53, 'domain'], [67, 'bootps'], [68, 'bootpc'],
  [69, 'tftp'], [80, 'http'], [110, 'pop3'], [123, 'ntp'], [143, 'imap2'], [161, 'snmp'], [162, 'snmp-trap'], [179, 'bgp'],
  [389, 'ldap'], [443, 'https'], [465, 'submissions'], [500, 'isakmp'], [514, 'syslog'], [546, 'dhcpv6-client'],
  [547, 'dhcpv6-server'], [587, 'submission'], [636, 'ldaps'], [853, 'domain-s'], [873, 'rsync'], [993, 'imaps'],
  [995, 'pop3s'], [1194, 'openvpn'], [1812, 'radius'], [2049, 'nfs'], [3306, 'mysql'], [3389, 'ms-wbt-server'],
  [4500, 'ipsec-nat-t'], [5060, 'sip'], [5222, 'xmpp-client'], [5353, 'mdns'], [5432, 'postgresql'], [5900, 'vnc'],
  [6379, 'redis'], [6443, 'kubernetes-api'], [8080, 'http-alt'], [8443, 'https-alt'], [9100, 'jetdirect'], [51820, 'wireguard'],
];

const serviceByPort = new Map<number, string>(WELL_KNOWN_PORTS.map(([port, name]) => [port, name]));

export function serviceName(port: number): string | undefined {
  return serviceByPort.get(port);
}
