/**
 * The iptables grammar as data, and the lookups the parser and the language server use.
 * Every map is built once at load time; lookups are single Map gets.
 */
import type { Family, TableName } from '../rule';
import {
  CT_STATES,
  ICMP_TYPES,
  ICMPV6_TYPES,
  PROTOCOL_ALIASES,
  PROTOCOLS,
  REJECT_TYPES,
  SERVICES,
  type Service,
} from './catalog';
import { COMMANDS, CORE_OPTIONS, TABLES, type CoreOptionSpec, type TableSpec } from './core';
import { MATCHES } from './matches';
import { TARGETS } from './targets';
import type { ModuleSpec, OptionSpec, TargetSpec } from './types';

export type { ArgKind, ArgSpec, ModuleSpec, OptionSpec, TargetSpec } from './types';
export type { CoreOptionSpec, CommandSpec, TableSpec } from './core';
export type { Service } from './catalog';
export { COMMANDS, CORE_OPTIONS, TABLES, INPUT_CHAINS, OUTPUT_CHAINS, POLICIES, CHAIN_DOCS } from './core';
export { CT_STATES, CT_STATUSES, LOG_LEVELS, TCP_FLAGS, ICMP_TYPES, ICMPV6_TYPES, IPV6_HEADERS, HMARK_TUPLE_FIELDS, REJECT_TYPES, SERVICES, TCP_OPTION_NUMBERS } from './catalog';
export { MATCHES } from './matches';
export { TARGETS } from './targets';

const matchByName = new Map<string, ModuleSpec>(MATCHES.map((m) => [m.name, m]));
const targetByName = new Map<string, TargetSpec>(TARGETS.map((t) => [t.name, t]));
const tableByName = new Map<string, TableSpec>(TABLES.map((t) => [t.name, t]));

/** Per module: option spelling (canonical or alias, with dashes) → spec. */
const optionIndex = new Map<ModuleSpec, Map<string, OptionSpec>>();
for (const m of [...MATCHES, ...TARGETS]) {
  const index = new Map<string, OptionSpec>();
  for (const o of m.options) {
    index.set(o.name, o);
    for (const a of o.aliases) index.set(a, o);
  }
  optionIndex.set(m, index);
}

/** Every prefix of every spelling, per module: "could this abbreviation mean one of its options?" in one lookup. */
const prefixIndex = new Map<ModuleSpec, Set<string>>();
for (const [m, spellings] of optionIndex) prefixIndex.set(m, prefixesOf(spellings.keys()));

function prefixesOf(names: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const n of names) for (let len = 3; len <= n.length; len++) out.add(n.slice(0, len));
  return out;
}

/** Every prefix (of three characters or more) of every spelling of a module's options. */
export function optionPrefixes(module: ModuleSpec): ReadonlySet<string> {
  return prefixIndex.get(module) ?? NO_PREFIXES;
}

const NO_PREFIXES: ReadonlySet<string> = new Set();

const corePrefixes = prefixesOf(CORE_OPTIONS.map((o) => o.long));

/** Whether a written long option could abbreviate one of iptables' own options. */
export function isCoreOptionPrefix(written: string): boolean {
  return corePrefixes.has(written);
}

const protocolByName = new Map<string, { name: string; num: number; doc: string }>();
const protocolByNumber = new Map<number, string>();
for (const [name, num, doc] of PROTOCOLS) {
  protocolByName.set(name, { name, num, doc });
  if (!protocolByNumber.has(num)) protocolByNumber.set(num, name);
}

const serviceByName = new Map<string, Service[]>();
for (const s of SERVICES) {
  for (const n of [s.name, ...s.aliases]) {
    const list = serviceByName.get(n) ?? [];
    list.push(s);
    serviceByName.set(n, list);
  }
}

/** `-p tcp` loads the tcp match when one of its options is used; which module per protocol and family. */
const IMPLICIT_MODULES: Readonly<Record<string, string>> = {
  tcp: 'tcp',
  udp: 'udp',
  sctp: 'sctp',
  dccp: 'dccp',
  icmp: 'icmp',
  'ipv6-icmp': 'icmp6',
  esp: 'esp',
  ipcomp: 'ipcomp',
  ah: 'ah',
  'mobility-header': 'mh',
};

export function lookupMatch(name: string): ModuleSpec | undefined {
  return matchByName.get(name);
}

export function lookupTarget(name: string): TargetSpec | undefined {
  return targetByName.get(name);
}

export function lookupTable(name: string): TableSpec | undefined {
  return tableByName.get(name);
}

/** An option of a module or target, by any of its spellings (`--dport`, `--destination-port`). */
export function lookupOption(module: ModuleSpec, spelling: string): OptionSpec | undefined {
  return optionIndex.get(module)?.get(spelling);
}

/** The option index of a module, for callers that resolve many spellings. */
export function optionSpellings(module: ModuleSpec): ReadonlyMap<string, OptionSpec> {
  return optionIndex.get(module) ?? NO_OPTIONS;
}

const NO_OPTIONS: ReadonlyMap<string, OptionSpec> = new Map();

/** Per table, its built-in chains: the parser and the model ask for nearly every command. */
const builtinChainsByTable = new Map<string, ReadonlySet<string>>(TABLES.map((t) => [t.name, new Set(t.builtinChains)]));

export function isBuiltinChain(table: TableName, chain: string): boolean {
  return builtinChainsByTable.get(table)?.has(chain) ?? false;
}

/** Every chain name that is built in somewhere (INPUT, PREROUTING…). */
export const BUILTIN_CHAIN_NAMES: ReadonlySet<string> = new Set(TABLES.flatMap((t) => t.builtinChains));

/**
 * The canonical protocol name for what follows `-p` (`6` → `tcp`, `TCP` → `tcp`, `icmpv6` → `ipv6-icmp`),
 * `all` for 0/all, or undefined when iptables would not know it.
 */
export function canonicalProtocol(value: string): string | undefined {
  // The table's own string rather than the word: later comparisons with 'tcp'… are then identity checks.
  const known = protocolByName.get(value);
  if (known !== undefined) return known.name;
  const lower = value.toLowerCase();
  const alias = PROTOCOL_ALIASES[lower];
  if (alias) return alias;
  const lowerKnown = protocolByName.get(lower);
  if (lowerKnown !== undefined) return lowerKnown.name;
  if (lower.length > 0 && lower.length <= 3 && isAllDigits(lower)) {
    const num = Number(lower);
    if (num === 0) return 'all';
    if (num > 255) return undefined;
    return protocolByNumber.get(num) ?? String(num);
  }
  return undefined;
}

function isAllDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/** Per family: protocol → the match `-p PROTO` loads implicitly (icmp on IPv4, icmp6 on IPv6). */
const implicitModules: Readonly<Record<Family, ReadonlyMap<string, ModuleSpec>>> = { ipv4: implicitModulesOf('ipv4'), ipv6: implicitModulesOf('ipv6') };

function implicitModulesOf(family: Family): Map<string, ModuleSpec> {
  const out = new Map<string, ModuleSpec>();
  for (const [protocol, name] of Object.entries(IMPLICIT_MODULES)) {
    const m = matchByName.get(name);
    if (m && (!m.family || m.family === family)) out.set(protocol, m);
  }
  return out;
}

/** The match `-p PROTO` loads implicitly, for that family (icmp on IPv4, icmp6 on IPv6). */
export function implicitModuleFor(protocol: string, family: Family): ModuleSpec | undefined {
  return implicitModules[family].get(protocol);
}

/**
 * A service name as iptables resolves it. With a protocol (the tcp and multiport matches ask
 * getservbyname for it) only that protocol's entries count: `ntp` is udp-only. Without one (the
 * udp match and most others ask getaddrinfo) any entry does, so `-p udp --dport ssh` resolves.
 */
export function lookupService(name: string, protocol?: string): Service | undefined {
  const list = serviceByName.get(name);
  if (!list) return undefined;
  return protocol ? list.find((s) => (s.protocols as readonly string[]).includes(protocol)) : list[0];
}

// ---- The small API the language server uses (hover, completion). ----

export interface OptionInContext {
  option: OptionSpec;
  /** Module or target name the option belongs to; undefined for iptables' own options. */
  owner?: string;
}

/** Docs of a match, a target, a table, a chain or an iptables option, by name. */
export function docFor(name: string): string | undefined {
  return (
    matchByName.get(name)?.doc ??
    targetByName.get(name)?.doc ??
    tableByName.get(name)?.doc ??
    CORE_OPTIONS.find((o) => o.long === name || o.val === name)?.doc
  );
}

/** Doc of an option of a module or target (`optionDoc('tcp', '--dport')`). */
export function optionDoc(owner: string, spelling: string): string | undefined {
  const m = matchByName.get(owner) ?? targetByName.get(owner);
  return m ? lookupOption(m, spelling)?.doc : undefined;
}

/**
 * The options valid at a point of a rule: iptables' own, those of the loaded matches (explicit and,
 * after `-p tcp`, the implicit one) and those of the target.
 */
export function optionsInContext(context: {
  family: Family;
  protocol?: string;
  matches: readonly string[];
  target?: string;
}): OptionInContext[] {
  const out: OptionInContext[] = CORE_OPTIONS.filter((o) => o.long.length > 0).map((o: CoreOptionSpec) => ({
    option: { name: o.long, aliases: [], args: [], negatable: false, doc: o.doc },
  }));
  const modules = new Set<ModuleSpec>();
  const proto = context.protocol ? canonicalProtocol(context.protocol) : undefined;
  const implicit = proto ? implicitModuleFor(proto, context.family) : undefined;
  if (implicit) modules.add(implicit);
  for (const name of context.matches) {
    const m = matchByName.get(name);
    if (m) modules.add(m);
  }
  for (const m of modules) for (const option of m.options) out.push({ option, owner: m.name });
  const t = context.target ? targetByName.get(context.target) : undefined;
  if (t) for (const option of t.options) out.push({ option, owner: t.name });
  return out;
}

/** Matches usable in a family. */
export function matchesFor(family: Family): ModuleSpec[] {
  return MATCHES.filter((m) => !m.family || m.family === family);
}

/** Targets the kernel accepts in this table and chain (user chains accept any target of the table). */
export function targetsFor(table: TableName, chain: string, family: Family): TargetSpec[] {
  const builtin = isBuiltinChain(table, chain);
  return TARGETS.filter(
    (t) =>
      (!t.family || t.family === family) &&
      (!t.tables || t.tables.includes(table)) &&
      (!builtin || !t.chains || t.chains.includes(chain)),
  );
}

export function conntrackStates(): ReadonlyArray<readonly [string, string]> {
  return CT_STATES;
}

export function protocols(): ReadonlyArray<{ name: string; num: number; doc: string }> {
  return [...protocolByName.values()];
}

/** Well-known ports with their service names, for completion and hover (`22` → ssh). */
export function wellKnownPorts(): ReadonlyArray<{ port: number; name: string; protocols: readonly string[]; doc: string }> {
  return SERVICES.map((s) => ({ port: s.port, name: s.name, protocols: s.protocols, doc: s.doc }));
}

export function serviceForPort(port: number, protocol?: string): Service | undefined {
  return SERVICES.find((s) => s.port === port && (!protocol || (s.protocols as readonly string[]).includes(protocol)));
}

export function icmpTypes(family: Family): ReadonlyArray<readonly [string, number, number]> {
  return family === 'ipv4' ? ICMP_TYPES : ICMPV6_TYPES;
}

export function rejectTypes(family: Family): ReadonlyArray<readonly [string, string]> {
  return REJECT_TYPES[family];
}

export function commandForOption(spelling: string): (typeof COMMANDS)[number] | undefined {
  return COMMANDS.find((c) => c.short === spelling || c.long === spelling);
}
