import { formatIPv4, mayBeHostname, parseIPv4 } from '../iptables/addresses';
import type { Family } from '../iptables/rule';

// One reader of dotted IPv4 for the whole engine, and one host-name pre-test: the iptables layer's (the
// short forms iptables accepts, `10/8` → 10.0.0.0/8). Re-exported for the model's and the analysis's users.
export { formatIPv4, mayBeHostname, parseIPv4 };

/**
 * Addresses as iptables reads `-s`/`-d`: an IP with an optional `/prefix` or `/dotted.mask`.
 * IPv4 values are numbers (exact up to 2^32); IPv6 values are bigints.
 * Intervals are half-open: [start, end).
 */
export type AddressValue = number | bigint;

export interface AddressBlock {
  start: AddressValue;
  end: AddressValue;
  prefixLength: number;
}

export type ParsedAddress =
  | { kind: 'block'; block: AddressBlock }
  | { kind: 'hostname'; name: string }
  | { kind: 'invalid' };

export const IPV4_SIZE = 2 ** 32;
export const IPV6_SIZE = 1n << 128n;

export function parseIPv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  let head = text;
  let v4Tail: number | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    v4Tail = text.split('.').length === 4 ? parseIPv4(text.slice(lastColon + 1)) : undefined;
    if (v4Tail === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = groupsOf(halves[0]);
  const right = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  if (v4Tail !== undefined) value = (value & ~0xffffffffn) | BigInt(v4Tail);
  return value;
}

export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function maskLength(mask: string, family: Family): number | undefined {
  if (/^\d{1,3}$/.test(mask)) {
    const n = Number(mask);
    return n <= (family === 'ipv4' ? 32 : 128) ? n : undefined;
  }
  if (family === 'ipv4') {
    const m = parseIPv4(mask);
    if (m === undefined || mask.split('.').length !== 4) return undefined;
    // A dotted mask must be contiguous ones.
    for (let len = 0; len <= 32; len++) if (m === IPV4_SIZE - 2 ** (32 - len)) return len;
    return undefined;
  }
  return undefined;
}

/** Whether `text` looks like a host name (so iptables would ask DNS) rather than a malformed address. */
function looksLikeHostname(text: string): boolean {
  return /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/.test(text) && /[A-Za-z_]/.test(text);
}

/** One element of `-s`/`-d` (iptables also takes comma lists: split those first). */
export function parseAddress(text: string, family: Family): ParsedAddress {
  const slash = text.indexOf('/');
  const host = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? undefined : text.slice(slash + 1);
  const bits = family === 'ipv4' ? 32 : 128;
  const len = maskText === undefined ? bits : maskLength(maskText, family);
  if (family === 'ipv4') {
    const ip = parseIPv4(host);
    if (ip === undefined) return looksLikeHostname(host) && len !== undefined ? { kind: 'hostname', name: host } : { kind: 'invalid' };
    if (len === undefined) return { kind: 'invalid' };
    const size = 2 ** (32 - len);
    const start = Math.floor(ip / size) * size;
    return { kind: 'block', block: { start, end: start + size, prefixLength: len } };
  }
  const ip = host.includes(':') ? parseIPv6(host) : undefined;
  if (ip === undefined) return looksLikeHostname(host) && len !== undefined ? { kind: 'hostname', name: host } : { kind: 'invalid' };
  if (len === undefined) return { kind: 'invalid' };
  const size = 1n << BigInt(128 - len);
  const start = (ip / size) * size;
  return { kind: 'block', block: { start, end: start + size, prefixLength: len } };
}

/** `10.0.0.0/8`-style text with host bits cleared, as `iptables -S` prints it. */
export function canonicalBlock(block: AddressBlock): string {
  const address = typeof block.start === 'bigint' ? formatIPv6(block.start) : formatIPv4(block.start);
  return `${address}/${block.prefixLength}`;
}
