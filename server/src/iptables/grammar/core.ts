import type { CommandOp, TableName } from '../rule';

/** How many arguments a command option takes: its chain (and for some a rule number or a second name). */
export interface CommandSpec {
  op: CommandOp;
  short: string;
  long: string;
  /** required: CHAIN must follow; optional: CHAIN may follow (`-F`, `-L`). */
  chain: 'required' | 'optional';
  doc: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  { op: 'append', short: '-A', long: '--append', chain: 'required', doc: 'Append a rule to the end of CHAIN.' },
  { op: 'check', short: '-C', long: '--check', chain: 'required', doc: 'Check whether a rule like this exists in CHAIN.' },
  { op: 'delete', short: '-D', long: '--delete', chain: 'required', doc: 'Delete a rule from CHAIN, by specification or by number.' },
  { op: 'insert', short: '-I', long: '--insert', chain: 'required', doc: 'Insert a rule into CHAIN at position N (default 1, the top).' },
  { op: 'replace', short: '-R', long: '--replace', chain: 'required', doc: 'Replace rule number N of CHAIN.' },
  { op: 'list', short: '-L', long: '--list', chain: 'optional', doc: 'List the rules of CHAIN (or of all chains) in a table.' },
  { op: 'list-rules', short: '-S', long: '--list-rules', chain: 'optional', doc: 'Print the rules of CHAIN (or all) in iptables-save form.' },
  { op: 'flush', short: '-F', long: '--flush', chain: 'optional', doc: 'Delete every rule of CHAIN (or of every chain); policies stay.' },
  { op: 'zero', short: '-Z', long: '--zero', chain: 'optional', doc: 'Zero the packet and byte counters.' },
  { op: 'new-chain', short: '-N', long: '--new-chain', chain: 'required', doc: 'Create a user-defined chain.' },
  { op: 'delete-chain', short: '-X', long: '--delete-chain', chain: 'optional', doc: 'Delete an empty, unreferenced user chain (or all of them).' },
  { op: 'rename-chain', short: '-E', long: '--rename-chain', chain: 'required', doc: 'Rename a user-defined chain.' },
  { op: 'policy', short: '-P', long: '--policy', chain: 'required', doc: 'Set the policy (ACCEPT or DROP) of a built-in chain.' },
];

/**
 * The options of the iptables program itself (not of an extension). `val` identifies an option the
 * way getopt_long does: spellings with the same val are one option (`--source` = `--src`).
 */
export interface CoreOptionSpec {
  long: string;
  val: string;
  /** 0 none, 1 required, 2 optional (only `--opt=value` or, for a few, a following word iptables peeks at). */
  hasArg: 0 | 1 | 2;
  doc: string;
}

export const CORE_OPTIONS: readonly CoreOptionSpec[] = [
  ...COMMANDS.map((c): CoreOptionSpec => ({
    long: c.long,
    val: c.short,
    hasArg: c.chain === 'required' ? 1 : 2,
    doc: c.doc,
  })),
  { long: '--source', val: '-s', hasArg: 1, doc: 'Source address, network (addr/len or addr/mask) or comma-separated list.' },
  { long: '--destination', val: '-d', hasArg: 1, doc: 'Destination address, network or comma-separated list.' },
  { long: '--src', val: '-s', hasArg: 1, doc: 'Same as --source.' },
  { long: '--dst', val: '-d', hasArg: 1, doc: 'Same as --destination.' },
  { long: '--protocol', val: '-p', hasArg: 1, doc: 'Layer-4 protocol: tcp, udp, icmp, all, a name from /etc/protocols or a number.' },
  { long: '--in-interface', val: '-i', hasArg: 1, doc: 'Interface the packet arrived on (INPUT, FORWARD, PREROUTING); `+` is a wildcard suffix.' },
  { long: '--jump', val: '-j', hasArg: 1, doc: 'Target: ACCEPT, DROP, REJECT, LOG, RETURN, a user chain or another target extension.' },
  { long: '--table', val: '-t', hasArg: 1, doc: 'Table: filter (default), nat, mangle, raw or security.' },
  { long: '--match', val: '-m', hasArg: 1, doc: 'Load a match extension, whose options may then follow.' },
  { long: '--numeric', val: '-n', hasArg: 0, doc: 'Print addresses and ports as numbers (with -L).' },
  { long: '--out-interface', val: '-o', hasArg: 1, doc: 'Interface the packet will leave by (OUTPUT, FORWARD, POSTROUTING).' },
  { long: '--verbose', val: '-v', hasArg: 0, doc: 'Print more detail.' },
  { long: '--wait', val: '-w', hasArg: 2, doc: 'Wait (optionally at most N seconds) for the xtables lock instead of failing.' },
  { long: '--wait-interval', val: '-W', hasArg: 2, doc: 'Microseconds between lock attempts (legacy backend).' },
  { long: '--exact', val: '-x', hasArg: 0, doc: 'Print exact counter values (with -L).' },
  { long: '--fragments', val: '-f', hasArg: 0, doc: 'Only second and later fragments of fragmented packets.' },
  { long: '--version', val: '-V', hasArg: 0, doc: 'Print the iptables version.' },
  { long: '--help', val: '-h', hasArg: 2, doc: 'Print help.' },
  { long: '--line-numbers', val: '--line-numbers', hasArg: 0, doc: 'Print rule numbers (with -L).' },
  { long: '--modprobe', val: '-M', hasArg: 1, doc: 'Program used to load kernel modules.' },
  { long: '--set-counters', val: '-c', hasArg: 1, doc: 'Initial packet and byte counters of the rule: -c PKTS BYTES.' },
  { long: '--goto', val: '-g', hasArg: 1, doc: 'Continue in a user chain; its end returns to the last -j caller.' },
  { long: '--ipv4', val: '-4', hasArg: 0, doc: 'Only act when run as iptables (ignored by iptables, skips the line in ip6tables).' },
  { long: '--ipv6', val: '-6', hasArg: 0, doc: 'Only act when run as ip6tables.' },
];

/** Short options of iptables and whether they take an argument (getopt's optstring). */
export const SHORT_OPTIONS: Readonly<Record<string, 0 | 1 | 2>> = {
  '-A': 1, '-C': 1, '-D': 1, '-I': 1, '-R': 1, '-N': 1, '-E': 1, '-P': 1,
  '-S': 2, '-F': 2, '-L': 2, '-Z': 2, '-X': 2, '-V': 0, '-h': 2,
  '-o': 1, '-p': 1, '-s': 1, '-d': 1, '-j': 1, '-i': 1, '-t': 1, '-m': 1, '-g': 1, '-M': 1, '-c': 1,
  '-f': 0, '-b': 0, '-v': 0, '-n': 0, '-x': 0, '-4': 0, '-6': 0, '-w': 2, '-W': 2,
};

export interface TableSpec {
  name: TableName;
  builtinChains: readonly string[];
  doc: string;
}

export const TABLES: readonly TableSpec[] = [
  { name: 'filter', builtinChains: ['INPUT', 'FORWARD', 'OUTPUT'], doc: 'The default table: accept or drop packets.' },
  { name: 'nat', builtinChains: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], doc: 'Address translation; sees the first packet of each connection.' },
  { name: 'mangle', builtinChains: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'], doc: 'Packet alteration: marks, TOS, TTL, MSS.' },
  { name: 'raw', builtinChains: ['PREROUTING', 'OUTPUT'], doc: 'Before connection tracking: NOTRACK / CT exemptions.' },
  { name: 'security', builtinChains: ['INPUT', 'FORWARD', 'OUTPUT'], doc: 'Mandatory access control (SELinux SECMARK).' },
];

/** Chains that see packets arriving: `-o` makes no sense there. */
export const INPUT_CHAINS: readonly string[] = ['INPUT', 'PREROUTING'];
/** Chains that see packets leaving: `-i` makes no sense there. */
export const OUTPUT_CHAINS: readonly string[] = ['OUTPUT', 'POSTROUTING'];

export const CHAIN_DOCS: Readonly<Record<string, string>> = {
  INPUT: 'Packets addressed to this host (ingress).',
  OUTPUT: 'Packets this host sends, including replies to incoming connections (egress).',
  FORWARD: 'Packets routed through this host.',
  PREROUTING: 'Every arriving packet, before the routing decision.',
  POSTROUTING: 'Every leaving packet, after the routing decision.',
};

export const POLICIES: readonly string[] = ['ACCEPT', 'DROP'];
