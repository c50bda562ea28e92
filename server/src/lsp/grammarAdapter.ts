/**
 * The one place the language server reads the iptables grammar (server/src/iptables/grammar): docs for
 * hover, lists for completion, in the shapes the features want.
 */
import {
  BUILTIN_CHAIN_NAMES,
  COMMANDS,
  CORE_OPTIONS,
  CT_STATES,
  CT_STATUSES,
  LOG_LEVELS,
  TABLES,
  TCP_FLAGS,
  canonicalProtocol,
  icmpTypes,
  implicitModuleFor,
  lookupMatch,
  lookupTable,
  lookupTarget,
  matchesFor,
  protocols,
  rejectTypes,
  serviceForPort,
  targetsFor as grammarTargetsFor,
  wellKnownPorts,
  type ArgSpec,
  type ModuleSpec,
  type OptionSpec,
  type TargetSpec,
} from '../iptables/grammar';
import type { Family, TableName } from '../iptables/rule';

export type { ArgSpec, ModuleSpec, OptionSpec, TargetSpec };

export const matchModule = lookupMatch;
export const targetSpec = lookupTarget;

export function matchModules(family: Family): ModuleSpec[] {
  return matchesFor(family);
}

/** Targets the kernel accepts in this table (and chain, when it is built in). */
export function targetsFor(family: Family, table: TableName, chain: string | undefined): TargetSpec[] {
  return grammarTargetsFor(table, chain ?? '', family);
}

/** `-p tcp` loads the tcp match; `-p icmpv6` the icmp6 one (on IPv6). */
export function implicitMatchOfProtocol(protocol: string, family: Family): ModuleSpec | undefined {
  const canonical = canonicalProtocol(protocol);
  return canonical ? implicitModuleFor(canonical, family) : undefined;
}

/** An option by any of its spellings, among the loaded modules' options. */
export function findOption(options: readonly OptionSpec[], written: string): OptionSpec | undefined {
  return options.find((o) => o.name === written || o.aliases.includes(written));
}

/** An option of iptables itself, with both spellings and what its argument is. */
export interface BasicOption {
  /** Short spelling first (`-p`), then the long ones. */
  names: string[];
  doc: string;
  arg?: 'chain' | 'table' | 'protocol' | 'address' | 'interface' | 'match' | 'target';
  negatable: boolean;
  /** A command (-A, -I…): one per invocation. */
  command: boolean;
}

const RULE_ARGUMENTS: Readonly<Record<string, BasicOption['arg']>> = {
  '-t': 'table',
  '-p': 'protocol',
  '-s': 'address',
  '-d': 'address',
  '-i': 'interface',
  '-o': 'interface',
  '-m': 'match',
  '-j': 'target',
  '-g': 'target',
};
const NEGATABLE = new Set(['-p', '-s', '-d', '-i', '-o', '-f']);
/** What a rule in a script is made of; listing and locking options (-L's -n, -v, -w…) are left out of completion. */
const RULE_OPTIONS = new Set(['-t', '-p', '-s', '-d', '-i', '-o', '-f', '-m', '-j', '-g']);

function buildBasicOptions(): BasicOption[] {
  const byShort = new Map<string, BasicOption>();
  for (const o of CORE_OPTIONS) {
    const existing = byShort.get(o.val);
    if (existing) {
      if (o.long && !existing.names.includes(o.long)) existing.names.push(o.long);
      continue;
    }
    const command = COMMANDS.some((c) => c.short === o.val);
    const names = o.long && o.long !== o.val ? [o.val, o.long] : [o.val];
    const arg = command ? (o.val === '-N' ? undefined : 'chain') : RULE_ARGUMENTS[o.val];
    byShort.set(o.val, { names, doc: o.doc, arg, negatable: NEGATABLE.has(o.val), command });
  }
  return [...byShort.values()];
}

const ALL_BASIC_OPTIONS = buildBasicOptions();

/** Commands and rule options, as completion offers them. */
export const BASIC_OPTIONS: readonly BasicOption[] = ALL_BASIC_OPTIONS.filter((o) => o.command || RULE_OPTIONS.has(o.names[0]));

export function basicOption(written: string): BasicOption | undefined {
  return ALL_BASIC_OPTIONS.find((o) => o.names.includes(written));
}

export function builtinChains(table: TableName): readonly string[] {
  return lookupTable(table)?.builtinChains ?? [];
}

export function isBuiltinChain(name: string): boolean {
  return BUILTIN_CHAIN_NAMES.has(name);
}

export const TABLE_NAMES: readonly TableName[] = TABLES.map((t) => t.name);

export function tableDoc(table: TableName): string | undefined {
  return lookupTable(table)?.doc;
}

/** Protocol names for `-p`, the common ones first, with their docs. */
export function protocolNames(): ReadonlyArray<{ name: string; doc: string }> {
  return [...protocols().map((p) => ({ name: p.name, doc: p.doc })), { name: 'all', doc: 'Every protocol (the default).' }];
}

/** Values of an option argument, when they come from a fixed list. */
export function argumentValues(arg: ArgSpec, family: Family): ReadonlyArray<{ value: string; doc?: string }> {
  if (arg.values) return arg.values.map((value) => ({ value }));
  switch (arg.kind) {
    case 'ctstates':
      return CT_STATES.map(([value, doc]) => ({ value, doc }));
    case 'states':
      return CT_STATES.filter(([s]) => s !== 'SNAT' && s !== 'DNAT').map(([value, doc]) => ({ value, doc }));
    case 'ctstatus':
      return CT_STATUSES.map((value) => ({ value }));
    case 'tcpflags':
      return [...TCP_FLAGS, 'ALL', 'NONE'].map((value) => ({ value }));
    case 'protocol':
      return protocolNames().map(({ name, doc }) => ({ value: name, doc }));
    case 'loglevel':
      return Object.keys(LOG_LEVELS).map((value) => ({ value, doc: `syslog level ${LOG_LEVELS[value]}` }));
    case 'rejecttype':
      return rejectTypes(family).map(([value, alias]) => ({ value, doc: `also written ${alias}` }));
    case 'icmptype':
    case 'icmpv6type':
      return icmpTypes(family).map(([value, type, code]) => ({ value, doc: `type ${type}${code >= 0 ? `, code ${code}` : ''}` }));
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

export function portCompletions(): ReadonlyArray<{ port: number; name: string; doc: string }> {
  return wellKnownPorts();
}

/** The /etc/services name of a port (embedded in the grammar, never read at run time). */
export function serviceName(port: number, protocol?: string): string | undefined {
  return serviceForPort(port, protocol)?.name;
}
