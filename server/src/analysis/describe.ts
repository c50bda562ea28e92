import type { Range } from '../core/range';
import type { Negatable, OptionValue, Rule } from '../iptables/rule';
import type { ChainState, RuleEntry } from '../model/ruleset';
import { serviceLabel } from './names';
import { portSet } from './space';

/** Plain-words pieces of what a rule matches, from the values as written. */
export function describeMatch(rule: Rule): string {
  const proto = rule.protocol ? `${rule.protocol.negated ? 'non-' : ''}${protocolWord(rule.protocol.value)}` : '';
  const parts: string[] = [];
  const dport = portOption(rule, ['--dport', '--dports']);
  const sport = portOption(rule, ['--sport', '--sports']);
  const eitherPort = portOption(rule, ['--ports']);
  const icmp = optionOf(rule, ['--icmp-type', '--icmpv6-type']);
  if (icmp) parts.push(`${icmp.negated ? 'other than ' : ''}${icmp.values.map((v) => v.value).join(' ')}`);
  if (rule.source) parts.push(`${rule.source.negated ? 'not ' : ''}from ${rule.source.value}`);
  const srcRange = optionOf(rule, ['--src-range']);
  if (srcRange) parts.push(`${srcRange.negated ? 'not ' : ''}from ${srcRange.values[0]?.value}`);
  if (sport) parts.push(`${sport.negated ? 'not ' : ''}from ${portWords(sport, moduleOf(rule, sport))}`);
  if (rule.destination) parts.push(`${rule.destination.negated ? 'not ' : ''}to ${rule.destination.value}`);
  const dstRange = optionOf(rule, ['--dst-range']);
  if (dstRange) parts.push(`${dstRange.negated ? 'not ' : ''}to ${dstRange.values[0]?.value}`);
  if (dport) parts.push(`${dport.negated ? 'not ' : ''}to ${portWords(dport, moduleOf(rule, dport))}`);
  if (eitherPort) parts.push(`${eitherPort.negated ? 'not ' : ''}from or to ${portWords(eitherPort, moduleOf(rule, eitherPort))}`);
  if (rule.inInterface) parts.push(interfaceWords('in on', rule.inInterface));
  if (rule.outInterface) parts.push(interfaceWords('out through', rule.outInterface));
  const state = optionOf(rule, ['--ctstate', '--state']);
  if (state) parts.push(`${state.negated ? 'not ' : ''}in state ${state.values.map((v) => v.value).join(' ')}`);
  const head = proto || (parts.length ? 'traffic' : 'all traffic');
  return [head, ...parts].join(' ');
}

function protocolWord(value: string): string {
  const v = value.toLowerCase();
  if (v === 'all') return 'traffic';
  if (v === 'icmpv6' || v === 'ipv6-icmp') return 'ICMPv6';
  return /^[a-z]+$/.test(v) ? v.toUpperCase() : `protocol ${value}`;
}

function interfaceWords(verb: string, iface: Negatable<string>): string {
  const name = iface.value === 'lo' ? 'the loopback interface (lo)' : iface.value.endsWith('+') ? `any interface named ${iface.value.slice(0, -1)}…` : iface.value;
  return `${iface.negated ? 'not ' : ''}${verb} ${name}`;
}

function optionOf(rule: Rule, names: string[]): OptionValue | undefined {
  for (const m of rule.matches) for (const o of m.options) if (names.includes(o.name)) return o;
  return undefined;
}

/** The match an option belongs to (`tcp`, `udp`, `multiport`…): it decides how its ports read. */
function moduleOf(rule: Rule, option: OptionValue): string {
  return rule.matches.find((m) => m.options.includes(option))?.name ?? 'tcp';
}

function portOption(rule: Rule, names: string[]): OptionValue | undefined {
  return optionOf(rule, names);
}

/** `port 80 (HTTP)`, `ports 80 (HTTP), 443 (HTTPS)`, `ports 1024-65535`. */
export function portWords(option: OptionValue, module: string): string {
  const text = option.values.map((v) => v.value).join(' ');
  const set = option.values.every((v) => v.known) ? portSet(text, module) : undefined;
  if (!set) return `port ${text}`;
  const items: string[] = [];
  let count = 0;
  for (const [s, e] of set.intervals()) {
    const a = Number(s);
    const z = Number(e) - 1;
    count += z - a + 1;
    if (a === z) {
      const label = serviceLabel(a);
      items.push(label ? `${a} (${label})` : `${a}`);
    } else items.push(`${a}-${z}`);
  }
  return `${count === 1 ? 'port' : 'ports'} ${items.join(', ')}`;
}

/**
 * Where line `line` (0-based) of `text` starts; -1 past the end. Found by searching, not by splitting:
 * a finding near the end of a 100,000-line script would otherwise cut it into 100,000 strings.
 */
export function lineStart(text: string, line: number): number {
  let start = 0;
  for (let i = 0; i < line && start >= 0; i++) {
    const next = text.indexOf('\n', start);
    start = next < 0 ? -1 : next + 1;
  }
  return start;
}

/** Line `line` (0-based) of `text`, without its newline; '' past the end. */
export function lineAt(text: string, line: number): string {
  const start = lineStart(text, line);
  if (start < 0) return '';
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The first line of the source text in `range` (one command), for quoting a rule in a message. */
export function sourceLine(text: string, range: Range): string {
  const line = lineAt(text, range.start.line);
  const end = range.end.line === range.start.line ? range.end.character : line.length;
  return line.slice(range.start.character, end).replace(/\s*\\$/, '').trim();
}

/** "line 12" (1-based, as editors show it). */
export function lineOf(range: Range): string {
  return `line ${range.start.line + 1}`;
}

/** Where a rule came from when a loop or a function produced it: " (port=443)". */
export function originNote(entry: RuleEntry): string {
  const details = entry.statement.origins.map((o) => o.detail).filter(Boolean);
  return details.length ? ` (${details.join(', ')})` : '';
}

/** The hook a built-in chain stands for, in direction terms. */
export function chainDirection(chain: string): string {
  switch (chain) {
    case 'INPUT':
      return 'packets arriving for this host (ingress)';
    case 'OUTPUT':
      return 'packets this host sends (egress), including replies to incoming connections';
    case 'FORWARD':
      return 'packets routed through this host (forwarded)';
    case 'PREROUTING':
      return 'packets as they arrive, before the routing decision';
    case 'POSTROUTING':
      return 'packets as they leave, after the routing decision';
    default:
      return 'packets sent here by a jump';
  }
}

export function chainLabel(chain: ChainState): string {
  return chain.builtin ? chain.name : `user chain ${chain.name}`;
}
