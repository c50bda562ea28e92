/**
 * IPv4/IPv6 address parsing and printing the way iptables does it: numbers only, never DNS.
 * A value that is not a numeric address but looks like a host name is reported as such, so the
 * layers above can say "resolved once, at load time" (iptables would resolve it).
 */
import type { Family, Negatable } from './rule';

export type AddressResult =
  | { kind: 'network'; canonical: string; prefix: number | undefined }
  | { kind: 'hostname'; name: string }
  | { kind: 'error'; message: string };

/** A value iptables would hand to the resolver: letters, digits, dots and hyphens, not a number. */
export function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  let letter = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const isLetter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (isLetter) letter = true;
    else if (!((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95)) return false;
  }
  // `0x0a000001`-style numbers go through the resolver too, but they are numbers, not names.
  return letter && !(value.startsWith('0x') && isHex(value.slice(2)));
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (hexDigit(s.charCodeAt(i)) < 0) return false;
  return s.length > 0;
}

/** `0x0a000001`: the resolver (inet_aton) reads it as a 32-bit number. */
function parseHexIPv4(s: string): number | undefined {
  if (!(s.startsWith('0x') || s.startsWith('0X')) || s.length > 10 || !isHex(s.slice(2))) return undefined;
  return parseInt(s.slice(2), 16);
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * `s[start, end)` read whole as C's `strtoul(s, &end, 0)` reads numbers, the way iptables reads address
 * parts and prefix lengths: decimal, `0x` hex, or octal after a leading 0 (`010` is 8, `08` is no number).
 * -1 when it is not such a number or is above max.
 */
export function cNumber(s: string, start: number, end: number, max: number): number {
  if (start >= end) return -1;
  let i = start;
  let base = 10;
  if (s.charCodeAt(i) === 48 /* 0 */ && end - start > 1) {
    const x = s.charCodeAt(i + 1);
    if (x === 120 /* x */ || x === 88 /* X */) {
      base = 16;
      i += 2;
      if (i >= end) return -1;
    } else {
      base = 8;
      i += 1;
    }
  }
  let n = 0;
  for (; i < end; i++) {
    const d = hexDigit(s.charCodeAt(i));
    if (d < 0 || d >= base) return -1;
    n = n * base + d;
    if (n > max) return -1;
  }
  return n;
}

/**
 * Dotted IPv4 as iptables reads it (xtables' numeric parser): 1 to 4 parts, missing trailing parts are
 * zero, and each part is a C number: `0x1f` is hex and a leading 0 makes it octal (`010` is 8).
 */
export function parseIPv4(s: string): number | undefined {
  // Plain decimal parts (nearly every address) in one pass; anything else takes the full reading.
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46 /* . */) {
      if (digits === 0 || part > 255 || ++parts > 4) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3 && !(digits === 1 && part === 0)) {
      part = part * 10 + (c - 48);
      digits++;
    } else {
      return parseIPv4Numbers(s);
    }
  }
  for (; parts < 4; parts++) value *= 256;
  return value;
}

/** parseIPv4 for parts that are not plain decimal: each part read as a C number (`010`, `0x0a`). */
function parseIPv4Numbers(s: string): number | undefined {
  let value = 0;
  let parts = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && s.charCodeAt(i) !== 46 /* . */) continue;
    const part = cNumber(s, start, i, 255);
    if (part < 0 || ++parts > 4) return undefined;
    value = value * 256 + part;
    start = i + 1;
  }
  for (; parts < 4; parts++) value *= 256;
  return value;
}

/**
 * The address as its writer most likely meant it when a part has a leading 0 (`192.168.001.010`), which
 * iptables reads as octal: the same parts read as decimal. Undefined when no part has one, or when the
 * decimal reading is no address.
 */
export function decimalReadingOfIPv4(s: string): string | undefined {
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const mask = slash < 0 ? undefined : s.slice(slash + 1);
  const leadingZero = (p: string) => p.length > 1 && p.charCodeAt(0) === 48 && /^[0-9]+$/.test(p);
  const parts = addr.split('.');
  if (!parts.some(leadingZero) && !(mask !== undefined && mask.indexOf('.') < 0 && leadingZero(mask))) return undefined;
  const decimalParts = parts.map((p) => (/^[0-9]+$/.test(p) ? String(Number(p)) : p));
  if (decimalParts.some((p) => !/^[0-9]+$/.test(p) || Number(p) > 255)) return undefined;
  const decimalMask = mask === undefined ? '' : `/${mask.indexOf('.') < 0 && /^[0-9]+$/.test(mask) ? String(Number(mask)) : mask}`;
  return `${decimalParts.join('.')}${decimalMask}`;
}

export function formatIPv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** IPv6 text → 8 16-bit groups, or undefined. */
export function parseIPv6(s: string): number[] | undefined {
  if (s.length < 2 || s.length > 45) return undefined;
  // An embedded dotted quad (`::ffff:192.0.2.1`) stands for the last two groups.
  let head = s;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) > 0) {
    const tail = s.slice(lastColon + 1);
    const v4 = tail.split('.').length === 4 ? parseIPv4(tail) : undefined;
    if (v4 === undefined) return undefined;
    head = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const doubleAt = head.indexOf('::');
  if (doubleAt >= 0 && head.indexOf('::', doubleAt + 1) >= 0) return undefined;
  const parseGroups = (text: string): number[] | undefined => {
    if (text === '') return [];
    const out: number[] = [];
    for (const g of text.split(':')) {
      if (g.length === 0 || g.length > 4) return undefined;
      let n = 0;
      for (let i = 0; i < g.length; i++) {
        const d = hexDigit(g.charCodeAt(i));
        if (d < 0) return undefined;
        n = n * 16 + d;
      }
      out.push(n);
    }
    return out;
  };
  let groups: number[] | undefined;
  if (doubleAt >= 0) {
    const left = parseGroups(head.slice(0, doubleAt));
    const right = parseGroups(head.slice(doubleAt + 2));
    if (!left || !right || left.length + right.length >= 8) return undefined;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else {
    groups = parseGroups(head);
    if (!groups || groups.length !== 8) return undefined;
  }
  return groups;
}

/** inet_ntop's form (RFC 5952 as glibc prints it, incl. `::ffff:1.2.3.4` and `::1.2.3.4`). */
export function formatIPv6(g: readonly number[]): string {
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i > 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff))) {
      out += formatIPv4(g[6] * 65536 + g[7]);
      break;
    }
    out += g[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** Prefix length of a contiguous mask, or -1. */
function prefixOfMask(bits: readonly number[], width: number): number {
  let prefix = 0;
  let seenZero = false;
  for (const word of bits) {
    for (let b = width - 1; b >= 0; b--) {
      const set = Math.floor(word / 2 ** b) % 2 === 1;
      if (set && seenZero) return -1;
      if (set) prefix++;
      else seenZero = true;
    }
  }
  return prefix;
}

/**
 * The prefix length of `value[start, end)` when it is the common IPv4 form `a.b.c.d[/len]` (also the
 * short dotted forms parseIPv4 reads), or -1 when it is anything else and needs parseNetwork. Reads
 * char codes and builds nothing: the parser asks this for every -s and -d.
 */
export function plainIPv4Prefix(value: string, start: number, end: number): number {
  let part = 0;
  let digits = 0;
  let parts = 0;
  let i = start;
  for (; i < end; i++) {
    const c = value.charCodeAt(i);
    // A leading 0 makes iptables read octal: leave such a part to parseNetwork.
    if (c >= 48 && c <= 57 && digits < 3 && !(digits === 1 && part === 0)) {
      part = part * 10 + (c - 48);
      digits++;
    } else if (c === 46 /* . */ && digits > 0 && part <= 255 && parts < 3) {
      parts++;
      part = 0;
      digits = 0;
    } else {
      break;
    }
  }
  if (digits === 0 || part > 255) return -1;
  if (i === end) return 32;
  if (value.charCodeAt(i) !== 47 /* / */ || end - i - 1 < 1 || end - i - 1 > 10) return -1;
  if (value.charCodeAt(i + 1) === 48 /* 0 */ && end - i - 1 > 1) return -1;
  let len = 0;
  for (i++; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    len = len * 10 + (c - 48);
  }
  return len <= 32 ? len : -1;
}

/**
 * `addr[/mask]` for one family, normalised as `iptables -S` prints it: the network address (host
 * bits cleared) and `/len` (or a dotted mask when it is not contiguous). Hosts get /32 or /128.
 */
export function parseNetwork(value: string, family: Family): AddressResult {
  const slash = value.indexOf('/');
  const addrText = slash >= 0 ? value.slice(0, slash) : value;
  const maskText = slash >= 0 ? value.slice(slash + 1) : undefined;
  // With a /0 mask iptables never looks at the address (nor resolves it): it matches everything.
  if (maskText === '0') return { kind: 'network', canonical: family === 'ipv4' ? '0.0.0.0/0' : '::/0', prefix: 0 };
  if (family === 'ipv4') {
    const addr = parseIPv4(addrText) ?? parseHexIPv4(addrText);
    if (addr === undefined) return nonNumeric(value, addrText);
    let maskBits = 0xffffffff;
    let prefix = 32;
    if (maskText !== undefined) {
      const len = cNumber(maskText, 0, maskText.length, 32);
      if (len >= 0 && maskText.indexOf('.') < 0) {
        prefix = len;
        maskBits = len === 0 ? 0 : (0xffffffff - (2 ** (32 - len) - 1));
      } else {
        const m = maskText.split('.').length === 4 ? parseIPv4(maskText) : undefined;
        if (m === undefined) return { kind: 'error', message: `invalid mask \`${maskText}' specified` };
        maskBits = m;
        prefix = prefixOfMask([m], 32);
      }
    }
    const network = andIPv4(addr, maskBits);
    const canonical = prefix >= 0 ? `${formatIPv4(network)}/${prefix}` : `${formatIPv4(network)}/${formatIPv4(maskBits)}`;
    return { kind: 'network', canonical, prefix: prefix >= 0 ? prefix : undefined };
  }
  const groups = parseIPv6(addrText);
  if (!groups) return nonNumeric(value, addrText);
  let prefix = 128;
  let mask: number[] = new Array<number>(8).fill(0xffff);
  if (maskText !== undefined) {
    const len = cNumber(maskText, 0, maskText.length, 128);
    if (len >= 0) {
      prefix = len;
      mask = maskForPrefix(len);
    } else {
      const m = parseIPv6(maskText);
      if (!m) return { kind: 'error', message: `invalid mask \`${maskText}' specified` };
      mask = m;
      prefix = prefixOfMask(m, 16);
    }
  }
  const network = groups.map((g, i) => g & mask[i]);
  const canonical = prefix >= 0 ? `${formatIPv6(network)}/${prefix}` : `${formatIPv6(network)}/${formatIPv6(mask)}`;
  return { kind: 'network', canonical, prefix: prefix >= 0 ? prefix : undefined };
}

function maskForPrefix(len: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    const bits = Math.max(0, Math.min(16, len - i * 16));
    out.push(bits === 0 ? 0 : (0xffff << (16 - bits)) & 0xffff);
  }
  return out;
}

function andIPv4(a: number, b: number): number {
  return (((a & b) >>> 0) as number);
}

function nonNumeric(value: string, addrText: string): AddressResult {
  if (isHostname(addrText)) return { kind: 'hostname', name: addrText };
  return { kind: 'error', message: `host/network \`${value}' not found` };
}

/** A single address (no mask), canonical, or undefined. */
export function canonicalAddress(value: string, family: Family): string | undefined {
  if (family === 'ipv4') {
    const a = parseIPv4(value);
    // A range end must be a whole dotted quad (iptables' iprange and NAT parsers want four parts).
    let dots = 0;
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 46) dots++;
    return a === undefined || dots !== 3 ? undefined : formatIPv4(a);
  }
  const g = parseIPv6(value);
  return g ? formatIPv6(g) : undefined;
}

/** Numeric value of a single address, for comparing range ends; IPv6 compares group by group. */
export function compareAddresses(a: string, b: string, family: Family): number {
  if (family === 'ipv4') return (parseIPv4(a) ?? 0) - (parseIPv4(b) ?? 0);
  const ga = parseIPv6(a) ?? [];
  const gb = parseIPv6(b) ?? [];
  for (let i = 0; i < 8; i++) if (ga[i] !== gb[i]) return (ga[i] ?? 0) - (gb[i] ?? 0);
  return 0;
}

/**
 * Cheap pre-test for a `-s`/`-d` value (a comma list too) that may hold a host name: IPv4 addresses
 * have no letters, IPv6 ones have colons. Runs on every address of a 100,000-rule script.
 */
export function mayBeHostname(text: string, family: Family): boolean {
  if (family === 'ipv6') return !text.includes(':') || text.includes(',');
  // Digits, dots, slashes and commas are all below 64, letters above: OR-ing the characters (no
  // branch per character) clears nearly every IPv4 address before the letter test proper.
  let bits = 0;
  for (let i = 0; i < text.length; i++) bits |= text.charCodeAt(i);
  if (bits < 64) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/** Rule.addressTraits: `-s` or `-d` is a comma list (a rule that may stand for several). */
export const ADDRESS_LIST = 1;
/** Rule.addressTraits: `-s` or `-d` may hold a host name (mayBeHostname). */
export const ADDRESS_MAY_BE_NAME = 2;

/** ADDRESS_LIST and ADDRESS_MAY_BE_NAME of one `-s`/`-d` value. */
export function addressTraitsOf(value: Negatable<string> | undefined, family: Family): number {
  if (value === undefined) return 0;
  const text = value.value;
  const list = text.includes(',') ? ADDRESS_LIST : 0;
  if (!value.known) return list;
  return list | (mayBeHostname(text, family) ? ADDRESS_MAY_BE_NAME : 0);
}
