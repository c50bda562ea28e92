/**
 * The `iptables -S` / iptables-save normal form of a parsed rule: what the kernel hands back after
 * iptables normalised it. `-p tcp --dport 22` → `-p tcp -m tcp --dport 22`, hosts get /32,
 * `--sport 1024:` → `1024:65535`, REJECT gains its default `--reject-with`, and so on.
 * Values the script cannot know are printed as written.
 */
import { parseNetwork } from './addresses';
import { canonicalProtocol, lookupMatch, lookupOption, lookupTarget, TCP_OPTION_NUMBERS } from './grammar';
import type { ArgKind, ArgSpec, ModuleSpec } from './grammar/types';
import type { Family, IptCommand, Located, MatchModule, Negatable, OptionValue, Rule, Target } from './rule';
import { checkValue, formatRate, hex, parseMark, portContext, ratePeriod, saveString } from './values';
import { ctprotoNumber, EXTENSION_MATCH_PRINTERS, EXTENSION_TARGET_PRINTERS } from './extensionPrinters';

const RANGE0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The rule as `iptables -S` prints it; a comma list in -s/-d becomes several lines, as iptables makes several rules. */
export function toSaveForm(rule: Rule, options?: SaveOptions): string {
  return toSaveLines(rule, options).join('\n');
}

export interface SaveOptions {
  /** The rule came from `-I`: iptables inserts the rules of a -s/-d list one by one at the top, so they end up reversed. */
  insert?: boolean;
}

export function toSaveLines(rule: Rule, options?: SaveOptions): string[] {
  const sources = addressChoices('-s', rule.source, rule.family);
  const destinations = addressChoices('-d', rule.destination, rule.family);
  const rest = restOfRule(rule);
  const lines: string[] = [];
  for (const s of sources) for (const d of destinations) lines.push(`-A ${rule.chain}${s}${d}${rest}`);
  return options?.insert ? lines.reverse() : lines;
}

/** The save-form line of any command: rules as `-A`, policies as `-P`, new chains as `-N`. */
export function commandToSaveForm(command: IptCommand): string | undefined {
  switch (command.op) {
    case 'append':
    case 'insert':
    case 'replace':
      return command.rule ? toSaveForm(command.rule, { insert: command.op === 'insert' }) : undefined;
    case 'policy':
      return command.chain && command.policy ? `-P ${command.chain.value} ${command.policy.value}` : undefined;
    case 'new-chain':
      return command.chain ? `-N ${command.chain.value}` : undefined;
    default:
      return undefined;
  }
}

function neg(n: { negated: boolean }): string {
  return n.negated ? ' !' : '';
}

/** ` -s 192.0.2.0/24` per address of a comma list; `/0` prints nothing (it matches everything). */
function addressChoices(flag: string, value: Negatable<string> | undefined, family: Family): string[] {
  if (!value) return [''];
  if (!value.known) return [`${neg(value)} ${flag} ${value.value}`];
  return value.value.split(',').map((part) => {
    const r = parseNetwork(part, family);
    if (r.kind === 'network') return r.prefix === 0 && !value.negated ? '' : `${neg(value)} ${flag} ${r.canonical}`;
    return `${neg(value)} ${flag} ${part}`;
  });
}

function restOfRule(rule: Rule): string {
  let out = '';
  if (rule.inInterface) out += `${neg(rule.inInterface)} -i ${rule.inInterface.value}`;
  if (rule.outInterface) out += `${neg(rule.outInterface)} -o ${rule.outInterface.value}`;
  if (rule.protocol) {
    const p = rule.protocol.known ? canonicalProtocol(rule.protocol.value) ?? rule.protocol.value : rule.protocol.value;
    if (p !== 'all' || rule.protocol.negated) out += `${neg(rule.protocol)} -p ${p}`;
  }
  if (rule.fragment) out += `${neg(rule.fragment)} -f`;
  const protocol = rule.protocol?.known ? canonicalProtocol(rule.protocol.value) : undefined;
  for (const m of mergeNativeMatches(rule.matches)) out += printMatch(m, rule.family, protocol);
  if (rule.target) out += printTarget(rule.target, rule.family, protocol);
  return out;
}

/**
 * iptables-nft turns tcp and udp matches into native expressions and reads them back as one match:
 * `-p udp --dport 53 -m udp --sport 53` lists as `-m udp --sport 53 --dport 53`, at the place of
 * the first, a later value of the same option winning. A copy without options stays as written.
 */
function mergeNativeMatches(matches: MatchModule[]): MatchModule[] {
  let merged: MatchModule[] | undefined;
  for (const name of ['tcp', 'udp']) {
    // Only copies with options become native expressions; a bare `-m tcp` stays a match of its own.
    const copies = matches.filter((m) => m.name === name && m.options.length > 0);
    if (copies.length < 2) continue;
    const options = new Map<string, OptionValue>();
    for (const m of copies) for (const o of m.options) options.set(o.name, o);
    const one: MatchModule = { ...copies[0], options: [...options.values()] };
    merged = (merged ?? matches).filter((m) => m.name !== name || m === copies[0]).map((m) => (m === copies[0] ? one : m));
  }
  return merged ?? matches;
}

/** One option as `--name value…`, values normalised by their kind. */
function printOption(module: ModuleSpec | undefined, o: OptionValue, family: Family, protocol: string | undefined): string {
  const spec = module ? lookupOption(module, o.name) : undefined;
  let out = `${neg(o)} ${spec?.name ?? o.name}`;
  o.values.forEach((v, i) => {
    out += ` ${printValue(module, spec?.args[i], v, family, protocol)}`;
  });
  return out;
}

function printValue(
  module: ModuleSpec | undefined,
  spec: ArgSpec | ArgKind | undefined,
  v: Located<string>,
  family: Family,
  protocol: string | undefined,
): string {
  const arg: ArgSpec | undefined = typeof spec === 'string' ? { kind: spec } : spec;
  if (!v.known || !arg) return v.value;
  if (arg.kind === 'string' || arg.kind === 'nonempty') return v.value;
  if (arg.kind === 'enumlist' || (arg.kind === 'enum' && !arg.caseless)) return v.value;
  const r = checkValue(arg, v.value, portContext(module?.name ?? '', protocol, family));
  return r.ok ? r.canonical : v.value;
}

function optionsByName(m: { options: OptionValue[] }): Map<string, OptionValue> {
  return new Map(m.options.map((o) => [o.name, o]));
}

function printMatch(m: MatchModule, family: Family, protocol: string | undefined): string {
  const spec = lookupMatch(m.name);
  const head = ` -m ${m.name}`;
  if (!spec) return head + m.options.map((o) => printOption(undefined, o, family, protocol)).join('');
  const special = MATCH_PRINTERS[spec.name];
  if (special) return head + special(m, spec, family, protocol);
  const extension = EXTENSION_MATCH_PRINTERS[spec.name];
  if (extension) return head + extension(optionsByName(m));
  return head + inSpecOrder(m.options, spec, family, protocol);
}

function inSpecOrder(options: OptionValue[], spec: ModuleSpec, family: Family, protocol: string | undefined): string {
  let out = '';
  const given = optionsByName({ options });
  for (const o of spec.options) {
    const v = given.get(o.name);
    if (v) out += printOption(spec, v, family, protocol);
  }
  // Options the grammar does not list (symbolic module names) keep their written order.
  for (const v of options) if (!lookupOption(spec, v.name)) out += printOption(undefined, v, family, protocol);
  return out;
}

/**
 * --sport/--dport. iptables-nft stores `! --dport 0:1023` as the complement, so -S prints
 * `--dport 1024:65535`; ranges that do not start at 0 keep their `!`.
 */
function printPorts(given: Map<string, OptionValue>, spec: ModuleSpec, family: Family, protocol: string | undefined): string {
  let out = '';
  for (const name of ['--sport', '--dport']) {
    const o = given.get(name);
    if (!o) continue;
    const v = o.values[0];
    const printed = v ? printValue(spec, 'portrange', v, family, protocol) : '';
    const colon = printed.indexOf(':');
    if (o.negated && v?.known && colon > 0 && printed.startsWith('0:') && printed !== '0:65535') {
      out += ` ${name} ${Number(printed.slice(colon + 1)) + 1}:65535`;
    } else {
      out += printOption(spec, o, family, protocol);
    }
  }
  return out;
}

type Printer = (m: { options: OptionValue[] }, spec: ModuleSpec, family: Family, protocol: string | undefined) => string;

const MATCH_PRINTERS: Readonly<Record<string, Printer>> = {
  udp: (m, spec, family, protocol) => printPorts(optionsByName(m), spec, family, protocol),
  tcp(m, spec, family, protocol) {
    const given = optionsByName(m);
    let out = printPorts(given, spec, family, protocol);
    const syn = given.get('--syn');
    const flags = given.get('--tcp-flags');
    if (syn) out += `${neg(syn)} --tcp-flags FIN,SYN,RST,ACK SYN`;
    else if (flags) out += printOption(spec, flags, family, protocol);
    const option = given.get('--tcp-option');
    if (option) out += printOption(spec, option, family, protocol);
    return out;
  },
  limit(m) {
    const given = optionsByName(m);
    const limit = given.get('--limit')?.values[0];
    const period = limit?.known ? ratePeriod(limit.value) : ratePeriod('3/hour');
    let out = limit && !limit.known ? ` --limit ${limit.value}` : ` --limit ${period ? formatRate(period) : limit?.value}`;
    const burst = given.get('--limit-burst')?.values[0];
    // iptables-nft lists a burst of 0 as none at all, like the default 5.
    if (burst && (!burst.known || (Number(burst.value) !== 5 && Number(burst.value) !== 0))) out += ` --limit-burst ${burst.value}`;
    return out;
  },
  recent(m, spec, family, protocol) {
    const given = optionsByName(m);
    let out = '';
    for (const name of ['--set', '--rcheck', '--update', '--remove', '--seconds', '--reap', '--hitcount', '--rttl']) {
      const o = given.get(name);
      if (o) out += printOption(spec, o, family, protocol);
    }
    const name = given.get('--name')?.values[0];
    out += ` --name ${name ? saveString(name.value) : 'DEFAULT'}`;
    const mask = given.get('--mask')?.values[0];
    out += ` --mask ${mask ? printMask(mask, family) : family === 'ipv4' ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'}`;
    out += given.has('--rdest') ? ' --rdest' : ' --rsource';
    return out;
  },
  connlimit(m, spec, family, protocol) {
    const given = optionsByName(m);
    let out = '';
    for (const name of ['--connlimit-upto', '--connlimit-above']) {
      const o = given.get(name);
      if (o) out += printOption(spec, o, family, protocol);
    }
    const mask = given.get('--connlimit-mask')?.values[0];
    out += ` --connlimit-mask ${mask ? mask.value : family === 'ipv4' ? '32' : '128'}`;
    out += given.has('--connlimit-daddr') ? ' --connlimit-daddr' : ' --connlimit-saddr';
    return out;
  },
  hashlimit(m, spec, family, protocol) {
    const given = optionsByName(m);
    let out = '';
    for (const name of ['--hashlimit-upto', '--hashlimit-above']) {
      const o = given.get(name);
      if (o) out += printOption(spec, o, family, protocol);
    }
    const burst = given.get('--hashlimit-burst')?.values[0];
    // A byte rate (`1mb/s`) prints no default burst.
    const rateText = (given.get('--hashlimit-upto') ?? given.get('--hashlimit-above'))?.values[0]?.value ?? '';
    if (burst || !/b\//i.test(rateText)) out += ` --hashlimit-burst ${burst ? burst.value : '5'}`;
    for (const o of spec.options) {
      if (o.name === '--hashlimit-upto' || o.name === '--hashlimit-above' || o.name === '--hashlimit-burst') continue;
      const v = given.get(o.name);
      if (v) out += printOption(spec, v, family, protocol);
    }
    return out;
  },
  conntrack(m, spec, family, protocol) {
    // --ctproto prints the protocol number; the rest as usual.
    return inSpecOrder(m.options, spec, family, protocol).replace(/ --ctproto (\S+)/, (_, p: string) => ` --ctproto ${ctprotoNumber({ value: p, known: !p.startsWith('$'), range: RANGE0 })}`);
  },
  comment(m) {
    const c = optionsByName(m).get('--comment')?.values[0];
    return c ? ` --comment ${c.known ? saveString(c.value) : c.value}` : '';
  },
};

function printMask(mask: Located<string>, family: Family): string {
  if (!mask.known) return mask.value;
  const r = parseNetwork(mask.value, family);
  return r.kind === 'network' ? r.canonical.slice(0, r.canonical.indexOf('/')) : mask.value;
}

const DEFAULT_REJECT: Readonly<Record<Family, string>> = { ipv4: 'icmp-port-unreachable', ipv6: 'icmp6-port-unreachable' };

function printTarget(t: Target, family: Family, protocol: string | undefined): string {
  const head = ` ${t.kind === 'goto' ? '-g' : '-j'} ${t.name}`;
  const spec = lookupTarget(t.name);
  if (!spec) return head + t.options.map((o) => printOption(undefined, o, family, protocol)).join('');
  const given = optionsByName(t);
  switch (spec.name) {
    case 'REJECT': {
      const w = given.get('--reject-with');
      return `${head} --reject-with ${w ? printValue(spec, 'rejecttype', w.values[0], family, protocol) : DEFAULT_REJECT[family]}`;
    }
    case 'LOG': {
      let out = head;
      const prefix = given.get('--log-prefix')?.values[0];
      // The kernel keeps 29 characters of the prefix.
      if (prefix) out += ` --log-prefix ${prefix.known ? saveString(prefix.value.slice(0, 29)) : prefix.value}`;
      const level = given.get('--log-level')?.values[0];
      if (level) {
        const printed = printValue(spec, 'loglevel', level, family, protocol);
        if (printed !== '4') out += ` --log-level ${printed}`;
      }
      for (const name of ['--log-tcp-sequence', '--log-tcp-options', '--log-ip-options', '--log-uid', '--log-macdecode']) {
        if (given.has(name)) out += ` ${name}`;
      }
      return out;
    }
    case 'MARK':
      return head + printXmark(given);
    case 'TCPOPTSTRIP': {
      // Printed as the option numbers, lowest first.
      const v = given.get('--strip-options')?.values[0];
      if (!v) return head;
      if (!v.known) return `${head} --strip-options ${v.value}`;
      const numbers = v.value.split(',').map((o) => TCP_OPTION_NUMBERS[o] ?? Number(o));
      return `${head} --strip-options ${[...new Set(numbers)].sort((a, b) => a - b).join(',')}`;
    }
    case 'TPROXY': {
      // iptables prints every field: the address (any when not given) and the mark (0x0/0x0).
      const port = given.get('--on-port')?.values[0];
      const ip = given.get('--on-ip')?.values[0];
      const mark = given.get('--tproxy-mark');
      let out = head;
      if (port) out += ` --on-port ${printValue(spec, 'port', port, family, protocol)}`;
      out += ` --on-ip ${ip ? printValue(spec, 'address', ip, family, protocol) : family === 'ipv4' ? '0.0.0.0' : '::'}`;
      return out + (mark ? printOption(spec, mark, family, protocol) : ' --tproxy-mark 0x0/0x0');
    }
    case 'NFLOG': {
      let out = head;
      const group = given.get('--nflog-group')?.values[0];
      if (group) out += ` --nflog-group ${group.value}`;
      const prefix = given.get('--nflog-prefix')?.values[0];
      if (prefix) out += ` --nflog-prefix ${prefix.known ? saveString(prefix.value) : prefix.value}`;
      for (const name of ['--nflog-range', '--nflog-size', '--nflog-threshold']) {
        const v = given.get(name)?.values[0];
        if (v) out += ` ${name} ${v.value}`;
      }
      return out;
    }
    case 'CONNMARK': {
      const save = given.has('--save-mark');
      const restore = given.has('--restore-mark');
      if (save || restore) {
        const mask = given.get('--mask')?.values[0];
        const nf = given.get('--nfmask')?.values[0] ?? mask;
        const ct = given.get('--ctmask')?.values[0] ?? mask;
        const m = (v: Located<string> | undefined) => (v ? (v.known ? hex(parseMark(v.value)?.value ?? 0) : v.value) : '0xffffffff');
        return `${head} ${save ? '--save-mark' : '--restore-mark'} --nfmask ${m(nf)} --ctmask ${m(ct)}`;
      }
      return head + printXmark(given);
    }
    default: {
      const extension = EXTENSION_TARGET_PRINTERS[spec.name];
      return head + (extension ? extension(given, family) : inSpecOrder(t.options, spec, family, protocol));
    }
  }
}

/** MARK/CONNMARK: every way of setting the mark is printed as `--set-xmark value/mask`. */
function printXmark(given: Map<string, OptionValue>): string {
  for (const [name, o] of given) {
    const v = o.values[0];
    if (!v) continue;
    if (!v.known) return ` ${name} ${v.value}`;
    const m = parseMark(v.value);
    if (!m) return ` ${name} ${v.value}`;
    switch (name) {
      case '--set-xmark':
        return ` --set-xmark ${hex(m.value)}/${hex(m.mask)}`;
      case '--set-mark':
        return ` --set-xmark ${hex(m.value)}/${hex((m.mask | m.value) >>> 0)}`;
      // The bit operations are set-xmark forms: AND clears the other bits, OR sets and XOR flips these.
      case '--and-mark':
        return ` --set-xmark 0x0/${hex(~m.value >>> 0)}`;
      case '--or-mark':
        return ` --set-xmark ${hex(m.value)}/${hex(m.value)}`;
      case '--xor-mark':
        return ` --set-xmark ${hex(m.value)}/0x0`;
    }
  }
  return '';
}

/** The printed form of a single value of a kind (for the parser's own tests and hover). */
export function canonicalValue(kind: string, value: string, family: Family, protocol?: string): string {
  const r = checkValue({ kind } as Parameters<typeof checkValue>[0], value, { family, protocol });
  return r.ok ? r.canonical : value;
}

