import type { Family, MatchModule, Rule } from '../iptables/rule';
import { optionCount, optionNameAt, optionNegatedAt, optionTextAt } from '../iptables/shapes';
import type { RuleEntry } from '../model/ruleset';
import { IPV4_SIZE, IPV6_SIZE, parseAddress, parseIPv4, parseIPv6 } from '../model/address';
import { type Bound, IntervalSet } from './intervals';
import { type PortReading, parseUnsigned, portReading } from '../iptables/values';
import { CT_STATES, ICMP_TYPES, ICMPV6_TYPES, PROTOCOL_NUMBERS, SERVICE_PORTS } from './names';

/**
 * The packet space: a rule's match is a conjunction over these dimensions, i.e. a box whose sides
 * are interval sets. Dimensions that only some protocols have (ports, ICMP type) are constrained only
 * together with the protocol, so treating the space as a plain product stays exact.
 */
export const enum Dim {
  Protocol = 0,
  Source = 1,
  Destination = 2,
  SourcePort = 3,
  DestinationPort = 4,
  InInterface = 5,
  OutInterface = 6,
  State = 7,
  /** type × 256 + code. */
  Icmp = 8,
  /** 1 for second and later fragments (`-f`). */
  Fragment = 9,
}
export const DIM_COUNT = 10;

/** Interface names are at most 15 bytes: encoded big-endian in 16 bytes, so `eth+` is an interval. */
const NAME_BYTES = 16;
const NAME_SPACE = 1n << BigInt(NAME_BYTES * 8);

export type Box = IntervalSet[];

export interface Domain {
  lo: Bound;
  hi: Bound;
}

export function domains(family: Family): Domain[] {
  const address: Domain = family === 'ipv4' ? { lo: 0, hi: IPV4_SIZE } : { lo: 0n, hi: IPV6_SIZE };
  const name: Domain = { lo: 0n, hi: NAME_SPACE };
  return [
    { lo: 0, hi: 256 },
    address,
    address,
    { lo: 0, hi: 65536 },
    { lo: 0, hi: 65536 },
    name,
    name,
    { lo: 0, hi: CT_STATES.length },
    { lo: 0, hi: 65536 },
    { lo: 0, hi: 2 },
  ];
}

const DOMAINS = { ipv4: domains('ipv4'), ipv6: domains('ipv6') };
const FULL = {
  ipv4: DOMAINS.ipv4.map((d) => IntervalSet.of(d.lo, d.hi)),
  ipv6: DOMAINS.ipv6.map((d) => IntervalSet.of(d.lo, d.hi)),
};

export function fullBox(family: Family): Box {
  return FULL[family].slice();
}

export function isFull(family: Family, dim: Dim, set: IntervalSet): boolean {
  // Most whole sides are the shared FULL set itself.
  return set === FULL[family][dim] || set.isRange(DOMAINS[family][dim].lo, DOMAINS[family][dim].hi);
}

/** The dimensions in which `box` is narrower than the whole domain, one bit each. */
export function narrowedDims(family: Family, box: Box): number {
  let mask = 0;
  for (let d = 0; d < DIM_COUNT; d++) if (!isFull(family, d, box[d])) mask |= 1 << d;
  return mask;
}

export function complementIn(family: Family, dim: Dim, set: IntervalSet): IntervalSet {
  const d = DOMAINS[family][dim];
  return set.complement(d.lo, d.hi);
}

export function boxIsEmpty(box: Box): boolean {
  for (const side of box) if (side.isEmpty) return true;
  return false;
}

export function intersectBoxes(a: Box, b: Box): Box {
  return a.map((side, d) => side.intersect(b[d]));
}

export function boxesIntersect(a: Box, b: Box): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (!a[d].intersects(b[d])) return false;
  return true;
}

export function boxCovers(outer: Box, inner: Box): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (!outer[d].covers(inner[d])) return false;
  return true;
}

/**
 * `box` minus `cut`, as disjoint boxes: one per dimension in which `cut` does not cover `box`. A cut
 * that differs in one dimension only (a blocklist entry) leaves a single box.
 */
export function subtractBox(box: Box, cut: Box): Box[] {
  if (!boxesIntersect(box, cut)) return [box];
  const out: Box[] = [];
  let current = box;
  for (let d = 0; d < DIM_COUNT; d++) {
    if (cut[d].covers(current[d])) continue;
    const rest = current[d].subtract(cut[d]);
    if (!rest.isEmpty) {
      const piece = current.slice();
      piece[d] = rest;
      out.push(piece);
    }
    current = current.slice();
    current[d] = current[d].intersect(cut[d]);
  }
  return out;
}

/** What a rule matches, as far as the analysis can tell. */
export interface RuleSpace {
  /** The rule matches at most the union of these boxes. */
  boxes: Box[];
  /**
   * True when it matches exactly the union: every match is modelled and every value known. An inexact
   * rule may match less (never more), so it can be found dead but never blocks another rule.
   */
  exact: boolean;
  /** Why not exact: `-m limit`, `$1`, a host name… (for explanations). */
  notModelled: string[];
}

/**
 * Parsed values by their text: a ruleset repeats the same interfaces, ports and networks thousands
 * of times, and sharing the (immutable) sets also shares their memoized grouping keys. Bounded, so a
 * long-running language server does not grow without end.
 */
function memoized<T>(parse: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined && !cache.has(text)) {
      if (cache.size > 20_000) cache.clear();
      value = parse(text);
      cache.set(text, value);
    }
    return value as T;
  };
}

const FRAGMENTS = IntervalSet.of(1, 2);

/** Modules that never change what a rule matches. */
const HARMLESS_MODULES = new Set(['comment']);

/** The `notModelled` of every exact rule: one shared empty list instead of one per rule. */
const NOTHING_UNMODELLED: string[] = Object.freeze([]) as unknown as string[];

/** What is being built for one rule: kept in module state so a rule's space costs only its box. */
let building: Box = [];
let buildingFamily: Family = 'ipv4';
let unmodelled: string[] | undefined;
/** `--ports`: either port may match; kept as an alternative of the two port dimensions. */
let eitherPort: IntervalSet | undefined;

/** Narrow one side; an unreadable value (`label value` says which) leaves it whole and the rule inexact. */
function restrict(dim: Dim, set: IntervalSet | undefined, negated: boolean, label: string, written: string): void {
  if (!set) {
    (unmodelled ??= []).push(`${label} ${written}`);
    return;
  }
  const value = negated ? complementIn(buildingFamily, dim, set) : set;
  building[dim] = building[dim] === FULL[buildingFamily][dim] ? value : building[dim].intersect(value);
}

/**
 * The space of a rule as it stands in a chain: `iptables $OPTS -A …` may carry options nobody can
 * see, so such a rule may match less than it says (inexact).
 */
export function entrySpace(entry: RuleEntry): RuleSpace {
  const space = ruleSpace(entry.rule);
  const hidden = entry.statement.command.unknownArgs;
  if (hidden && hidden.length > 0) return { ...space, exact: false, notModelled: [...space.notModelled, ...hidden.map((w) => w.value)] };
  return space;
}

export function ruleSpace(rule: Rule): RuleSpace {
  const family = rule.family;
  building = fullBox(family);
  buildingFamily = family;
  unmodelled = undefined;
  eitherPort = undefined;
  const { protocol, source, destination, inInterface, outInterface } = rule;
  if (protocol) restrict(Dim.Protocol, protocol.known ? protocolSet(protocol.value) : undefined, protocol.negated, 'protocol', protocol.value);
  if (source) restrict(Dim.Source, source.known ? addressSet(source.value, family) : undefined, source.negated, 'address', source.value);
  if (destination) restrict(Dim.Destination, destination.known ? addressSet(destination.value, family) : undefined, destination.negated, 'address', destination.value);
  if (inInterface) restrict(Dim.InInterface, inInterface.known ? interfaceSet(inInterface.value) : undefined, inInterface.negated, 'interface', inInterface.value);
  if (outInterface) restrict(Dim.OutInterface, outInterface.known ? interfaceSet(outInterface.value) : undefined, outInterface.negated, 'interface', outInterface.value);
  if (rule.fragment) restrict(Dim.Fragment, FRAGMENTS, rule.fragment.negated, '', '');
  for (const m of rule.matches) applyModule(m);

  const box = building;
  let boxes: Box[];
  if (eitherPort) {
    const bySource = box.slice();
    bySource[Dim.SourcePort] = box[Dim.SourcePort].intersect(eitherPort);
    const byDestination = box.slice();
    byDestination[Dim.DestinationPort] = box[Dim.DestinationPort].intersect(eitherPort);
    boxes = [bySource, byDestination].filter((x) => !boxIsEmpty(x));
  } else {
    boxes = boxIsEmpty(box) ? [] : [box];
  }
  const notModelled = unmodelled ?? NOTHING_UNMODELLED;
  unmodelled = undefined;
  return { boxes, exact: notModelled.length === 0, notModelled };
}

function applyModule(m: MatchModule): void {
  if (HARMLESS_MODULES.has(m.name)) return;
  const kind = moduleKind(m.name);
  if (kind === 'other') {
    (unmodelled ??= []).push(`-m ${m.name}`);
    return;
  }
  for (let i = 0, n = optionCount(m); i < n; i++) {
    const name = optionNameAt(m, i);
    const negated = optionNegatedAt(m, i);
    const value = optionTextAt(m, i);
    const dim = optionDimension(kind, name);
    const set = value === undefined || dim === undefined ? undefined : optionSet(kind, value, buildingFamily, m.name);
    if (!set) {
      (unmodelled ??= []).push(`${negated ? '! ' : ''}${name} ${value ?? '…'}`);
    } else if (dim === EITHER_PORT) {
      if (negated) {
        restrict(Dim.SourcePort, set, true, '', '');
        restrict(Dim.DestinationPort, set, true, '', '');
      } else eitherPort = set;
    } else if (dim !== undefined) {
      restrict(dim, set, negated, '', '');
    }
  }
}

/**
 * The destination ports of a rule that names them plainly — one `--dport` or `--dports`, known, not
 * negated, and no `--ports` — so that each of its boxes has exactly these; undefined for any other rule.
 */
export function plainDestinationPorts(rule: Rule): IntervalSet | undefined {
  let found: IntervalSet | undefined;
  for (const m of rule.matches) {
    const kind = moduleKind(m.name);
    if (kind !== 'ports' && kind !== 'multiport') continue;
    for (let i = 0, n = optionCount(m); i < n; i++) {
      const dim = optionDimension(kind, optionNameAt(m, i));
      if (dim === EITHER_PORT) return undefined;
      if (dim !== Dim.DestinationPort) continue;
      const value = optionTextAt(m, i);
      if (found || optionNegatedAt(m, i) || value === undefined) return undefined;
      found = portSet(value, m.name);
      if (!found) return undefined;
    }
  }
  return found;
}

/**
 * The lowest packet of a rule whose space is one box read from its plain fields alone — `-p`, `-s`,
 * `-d`, `-i`, `-o`, `-f`, none negated, all known and readable, and no match that narrows anything —
 * written into `out` (one value per dimension); false for any other rule. The lowest corner of its
 * ruleSpace box, without building the box: a chain of a thousand `-i eth0 -s NET -j TENANT` jumps is
 * judged without a thousand boxes.
 */
export function lowestPacketOf(rule: Rule, out: Bound[]): boolean {
  for (const m of rule.matches) if (!HARMLESS_MODULES.has(m.name) && (optionCount(m) > 0 || moduleKind(m.name) === 'other')) return false;
  const family = rule.family;
  const domain = DOMAINS[family];
  for (let d = 0; d < DIM_COUNT; d++) out[d] = domain[d].lo;
  const { protocol, source, destination, inInterface, outInterface, fragment } = rule;
  if (protocol) {
    const set = protocol.known && !protocol.negated ? protocolSet(protocol.value) : undefined;
    if (!set) return false;
    out[Dim.Protocol] = set.bounds[0];
  }
  if (source) {
    if (!source.known || source.negated || !singleBlock(source.value, family)) return false;
    out[Dim.Source] = BLOCK.start;
  }
  if (destination) {
    if (!destination.known || destination.negated || !singleBlock(destination.value, family)) return false;
    out[Dim.Destination] = BLOCK.start;
  }
  if (inInterface) {
    const set = inInterface.known && !inInterface.negated ? interfaceSet(inInterface.value) : undefined;
    if (!set) return false;
    out[Dim.InInterface] = set.bounds[0];
  }
  if (outInterface) {
    const set = outInterface.known && !outInterface.negated ? interfaceSet(outInterface.value) : undefined;
    if (!set) return false;
    out[Dim.OutInterface] = set.bounds[0];
  }
  if (fragment) {
    if (fragment.negated) return false;
    out[Dim.Fragment] = FRAGMENTS.bounds[0];
  }
  return true;
}

/** Where `addressBlockOf` leaves the block it found. */
export const BLOCK: { start: Bound; end: Bound } = { start: 0, end: 0 };

/**
 * A rule whose whole match is one address block in one direction — a blocklist entry such as
 * `-s 192.0.2.0/24 -j DROP`, exact and not the whole address space — gives its dimension (Source or
 * Destination) and leaves the block in BLOCK; any other rule gives -1. The same answer as its space
 * would give, read straight from the rule: it allocates nothing for the 100,000 rules of a blocklist.
 */
export function addressBlockOf(entry: RuleEntry): number {
  const rule = entry.rule;
  if (rule.protocol || rule.inInterface || rule.outInterface || rule.fragment) return -1;
  for (const m of rule.matches) if (!HARMLESS_MODULES.has(m.name)) return -1;
  const hidden = entry.statement.command.unknownArgs;
  if (hidden && hidden.length > 0) return -1;
  const { source, destination } = rule;
  const address = source ? (destination ? undefined : source) : destination;
  if (!address || !address.known || address.negated) return -1;
  if (!singleBlock(address.value, rule.family)) return -1;
  const full = rule.family === 'ipv4' ? BLOCK.start === 0 && BLOCK.end === IPV4_SIZE : BLOCK.start === 0n && BLOCK.end === IPV6_SIZE;
  return full ? -1 : source ? Dim.Source : Dim.Destination;
}

/** One address or network (no comma list) into BLOCK; false for anything else. */
function singleBlock(text: string, family: Family): boolean {
  if (family === 'ipv4') {
    // The common `a.b.c.d` and `a.b.c.d/nn` without parseAddress's objects; anything else goes the long way.
    const slash = text.indexOf('/');
    const ip = parseIPv4(slash < 0 ? text : text.slice(0, slash));
    const bits = slash < 0 ? 32 : prefixDigits(text, slash + 1);
    if (ip !== undefined && bits >= 0) {
      const size = 2 ** (32 - bits);
      BLOCK.start = Math.floor(ip / size) * size;
      BLOCK.end = (BLOCK.start as number) + size;
      return true;
    }
  }
  if (text.includes(',')) return false;
  const parsed = parseAddress(text, family);
  if (parsed.kind !== 'block') return false;
  BLOCK.start = parsed.block.start;
  BLOCK.end = parsed.block.end;
  return true;
}

/** A prefix length of one to three digits, at most 32, from `from` to the end of `text`; -1 otherwise. */
function prefixDigits(text: string, from: number): number {
  const length = text.length - from;
  if (length < 1 || length > 3) return -1;
  let n = 0;
  for (let k = from; k < text.length; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n <= 32 ? n : -1;
}

/** `--ports`: the source or the destination port. */
const EITHER_PORT = -1;

function optionDimension(kind: string, option: string): Dim | typeof EITHER_PORT | undefined {
  switch (option) {
    case '--sport':
      return kind === 'ports' ? Dim.SourcePort : undefined;
    case '--dport':
      return kind === 'ports' ? Dim.DestinationPort : undefined;
    case '--sports':
      return kind === 'multiport' ? Dim.SourcePort : undefined;
    case '--dports':
      return kind === 'multiport' ? Dim.DestinationPort : undefined;
    case '--ports':
      return kind === 'multiport' ? EITHER_PORT : undefined;
    case '--ctstate':
      return kind === 'conntrack' ? Dim.State : undefined;
    case '--state':
      return kind === 'state' ? Dim.State : undefined;
    case '--icmp-type':
      return kind === 'icmp' ? Dim.Icmp : undefined;
    case '--icmpv6-type':
      return kind === 'icmp6' ? Dim.Icmp : undefined;
    case '--src-range':
      return kind === 'iprange' ? Dim.Source : undefined;
    case '--dst-range':
      return kind === 'iprange' ? Dim.Destination : undefined;
    default:
      return undefined;
  }
}

function optionSet(kind: string, value: string, family: Family, module: string): IntervalSet | undefined {
  switch (kind) {
    case 'ports':
    case 'multiport':
      return portSet(value, module);
    case 'conntrack':
    case 'state':
      return stateSet(value);
    case 'icmp':
      return icmpSet(value, ICMP_TYPES);
    case 'icmp6':
      return icmpSet(value, ICMPV6_TYPES);
    default:
      return rangeSet(value, family);
  }
}

function moduleKind(name: string): string {
  switch (name) {
    case 'tcp': case 'udp': case 'sctp': case 'dccp': case 'udplite':
      return 'ports';
    case 'multiport': case 'conntrack': case 'state': case 'icmp': case 'icmp6': case 'iprange':
      return name;
    default:
      return 'other';
  }
}

export const protocolSet = memoized((text: string): IntervalSet | undefined => {
  const t = text.toLowerCase();
  if (t === 'all' || t === '0') return IntervalSet.of(0, 256);
  const n = /^\d+$/.test(t) ? Number(t) : PROTOCOL_NUMBERS[t];
  return n === undefined || n > 255 ? undefined : IntervalSet.of(n, n + 1);
});

/** `-s` value: comma list of addresses/CIDRs. Host names are unknown addresses (resolved at load time). */
export function addressSet(text: string, family: Family): IntervalSet | undefined {
  return family === 'ipv4' ? ipv4AddressSet(text) : ipv6AddressSet(text);
}
// Not memoized: blocklists and tenant networks are mostly distinct, a cache would only churn.
const ipv4AddressSet = (text: string) => parseAddressSet(text, 'ipv4');
const ipv6AddressSet = (text: string) => parseAddressSet(text, 'ipv6');

function parseAddressSet(text: string, family: Family): IntervalSet | undefined {
  if (!text.includes(',')) return singleBlock(text, family) ? IntervalSet.of(BLOCK.start, BLOCK.end) : undefined;
  const pairs: [Bound, Bound][] = [];
  for (const part of text.split(',')) {
    const parsed = parseAddress(part, family);
    if (parsed.kind !== 'block') return undefined;
    pairs.push([parsed.block.start, parsed.block.end]);
  }
  return IntervalSet.fromIntervals(pairs);
}

function rangeSet(text: string, family: Family): IntervalSet | undefined {
  const [from, to] = text.split('-');
  if (to === undefined) return undefined;
  if (family === 'ipv4') {
    const a = parseIPv4(from);
    const z = parseIPv4(to);
    return a === undefined || z === undefined ? undefined : IntervalSet.of(a, z + 1);
  }
  const a = parseIPv6(from);
  const z = parseIPv6(to);
  return a === undefined || z === undefined ? undefined : IntervalSet.of(a, z + 1n);
}

export function encodeInterfaceName(name: string): bigint {
  let value = 0n;
  for (let i = 0; i < NAME_BYTES; i++) value = (value << 8n) | BigInt(i < name.length ? name.charCodeAt(i) & 255 : 0);
  return value;
}

/** `eth0` → that name; `eth+` → every name starting with `eth`; `+` → any. */
export const interfaceSet = memoized((text: string): IntervalSet | undefined => {
  if (text.length === 0 || text.length > NAME_BYTES) return undefined;
  if (!text.endsWith('+')) {
    const v = encodeInterfaceName(text);
    return IntervalSet.of(v, v + 1n);
  }
  const prefix = text.slice(0, -1);
  const start = encodeInterfaceName(prefix);
  return IntervalSet.of(start, start + (1n << BigInt((NAME_BYTES - prefix.length) * 8)));
});

/** One port number or service name as the module reads it (iptables/values portReading); undefined when it is neither. */
export function portNumber(text: string, module = 'tcp'): number | undefined {
  return readPort(text, portReading(module));
}

function readPort(text: string, reading: PortReading): number | undefined {
  if (reading === 'c') {
    const n = parseUnsigned(text);
    if (n >= 0) return n <= 65535 ? n : undefined;
  } else if (/^\d{1,15}$/.test(text)) {
    const n = Number(text);
    return reading === 'wrap' ? n % 65536 : n <= 65535 ? n : undefined;
  }
  return SERVICE_PORTS[text.toLowerCase()];
}

function portSetRead(text: string, reading: PortReading): IntervalSet | undefined {
  const pairs: [Bound, Bound][] = [];
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) {
      const p = readPort(part, reading);
      if (p === undefined) return undefined;
      pairs.push([p, p + 1]);
      continue;
    }
    const from = colon === 0 ? 0 : readPort(part.slice(0, colon), reading);
    const to = colon === part.length - 1 ? 65535 : readPort(part.slice(colon + 1), reading);
    if (from === undefined || to === undefined) return undefined;
    // udp keeps a range written backwards, and the kernel then matches no port (the parser warns).
    if (from > to && reading === 'wrap') continue;
    pairs.push([Math.min(from, to), Math.max(from, to) + 1]);
  }
  return IntervalSet.fromIntervals(pairs);
}

const portSetsByReading: Readonly<Record<PortReading, (text: string) => IntervalSet | undefined>> = {
  c: memoized((text: string) => portSetRead(text, 'c')),
  decimal: memoized((text: string) => portSetRead(text, 'decimal')),
  wrap: memoized((text: string) => portSetRead(text, 'wrap')),
};

/** `80`, `1024:65535`, `:1023`, `1024:`, `http`, and multiport lists `80,443,8000:8080`, read as `module` reads them. */
export function portSet(text: string, module: string): IntervalSet | undefined {
  return portSetsByReading[portReading(module)](text);
}

const stateSet = memoized((text: string): IntervalSet | undefined => {
  const pairs: [Bound, Bound][] = [];
  for (const name of text.split(',')) {
    const i = (CT_STATES as readonly string[]).indexOf(name.toUpperCase());
    if (i < 0) return undefined; // SNAT, DNAT: states of the NAT kind, not modelled
    pairs.push([i, i + 1]);
  }
  return IntervalSet.fromIntervals(pairs);
});

export function stateBit(name: (typeof CT_STATES)[number]): IntervalSet {
  const i = CT_STATES.indexOf(name);
  return IntervalSet.of(i, i + 1);
}

/** `echo-request`, `8`, `3/4`, `any`. */
function icmpSet(text: string, names: Record<string, [number, number]>): IntervalSet | undefined {
  let type: number;
  let code: number;
  const named = names[text.toLowerCase()];
  if (named) [type, code] = named;
  else {
    const m = /^(\d+)(?:\/(\d+))?$/.exec(text);
    if (!m) return undefined;
    type = Number(m[1]);
    code = m[2] === undefined ? -1 : Number(m[2]);
    if (type > 255 || code > 255) return undefined;
  }
  if (type < 0) return IntervalSet.of(0, 65536);
  return code < 0 ? IntervalSet.of(type * 256, type * 256 + 256) : IntervalSet.of(type * 256 + code, type * 256 + code + 1);
}
