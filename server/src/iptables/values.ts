/**
 * One validator/normaliser per argument kind of the grammar. Each returns the value as
 * `iptables -S` prints it, or the message iptables gives (under the code our checks use).
 */
import { cNumber, compareAddresses, canonicalAddress, parseNetwork } from './addresses';
import { IPT } from './codes';
import { CT_STATES, CT_STATUSES, ICMP_TYPES, ICMPV6_TYPES, LOG_LEVELS, MH_TYPE_NAMES, REJECT_TYPES, TCP_FLAGS } from './grammar/catalog';
import { canonicalProtocol, lookupService } from './grammar';
import type { ArgSpec } from './grammar/types';
import type { Family } from './rule';

export type ValueResult = { ok: true; canonical: string } | { ok: false; code: string; message: string };

export interface ValueContext {
  family: Family;
  /** Service names must exist for this protocol (tcp and multiport matches); undefined: any protocol. */
  protocol?: string;
  /**
   * The udp match's ports: numbers wrap modulo 65536 and reversed ranges are kept, as iptables
   * 1.8 does (it accepts `--dport 70000` and matches port 4464).
   */
  wrapPorts?: boolean;
  /**
   * Port numbers are C numbers, as xtables_parse_port reads them for tcp, sctp, multiport and the NAT
   * targets: `022` is octal 18 and `0x16` is 22. Without it they are decimal (udp, dccp, conntrack).
   */
  cNumbers?: boolean;
}

const ok = (canonical: string): ValueResult => ({ ok: true, canonical });
const fail = (code: string, message: string): ValueResult => ({ ok: false, code, message });

/** Unsigned number as strtoul(…, 0) reads it: decimal, 0x hex or 0 octal; -1 when not a number. */
export function parseUnsigned(s: string): number {
  return cNumber(s, 0, s.length, 0xffffffff);
}

/** Decimal digits only, at most `maxDigits` of them; -1 otherwise. */
function parseDecimal(s: string, maxDigits = 6): number {
  if (s.length === 0 || s.length > maxDigits) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + c - 48;
  }
  return n;
}

/** A port number or a service name of the protocol: the number, or -1. */
export function portNumber(text: string, protocol: string | undefined, wrap = false, cNumbers = false): number {
  // udp's ports wrap modulo 65536 whatever their size: up to 15 digits.
  const n = wrap ? parseDecimal(text, 15) : cNumbers ? parseUnsigned(text) : parseDecimal(text);
  if (n >= 0) return wrap ? n % 65536 : n <= 65535 ? n : -1;
  return lookupService(text, protocol)?.port ?? -1;
}

function port(text: string, ctx: ValueContext): ValueResult {
  const n = portNumber(text, ctx.protocol, ctx.wrapPorts, ctx.cNumbers);
  if (n >= 0) return ok(String(n));
  // `080`: a leading 0 asks for octal, where 8 and 9 are no digits.
  const hint = ctx.cNumbers && /^0[0-9]+$/.test(text) ? ` (iptables reads a leading 0 as octal, where 8 and 9 are no digits: write ${Number(text)})` : '';
  return fail(IPT.badPort, `invalid port/service \`${text}' specified${hint}`);
}

/**
 * A port list or range as tcp, sctp, multiport and the NAT targets read it when one of its numbers
 * has a leading 0 that changes it (`022` is 18): the decimal text meant and what iptables reads.
 */
export function octalPortReading(text: string): { meant: string; read: string } | undefined {
  if (text.indexOf('0') < 0) return undefined;
  let changed = false;
  const meant: string[] = [];
  const read: string[] = [];
  for (const piece of text.split(/([,:-])/)) {
    if (/^0[0-7]+$/.test(piece) && parseUnsigned(piece) !== Number(piece)) {
      changed = true;
      meant.push(String(Number(piece)));
      read.push(String(parseUnsigned(piece)));
    } else {
      meant.push(piece);
      read.push(piece);
    }
  }
  return changed ? { meant: meant.join(''), read: read.join('') } : undefined;
}

/** `22`, `1024:65535`, `:1023`, `1024:` (an omitted end is 0 or 65535). */
function portRange(text: string, ctx: ValueContext): ValueResult {
  const colon = text.indexOf(':');
  if (colon < 0) return port(text, ctx);
  const lowText = text.slice(0, colon);
  const highText = text.slice(colon + 1);
  const low = lowText === '' ? 0 : portNumber(lowText, ctx.protocol, ctx.wrapPorts, ctx.cNumbers);
  const high = highText === '' ? 65535 : portNumber(highText, ctx.protocol, ctx.wrapPorts, ctx.cNumbers);
  if (low < 0) return fail(IPT.badPort, `invalid port/service \`${lowText}' specified`);
  if (high < 0) return fail(IPT.badPort, `invalid port/service \`${highText}' specified`);
  if (low > high && !ctx.wrapPorts) return fail(IPT.badPort, 'invalid portrange (min > max)');
  return ok(low === high ? String(low) : `${low}:${high}`);
}

/** multiport: up to 15 ports, a range counting as two. */
function portList(text: string, ctx: ValueContext): ValueResult {
  const out: string[] = [];
  let count = 0;
  for (const item of text.split(',')) {
    const colon = item.indexOf(':');
    if (colon < 0) {
      const n = portNumber(item, ctx.protocol, false, ctx.cNumbers);
      if (n < 0) return fail(IPT.badPort, `invalid port/service \`${item}' specified`);
      out.push(String(n));
      count++;
      continue;
    }
    const low = portNumber(item.slice(0, colon), ctx.protocol, false, ctx.cNumbers);
    const high = portNumber(item.slice(colon + 1), ctx.protocol, false, ctx.cNumbers);
    if (low < 0 || high < 0) return fail(IPT.badPort, `invalid port/service \`${item}' specified`);
    // multiport wants a real range: `22:22` is refused too.
    if (low >= high) return fail(IPT.badPort, 'invalid portrange specified (the first port must be below the second)');
    out.push(`${low}:${high}`);
    count += 2;
  }
  if (count > 15) return fail(IPT.badPort, 'too many ports specified (at most 15, a range counts as two)');
  return ok(out.join(','));
}

function stateList(text: string, allowed: ReadonlyArray<string>, what: string, code: string): ValueResult {
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const upper = item.toUpperCase();
    if (!allowed.includes(upper)) return fail(code, `Bad ${what} "${item}"`);
    seen.add(upper);
  }
  return ok(allowed.filter((s) => seen.has(s)).join(','));
}

const CT_STATE_NAMES = CT_STATES.map(([s]) => s);
const STATE_NAMES = CT_STATE_NAMES.filter((s) => s !== 'SNAT' && s !== 'DNAT');
const CT_STATE_SET: ReadonlySet<string> = new Set(CT_STATE_NAMES);
const STATE_SET: ReadonlySet<string> = new Set(STATE_NAMES);

/** A comma list of states written in capitals, as scripts do: checked without splitting. */
function isStateList(text: string, allowed: ReadonlySet<string>): boolean {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf(',', start);
    if (end < 0) end = text.length;
    if (!allowed.has(text.slice(start, end))) return false;
    start = end + 1;
  }
  return true;
}

/** `80,443,8000:8080`: numbers only, each at most 65535, at most 15 ports (a range counts twice). */
function isNumericPortList(text: string): boolean {
  let count = 0;
  let n = -1;
  let low = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c >= 48 && c <= 57) {
      n = n < 0 ? c - 48 : n * 10 + (c - 48);
      if (n > 65535) return false;
    } else if (c === 58 /* : */ && n >= 0 && low < 0) {
      low = n;
      n = -1;
    } else if (c === 44 /* , */ && n >= 0) {
      if (low >= 0 && low >= n) return false;
      count += low >= 0 ? 2 : 1;
      low = -1;
      n = -1;
    } else {
      return false;
    }
  }
  return count <= 15;
}

function uint(text: string, spec: ArgSpec): ValueResult {
  const n = parseUnsigned(text);
  if (n < 0) return fail(IPT.badValue, `\`${text}' is not a number`);
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
    return fail(IPT.badValue, `value ${text} out of range ${spec.min ?? 0}-${spec.max ?? 4294967295}`);
  }
  return ok(String(n));
}

function uintRange(text: string, spec: ArgSpec): ValueResult {
  const colon = text.indexOf(':');
  const top = spec.max ?? 0xffffffff;
  const low = colon === 0 ? 0 : parseUnsigned(colon < 0 ? text : text.slice(0, colon));
  const high = colon < 0 ? low : text.slice(colon + 1) === '' ? top : parseUnsigned(text.slice(colon + 1));
  if (low < 0 || high < 0 || high > top) return fail(IPT.badValue, `\`${text}' is not a number or range (0-${top})`);
  return ok(low === high ? String(low) : `${low}:${high}`);
}

const icmpByName = (table: ReadonlyArray<readonly [string, number, number]>) => new Map(table.map((t) => [t[0].toLowerCase(), t]));
const ICMP_BY_NAME = { ipv4: icmpByName(ICMP_TYPES), ipv6: icmpByName(ICMPV6_TYPES) };

function icmpType(text: string, family: Family): ValueResult {
  const named = ICMP_BY_NAME[family].get(text.toLowerCase());
  let type: number;
  let code: number;
  if (named) {
    [, type, code] = named;
  } else {
    const slash = text.indexOf('/');
    type = parseDecimal(slash < 0 ? text : text.slice(0, slash));
    code = slash < 0 ? -1 : parseDecimal(text.slice(slash + 1));
    if (type < 0 || type > 255 || (slash >= 0 && (code < 0 || code > 255))) {
      return fail(IPT.badValue, `Unknown ${family === 'ipv4' ? 'ICMP' : 'ICMPv6'} type \`${text}'`);
    }
  }
  if (family === 'ipv4' && type === 255 && code < 0) return ok('any');
  return ok(code < 0 ? String(type) : `${type}/${code}`);
}

/** A comma list of TCP flags, printed in kernel order; ALL and NONE as iptables expands them. */
export function tcpFlags(text: string): ValueResult {
  let bits = 0;
  for (const item of text.split(',')) {
    const upper = item.toUpperCase();
    if (upper === 'ALL') bits = 63;
    else if (upper === 'NONE') continue;
    else {
      const i = TCP_FLAGS.indexOf(upper);
      if (i < 0) return fail(IPT.badValue, `Unknown TCP flag \`${item}'`);
      bits |= 1 << i;
    }
  }
  if (bits === 0) return ok('NONE');
  return ok(TCP_FLAGS.filter((_, i) => bits & (1 << i)).join(','));
}

/** `value[/mask]` as a pair of numbers; mask defaults to 0xffffffff. */
export function parseMark(text: string): { value: number; mask: number } | undefined {
  const slash = text.indexOf('/');
  const value = parseUnsigned(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? 0xffffffff : parseUnsigned(text.slice(slash + 1));
  return value < 0 || mask < 0 ? undefined : { value, mask };
}

function mark(text: string): ValueResult {
  const m = parseMark(text);
  if (!m) return fail(IPT.badValue, `Bad mark value \`${text}'`);
  return ok(m.mask === 0xffffffff ? hex(m.value) : `${hex(m.value)}/${hex(m.mask)}`);
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

const LIMIT_SCALE = 10000;
const RATE_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3600],
  ['day', 86400],
];
const PRINT_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['day', LIMIT_SCALE * 86400],
  ['hour', LIMIT_SCALE * 3600],
  ['min', LIMIT_SCALE * 60],
  ['sec', LIMIT_SCALE],
];

/** The token-bucket period of `N/unit` (unit: any prefix of second, minute, hour, day), or undefined. */
export function ratePeriod(text: string): number | undefined {
  const slash = text.indexOf('/');
  const count = parseDecimal(slash < 0 ? text : text.slice(0, slash));
  if (count <= 0) return undefined;
  let mult = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const found = unit.length > 0 ? RATE_UNITS.find(([name]) => name.startsWith(unit)) : undefined;
    if (!found) return undefined;
    mult = found[1];
  }
  const period = Math.floor((LIMIT_SCALE * mult) / count);
  return period === 0 ? undefined : period;
}

/** The rate the way libxt_limit prints it back: the coarsest unit that still shows it exactly. */
export function formatRate(period: number): string {
  let i = 1;
  for (; i < PRINT_UNITS.length; i++) {
    const mult = PRINT_UNITS[i][1];
    if (period > mult || Math.floor(mult / period) < mult % period) break;
  }
  const [name, mult] = PRINT_UNITS[i - 1];
  return `${Math.floor(mult / period)}/${name}`;
}

function rate(text: string): ValueResult {
  const period = ratePeriod(text);
  return period === undefined ? fail(IPT.badValue, `bad rate \`${text}'`) : ok(formatRate(period));
}

function mac(text: string): ValueResult {
  const parts = text.split(':');
  if (parts.length !== 6 || parts.some((p) => p.length < 1 || p.length > 2 || !/^[0-9a-fA-F]+$/.test(p))) {
    return fail(IPT.badValue, 'Invalid MAC address specified.');
  }
  return ok(parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':'));
}

function logLevel(text: string): ValueResult {
  // Names as iptables spells them, in lower case: `DEBUG` is refused ("log level unknown").
  const named = Object.hasOwn(LOG_LEVELS, text) ? LOG_LEVELS[text] : undefined;
  if (named !== undefined) return ok(String(named));
  const n = parseDecimal(text);
  return n >= 0 && n <= 7 ? ok(String(n)) : fail(IPT.badValue, `log-level \`${text}' unknown`);
}

function rejectType(text: string, family: Family): ValueResult {
  const found = resolveRejectType(text, family);
  if (!found) {
    return fail(IPT.badRejectWith, `unknown reject type \`${text}' for ${family === 'ipv4' ? 'iptables' : 'ip6tables'}`);
  }
  return ok(found);
}

/**
 * The reject type iptables makes of a `--reject-with` value: the first of its table, in its own order,
 * whose name or short alias begins with the value, without regard to case (`icmp-port-unreach`,
 * `HOST-PROHIB`, even `icmp-p`, which is icmp-proto-unreachable).
 */
export function resolveRejectType(text: string, family: Family): string | undefined {
  const exact = REJECT_TYPES[family].find(([name, alias]) => name === text || alias === text);
  if (exact) return exact[0];
  const lower = text.toLowerCase();
  return REJECT_TABLE_ORDER[family].find(([name, alias]) => name.startsWith(lower) || alias.startsWith(lower))?.[0];
}

/** libipt_REJECT's and libip6t_REJECT's tables, in their order: the order prefixes are tried in. */
const REJECT_TABLE_ORDER: Readonly<Record<Family, ReadonlyArray<readonly [string, string]>>> = {
  ipv4: ['icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-proto-unreachable', 'icmp-port-unreachable', 'icmp-net-prohibited', 'icmp-host-prohibited', 'tcp-reset', 'icmp-admin-prohibited'].map(
    (name) => REJECT_TYPES.ipv4.find(([n]) => n === name)!,
  ),
  ipv6: ['icmp6-no-route', 'icmp6-adm-prohibited', 'icmp6-addr-unreachable', 'icmp6-port-unreachable', 'tcp-reset', 'icmp6-policy-fail', 'icmp6-reject-route'].map(
    (name) => REJECT_TYPES.ipv6.find(([n]) => n === name)!,
  ),
};

/**
 * A mobility header type as ip6tables reads it: a name is matched without case by its beginning, the
 * first of the table that begins so unless one is exactly it (`hot` is home-test, `ho` home-test-init,
 * `b` binding-refresh-request); otherwise a number up to 255. Undefined for anything else.
 */
function mhType(text: string): number | undefined {
  const lower = text.toLowerCase();
  let found: readonly [string, number] | undefined;
  for (const entry of MH_TYPE_NAMES) {
    if (lower.length === 0 || !entry[0].startsWith(lower)) continue;
    if (found === undefined || entry[0].length === lower.length) found = entry;
  }
  if (found) return found[1];
  const n = parseUnsigned(text);
  return n >= 0 && n <= 255 ? n : undefined;
}

/**
 * `--mh-type TYPE[:TYPE]` as ip6tables reads it: the range it stands for (`1:` is 1:255, `:5` is
 * 0:5), or the refusal iptables prints.
 */
export function mhTypeRange(text: string): { from: number; to: number } | { error: string } {
  const colon = text.indexOf(':');
  const first = colon < 0 ? text : text.slice(0, colon);
  const from = colon === 0 ? 0 : mhType(first);
  const to = colon < 0 ? from : colon === text.length - 1 ? 255 : mhType(text.slice(colon + 1));
  if (from === undefined) return { error: `Invalid MH type \`${first}'` };
  if (to === undefined) return { error: `Invalid MH type \`${text.slice(colon + 1)}'` };
  if (from > to) return { error: 'Invalid MH type range (min > max)' };
  return { from, to };
}

function ipRange(text: string, family: Family): ValueResult {
  const dash = text.indexOf('-');
  const from = canonicalAddress(dash < 0 ? text : text.slice(0, dash), family);
  const to = dash < 0 ? from : canonicalAddress(text.slice(dash + 1), family);
  if (!from || !to) return fail(IPT.badAddress, `invalid address range \`${text}'`);
  return ok(`${from}-${to}`);
}

/** Whether a valid iprange `from-to` is reversed (the kernel accepts it, but it never matches). */
export function isReversedRange(text: string, family: Family): boolean {
  const dash = text.indexOf('-');
  return dash > 0 && compareAddresses(text.slice(0, dash), text.slice(dash + 1), family) > 0;
}

function natPorts(text: string): ValueResult {
  const dash = text.indexOf('-');
  // C numbers, as for tcp: `--to-ports 022` is port 18.
  const low = parseUnsigned(dash < 0 ? text : text.slice(0, dash));
  const high = dash < 0 ? low : parseUnsigned(text.slice(dash + 1));
  if (low < 0 || low > 65535 || high < 0 || high > 65535) return fail(IPT.badPort, `Invalid port:port syntax - use dash`);
  if (low > high) return fail(IPT.badPort, `invalid portrange (min > max)`);
  return ok(low === high ? String(low) : `${low}-${high}`);
}

/** DNAT/SNAT `[addr[-addr]][:port[-port]]`; IPv6 addresses go in brackets when a port follows. */
function natTo(text: string, family: Family): ValueResult {
  let addrPart = text;
  let portPart: string | undefined;
  if (family === 'ipv6' && text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return fail(IPT.badAddress, `Invalid address \`${text}'`);
    addrPart = text.slice(1, close);
    if (text[close + 1] === ':') portPart = text.slice(close + 2);
  } else if (family === 'ipv4') {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      addrPart = text.slice(0, colon);
      portPart = text.slice(colon + 1);
    }
  }
  if (addrPart !== '') {
    const r = ipRange(addrPart, family);
    if (!r.ok) return fail(IPT.badAddress, `Bad IP address \`${addrPart}'`);
  }
  if (portPart !== undefined) {
    const slash = portPart.indexOf('/');
    const ports = slash < 0 ? portPart : portPart.slice(0, slash);
    const p = natPorts(ports);
    if (!p.ok) return p;
    let base = '';
    if (slash >= 0) {
      // `/base` shifts a port range (80-90/8080); after a single port it is garbage to iptables.
      if (!ports.includes('-')) return fail(IPT.badPort, `Garbage after port value: \`${portPart.slice(slash)}'`);
      const n = parseUnsigned(portPart.slice(slash + 1));
      if (n < 0 || n > 65535) return fail(IPT.badPort, `Port \`${portPart.slice(slash + 1)}' not valid`);
      base = `/${n}`;
    }
    // The ports as iptables prints them (`:010` is port 8); the address as written.
    const printed = `${p.canonical}${base}`;
    if (printed !== portPart) return ok(`${text.slice(0, text.length - portPart.length)}${printed}`);
  }
  return ok(text);
}

/**
 * Check one argument against its kind. Values the script cannot know never reach here: the
 * parser keeps them symbolic.
 */
export function checkValue(spec: ArgSpec, text: string, ctx: ValueContext): ValueResult {
  switch (spec.kind) {
    case 'port':
      return port(text, ctx);
    case 'portrange':
      return portRange(text, ctx);
    case 'portlist':
      return portList(text, ctx);
    case 'address': {
      const r = parseNetwork(text, ctx.family);
      if (r.kind === 'error') return fail(IPT.badAddress, r.message);
      return ok(r.kind === 'network' ? r.canonical : text);
    }
    case 'iprange':
      return ipRange(text, ctx.family);
    case 'interface':
      return checkInterface(text);
    case 'ctstates':
      return stateList(text, CT_STATE_NAMES, 'ctstate', IPT.badState);
    case 'states':
      return stateList(text, STATE_NAMES, 'state', IPT.badState);
    case 'ctstatus':
      return stateList(text, CT_STATUSES, 'ctstatus', IPT.badValue);
    case 'uint':
      return uint(text, spec);
    case 'uintrange':
      return uintRange(text, spec);
    case 'string':
      return ok(text);
    case 'nonempty':
      return text.length > 0 ? ok(text) : fail(IPT.badValue, 'Argument must have a minimum length of 1 characters');
    case 'icmptype':
      return icmpType(text, 'ipv4');
    case 'icmpv6type':
      return icmpType(text, 'ipv6');
    case 'tcpflags':
      return tcpFlags(text);
    case 'mark':
      return mark(text);
    case 'rate':
      return rate(text);
    case 'hashrate':
      // hashlimit also counts bytes (`1mb/s`): kept as written, it has no packet rate to normalise.
      return /^[0-9]+[kmg]?b\/(s|sec|second|m|min|minute|h|hour|d|day)$/i.test(text) ? ok(text) : rate(text);
    case 'mac':
      return mac(text);
    case 'loglevel':
      return logLevel(text);
    case 'rejecttype':
      return rejectType(text, ctx.family);
    case 'natto':
      return natTo(text, ctx.family);
    case 'natports':
      return natPorts(text);
    case 'protocol': {
      const p = canonicalProtocol(text);
      return p ? ok(p) : fail(IPT.unknownProtocol, `unknown protocol "${text}" specified`);
    }
    case 'tos':
      return tosValue(text);
    case 'enum': {
      const found = spec.values!.includes(text) ? text : spec.caseless ? spec.values!.find((v) => v.toLowerCase() === text.toLowerCase()) : undefined;
      return found !== undefined ? ok(found) : fail(IPT.badValue, `\`${text}' is not one of ${spec.values!.join(', ')}`);
    }
    case 'enumlist': {
      for (const item of text.split(',')) {
        if (!spec.values!.includes(item.toUpperCase()) && !spec.values!.includes(item)) {
          return fail(IPT.badValue, `\`${item}' is not one of ${spec.values!.join(', ')}`);
        }
      }
      return ok(text);
    }
  }
}

/**
 * Only whether a value is valid (the parser's question): the common kinds are checked without
 * building their printed form.
 */
export function valueError(spec: ArgSpec, text: string, ctx: ValueContext): { code: string; message: string } | undefined {
  switch (spec.kind) {
    case 'port':
    case 'portrange': {
      const n = parseDecimal(text);
      // A leading 0 is octal where ports are C numbers (`080` is no number): the full check decides.
      if (n >= 0 && n <= 65535 && !(ctx.cNumbers && text.length > 1 && text.charCodeAt(0) === 48)) return undefined;
      break;
    }
    case 'portlist':
      if (isNumericPortList(text) && !(ctx.cNumbers && /(^|[,:])0[0-9]/.test(text))) return undefined;
      break;
    case 'ctstates':
      if (isStateList(text, CT_STATE_SET)) return undefined;
      break;
    case 'states':
      if (isStateList(text, STATE_SET)) return undefined;
      break;
    case 'string':
      return undefined;
  }
  const r = checkValue(spec, text, ctx);
  return r.ok ? undefined : r;
}

/**
 * What the udp match silently does with a port iptables should have refused: the warning to give
 * (`--dport 70000` becomes 4464, `--dport 2000:1000` never matches), or undefined.
 */
export function wrappedPortWarning(text: string, owner = 'udp'): string | undefined {
  // A plain port number, as nearly every udp rule has, cannot wrap: answer without splitting.
  const n = parseDecimal(text);
  if (n >= 0 && n <= 65535) return undefined;
  const colon = text.indexOf(':');
  const parts = colon < 0 ? [text] : [text.slice(0, colon), text.slice(colon + 1)];
  for (const p of parts) {
    const n = parseDecimal(p, 15);
    if (n > 65535) return `port ${p} is above 65535; iptables accepts it for ${owner} but uses ${n % 65536} (the number modulo 65536)`;
  }
  if (colon > 0) {
    const low = portNumber(parts[0], undefined, true);
    const high = parts[1] === '' ? 65535 : portNumber(parts[1], undefined, true);
    if (low > high) return `the range ${text} is reversed (min > max); iptables accepts it for ${owner}, but it never matches`;
  }
  return undefined;
}

/**
 * How a module reads ports: tcp and multiport look service names up for their protocol; udp (and
 * the other guided parsers) for any protocol, udp also wrapping numbers above 65535.
 */
export type PortReading = 'c' | 'decimal' | 'wrap';

/**
 * How iptables 1.8.9 reads a match's port numbers: tcp, sctp and multiport (and the NAT targets) as C
 * numbers (`022` is 18, `0x16` is 22); udp and conntrack as decimal wrapping modulo 65536 (`70000` is
 * 4464), keeping a range written backwards; dccp and the rest as plain decimal. portContext and the
 * analysis both read ports by this.
 */
export function portReading(module: string): PortReading {
  if (module === 'tcp' || module === 'sctp' || module === 'multiport') return 'c';
  if (module === 'udp' || module === 'conntrack') return 'wrap';
  return 'decimal';
}

export function portContext(module: string, protocol: string | undefined, family: Family): ValueContext {
  const cached = CONTEXTS[family];
  if (module === 'tcp' || module === 'sctp' || module === 'dccp') return cached[module];
  if (module === 'multiport') return portValueContext(family, module, protocol);
  // The conntrack match reads its --ct*port options as udp reads ports: decimal, wrapping.
  return portReading(module) === 'wrap' ? cached.udp : cached.plain;
}

/** A module's ports: how it reads their numbers, and the protocol its service names must exist for. */
function portValueContext(family: Family, module: string, protocol: string | undefined): ValueContext {
  const reading = portReading(module);
  return { family, protocol, wrapPorts: reading === 'wrap', cNumbers: reading === 'c' };
}

// One context object per family and module, built once: the parser asks for one per option value.
const contextsFor = (family: Family) => ({
  tcp: portValueContext(family, 'tcp', 'tcp'),
  sctp: portValueContext(family, 'sctp', 'sctp'),
  dccp: portValueContext(family, 'dccp', 'dccp'),
  udp: portValueContext(family, 'udp', undefined),
  plain: portValueContext(family, 'plain', undefined),
});
const CONTEXTS: Readonly<Record<Family, ReturnType<typeof contextsFor>>> = { ipv4: contextsFor('ipv4'), ipv6: contextsFor('ipv6') };

const TOS_SYMBOLS = ['minimize-delay', 'maximize-throughput', 'maximize-reliability', 'minimize-cost', 'normal-service'];

/** A TOS value[/mask] (0-255) or one of iptables' five symbolic names. */
function tosValue(text: string): ValueResult {
  if (TOS_SYMBOLS.includes(text.toLowerCase())) return ok(text);
  const slash = text.indexOf('/');
  const value = parseUnsigned(slash < 0 ? text : text.slice(0, slash));
  const mask = slash < 0 ? 0xff : parseUnsigned(text.slice(slash + 1));
  if (value < 0 || value > 255 || mask < 0 || mask > 255) return fail(IPT.badValue, `Symbolic name "${text}" is unknown (use a number 0-255[/mask] or Minimize-Delay, Maximize-Throughput…)`);
  return ok(text);
}

/** Interface names: 1 to 15 characters; `+` at the end is a wildcard. */
export function checkInterface(text: string): ValueResult {
  if (text.length === 0) return fail(IPT.badValue, 'Empty interface is likely to be undesired');
  if (text.length > 15) return fail(IPT.badValue, `interface name \`${text}' must be shorter than IFNAMSIZ (15)`);
  return ok(text);
}

/** iptables-save's quoting of free text: bare when only [A-Za-z0-9_-], else in double quotes. */
export function saveString(text: string): string {
  let plain = text.length > 0;
  for (let i = 0; i < text.length && plain; i++) {
    const c = text.charCodeAt(i);
    plain = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
  }
  if (plain) return text;
  let out = '"';
  for (const ch of text) out += ch === '"' || ch === '\\' || ch === "'" ? `\\${ch}` : ch;
  return `${out}"`;
}
