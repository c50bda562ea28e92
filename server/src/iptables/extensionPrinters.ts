/**
 * How `iptables -S` prints the extensions whose save form is not simply "each option as written":
 * fixed option order, numbers in hex, names turned into numbers, defaults made explicit.
 * Each printer gets the options as parsed and returns the text after `-m NAME` / `-j NAME`.
 * Symbolic values (unknown to the script) are printed as written.
 */
import { canonicalProtocol, HMARK_TUPLE_FIELDS, IPV6_HEADERS } from './grammar';
import type { Family, Located, OptionValue } from './rule';
import { hex, mhTypeRange, parseUnsigned } from './values';

export type OptionMap = Map<string, OptionValue>;

const neg = (o: OptionValue) => (o.negated ? ' !' : '');
const first = (o: OptionValue | undefined): Located<string> | undefined => o?.values[0];
/** `n` in hex with at least `digits` digits, as printf's `0x%0Nx`. */
const hexDigits = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;

/** `--string` / `--hex-string`: always in double quotes; a pattern with unprintable bytes as |hex|. */
function stringMatch(given: OptionMap): string {
  let out = '';
  const text = given.get('--string') ?? given.get('--hex-string');
  const v = first(text);
  if (text && v) {
    if (!v.known) out += `${neg(text)} ${text.name} ${v.value}`;
    else {
      const bytes = text.name === '--hex-string' ? hexPattern(v.value) : [...Buffer.from(v.value, 'utf8')];
      const printable = bytes.every((b) => b >= 0x20 && b < 0x7f);
      out += printable
        ? `${neg(text)} --string "${String.fromCharCode(...bytes).replace(/["\\]/g, (c) => `\\${c}`)}"`
        : `${neg(text)} --hex-string "|${bytes.map((b) => b.toString(16).padStart(2, '0')).join('')}|"`;
    }
  }
  const algo = first(given.get('--algo'));
  if (algo) out += ` --algo ${algo.value}`;
  const from = first(given.get('--from'));
  if (from && (!from.known || parseUnsigned(from.value) !== 0)) out += ` --from ${from.known ? parseUnsigned(from.value) : from.value}`;
  const to = first(given.get('--to'));
  if (to && (!to.known || parseUnsigned(to.value) !== 65535)) out += ` --to ${to.known ? parseUnsigned(to.value) : to.value}`;
  if (given.has('--icase')) out += ' --icase';
  return out;
}

/** `abc|0d 0a|def`: text with hex bytes between pipes. */
function hexPattern(text: string): number[] {
  const out: number[] = [];
  let inHex = false;
  let digits = '';
  for (const ch of text) {
    if (ch === '|') {
      inHex = !inHex;
      continue;
    }
    if (!inHex) {
      out.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    if (ch === ' ') continue;
    digits += ch;
    if (digits.length === 2) {
      out.push(parseInt(digits, 16));
      digits = '';
    }
  }
  return out;
}

/** statistic keeps the probability as a 31-bit fraction and prints it with 11 decimals. */
function statisticMatch(given: OptionMap): string {
  const mode = first(given.get('--mode'));
  let out = mode ? ` --mode ${mode.value}` : '';
  const p = given.get('--probability');
  const pv = first(p);
  if (p && pv) {
    const n = Number(pv.value);
    out += `${neg(p)} --probability ${pv.known && n >= 0 && n <= 1 ? (Math.round(n * 0x80000000) / 0x80000000).toFixed(11) : pv.value}`;
  }
  const every = given.get('--every');
  if (every) out += `${neg(every)} --every ${first(every)!.value}`;
  const packet = first(given.get('--packet'));
  if (packet) out += ` --packet ${packet.value}`;
  return out;
}

/** connbytes: the amount (an open range prints its start only), then mode, then direction. */
function connbytesMatch(given: OptionMap): string {
  let out = '';
  const amount = given.get('--connbytes');
  const v = first(amount);
  if (amount && v) out += `${neg(amount)} --connbytes ${v.known && v.value.endsWith(':') ? v.value.slice(0, -1) : v.value}`;
  const mode = first(given.get('--connbytes-mode'));
  if (mode) out += ` --connbytes-mode ${mode.value}`;
  const dir = first(given.get('--connbytes-dir'));
  if (dir) out += ` --connbytes-dir ${dir.value}`;
  return out;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LAST_DATE = '2038-01-19T03:14:07';

/** `9:5` → `09:05:00`. */
function clock(text: string): string {
  const parts = text.split(':');
  while (parts.length < 3) parts.push('0');
  return parts.map((p) => p.padStart(2, '0')).join(':');
}

/** `2026` → `2026-01-01T00:00:00`. */
function date(text: string): string {
  const [day, time = ''] = text.split('T');
  const [y, m = '1', d = '1'] = day.split('-');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}T${clock(time === '' ? '0' : time)}`;
}

/** time: times of day as hh:mm:ss (both ends once one is given), day lists resolved, the default end date made explicit. */
function timeMatch(given: OptionMap): string {
  let out = '';
  const start = first(given.get('--timestart'));
  const stop = first(given.get('--timestop'));
  if (start || stop) out += ` --timestart ${start ? clock(start.value) : '00:00:00'} --timestop ${stop ? clock(stop.value) : '23:59:59'}`;
  const monthdays = given.get('--monthdays');
  const md = first(monthdays);
  if (monthdays && md) {
    const days = new Set(md.value.split(',').map(Number));
    const chosen = Array.from({ length: 31 }, (_, i) => i + 1).filter((d) => days.has(d) !== monthdays.negated);
    out += ` --monthdays ${chosen.join(',')}`;
  }
  const weekdays = given.get('--weekdays');
  const wd = first(weekdays);
  if (weekdays && wd) {
    const days = new Set(
      wd.value.split(',').map((d) => {
        const n = Number(d);
        // iptables knows a day by its first two letters, as written (`Mo`, `Mon`, `Monday`).
        return n >= 1 && n <= 7 ? n - 1 : WEEKDAYS.findIndex((w) => d.length >= 2 && w.startsWith(d.slice(0, 2)));
      }),
    );
    out += ` --weekdays ${WEEKDAYS.filter((_, i) => days.has(i) !== weekdays.negated).join(',')}`;
  }
  const dateStart = first(given.get('--datestart'));
  if (dateStart) out += ` --datestart ${date(dateStart.value)}`;
  const dateStop = first(given.get('--datestop'));
  out += ` --datestop ${dateStop ? date(dateStop.value) : LAST_DATE}`;
  if (given.has('--kerneltz')) out += ' --kerneltz';
  if (given.has('--contiguous')) out += ' --contiguous';
  return out;
}

/** Symbolic TOS values of iptables, matched under the mask 0x3f. */
const TOS_NAMES: Readonly<Record<string, number>> = {
  'minimize-delay': 0x10,
  'maximize-throughput': 0x08,
  'maximize-reliability': 0x04,
  'minimize-cost': 0x02,
  'normal-service': 0x00,
};

function tosValue(text: string): string {
  const named = TOS_NAMES[text.toLowerCase()];
  if (named !== undefined) return `${hexDigits(named, 2)}/0x3f`;
  const [value, mask] = text.split('/');
  return `${hexDigits(parseUnsigned(value), 2)}/${hexDigits(mask === undefined ? 0xff : parseUnsigned(mask), 2)}`;
}

/** DiffServ class names → DSCP values (RFC 2474, 2597, 3246). */
export function dscpClassValue(name: string): number | undefined {
  const upper = name.toUpperCase();
  if (upper === 'BE') return 0;
  if (upper === 'EF') return 0x2e;
  const af = /^AF([1-4])([1-3])$/.exec(upper);
  if (af) return Number(af[1]) * 8 + Number(af[2]) * 2;
  const cs = /^CS([0-7])$/.exec(upper);
  return cs ? Number(cs[1]) * 8 : undefined;
}

function dscpValue(o: OptionValue): string {
  const v = first(o)!;
  if (!v.known) return v.value;
  const n = o.name.endsWith('-class') ? dscpClassValue(v.value) : parseUnsigned(v.value);
  return n === undefined || n < 0 ? v.value : hexDigits(n, 2);
}


const PKTTYPE_ALIASES: Readonly<Record<string, string>> = { host: 'unicast' };

export const EXTENSION_MATCH_PRINTERS: Readonly<Record<string, (given: OptionMap) => string>> = {
  string: stringMatch,
  statistic: statisticMatch,
  connbytes: connbytesMatch,
  time: timeMatch,
  tos(given) {
    const o = given.get('--tos');
    const v = first(o);
    return o && v ? `${neg(o)} --tos ${v.known ? tosValue(v.value) : v.value}` : '';
  },
  dscp(given) {
    const o = given.get('--dscp') ?? given.get('--dscp-class');
    return o ? `${neg(o)} --dscp ${dscpValue(o)}` : '';
  },
  devgroup(given) {
    // Group numbers print in hex, with their mask; a name from /etc/iproute2/group as written.
    let out = '';
    for (const name of ['--src-group', '--dst-group']) {
      const o = given.get(name);
      const v = first(o);
      if (!o || !v) continue;
      const [value, mask] = v.value.split('/');
      const n = parseUnsigned(value);
      const m = mask === undefined ? undefined : parseUnsigned(mask);
      out += `${neg(o)} ${name} ${v.known && n >= 0 && (m === undefined || m >= 0) ? `${hex(n)}${m === undefined ? '' : `/${hex(m)}`}` : v.value}`;
    }
    return out;
  },
  ipv6header(given) {
    const o = given.get('--header');
    const v = first(o);
    let out = '';
    if (o && v) {
      const written = new Set(v.value.split(','));
      const names = v.known ? IPV6_HEADERS.filter(([, spellings]) => spellings.some((s) => written.has(s))).map(([name]) => name).join(',') : v.value;
      out += `${neg(o)} --header ${names}`;
    }
    if (given.has('--soft')) out += ' --soft';
    return out;
  },
  mh(given) {
    // Names print as numbers, a range of one type as that type; every type (0:255) prints nothing, negated or not.
    const o = given.get('--mh-type');
    const v = first(o);
    if (!o || !v) return '';
    const read = v.known ? mhTypeRange(v.value) : undefined;
    if (!read || 'error' in read) return `${neg(o)} --mh-type ${v.value}`;
    if (read.from === 0 && read.to === 255) return '';
    return `${neg(o)} --mh-type ${read.from === read.to ? read.from : `${read.from}:${read.to}`}`;
  },
  pkttype(given) {
    const o = given.get('--pkt-type');
    const v = first(o);
    if (!o || !v) return '';
    // iptables reads the type without case and prints it in lower case.
    const type = v.known ? v.value.toLowerCase() : v.value;
    return `${neg(o)} --pkt-type ${PKTTYPE_ALIASES[type] ?? type}`;
  },
};

/** conntrack's --ctproto prints the protocol number. */
export function ctprotoNumber(v: Located<string>): string {
  if (!v.known) return v.value;
  const name = canonicalProtocol(v.value);
  const num = name ? PROTOCOL_NUMBERS[name] : undefined;
  return num !== undefined ? String(num) : v.value;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, 'ipv6-icmp': 58, sctp: 132, dccp: 33, udplite: 136, esp: 50, ah: 51, gre: 47 };

/**
 * HMARK prints what it hashes as prefix lengths and masks, whether it was written so or as
 * `--hmark-tuple` (src and dst are whole-address prefixes, sport/dport/spi/proto whole masks; only ct
 * stays a tuple, at the end), then the seed in 8 hex digits, the modulus and the offset.
 */
function hmarkTarget(given: OptionMap, family: Family): string {
  const tuple = first(given.get('--hmark-tuple'));
  if (tuple && !tuple.known) return [...given.values()].map((o) => ` ${o.name} ${o.values.map((v) => v.value).join(' ')}`).join('');
  // iptables reads the field names without case.
  const fields = new Set(tuple ? tuple.value.toLowerCase().split(',') : []);
  const wholePrefix = family === 'ipv6' ? 128 : 32;
  let out = '';
  // A number as iptables reads it, printed by `format`; a value the script cannot know as written.
  const value = (name: string, format: (n: number) => string): string | undefined => {
    const v = first(given.get(name));
    if (!v) return undefined;
    const n = parseUnsigned(v.value);
    return v.known && n >= 0 ? format(n) : v.value;
  };
  // A tuple field and its option cannot both be given before it (iptables: "can only be used once"),
  // so when both are there the tuple came last and decides. Each field prints as its option.
  const field = (name: string, whole: string, read: (n: number) => string): [string, string | undefined] => {
    const option = HMARK_TUPLE_FIELDS[name]!;
    return [option, fields.has(name) ? whole : value(option, read)];
  };
  const parts: [string, string | undefined][] = [
    field('src', String(wholePrefix), (n) => String(Math.min(n, wholePrefix))),
    field('dst', String(wholePrefix), (n) => String(Math.min(n, wholePrefix))),
    field('sport', hexDigits(0xffff, 4), (n) => hexDigits(n, 4)),
    field('dport', hexDigits(0xffff, 4), (n) => hexDigits(n, 4)),
    field('spi', hexDigits(0xffffffff, 8), (n) => hexDigits(n, 8)),
    field('proto', hexDigits(0xffff, 2), (n) => hexDigits(n, 2)),
    ['--hmark-rnd', value('--hmark-rnd', (n) => hexDigits(n, 8))],
    ['--hmark-mod', value('--hmark-mod', String)],
    ['--hmark-offset', value('--hmark-offset', String)],
  ];
  for (const [name, text] of parts) if (text !== undefined) out += ` ${name} ${text}`;
  if (fields.has('ct')) out += ' --hmark-tuple ct';
  return out;
}

export const EXTENSION_TARGET_PRINTERS: Readonly<Record<string, (given: OptionMap, family: Family) => string>> = {
  HMARK: hmarkTarget,
  DSCP(given) {
    const o = given.get('--set-dscp') ?? given.get('--set-dscp-class');
    return o ? ` --set-dscp ${dscpValue(o)}` : '';
  },
  TOS(given) {
    const v = first(given.get('--set-tos'));
    return v ? ` --set-tos ${v.known ? tosValue(v.value) : v.value}` : '';
  },
  CLASSIFY(given) {
    const v = first(given.get('--set-class'));
    if (!v) return '';
    if (!v.known) return ` --set-class ${v.value}`;
    const [major, minor = '0'] = v.value.split(':');
    return ` --set-class ${parseInt(major, 16).toString(16).padStart(4, '0')}:${parseInt(minor, 16).toString(16).padStart(4, '0')}`;
  },
  NFQUEUE(given) {
    const balance = first(given.get('--queue-balance'));
    const num = first(given.get('--queue-num'));
    let out = balance ? ` --queue-balance ${balance.value}` : ` --queue-num ${num ? num.value : '0'}`;
    if (given.has('--queue-bypass')) out += ' --queue-bypass';
    if (given.has('--queue-cpu-fanout')) out += ' --queue-cpu-fanout';
    return out;
  },
  SYNPROXY(given) {
    let out = '';
    for (const flag of ['--sack-perm', '--timestamp', '--ecn']) if (given.has(flag)) out += ` ${flag}`;
    const wscale = first(given.get('--wscale'));
    if (wscale) out += ` --wscale ${wscale.value}`;
    const mss = first(given.get('--mss'));
    if (mss) out += ` --mss ${mss.value}`;
    return out;
  },
};
