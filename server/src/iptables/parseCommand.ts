/**
 * iptables arguments → IptCommand, the way iptables 1.8 (xshared.c do_parse + getopt_long) reads
 * them: options in order, `!` before the option it negates, long options by unambiguous prefix,
 * `--opt=value`, extension options resolved against the matches and target loaded so far (the
 * newest first), the protocol's match loaded on demand. Everything iptables would refuse becomes a
 * Problem under an IPT1xx code; values the script cannot know stay symbolic and are never judged.
 */
import type { Fix } from '../core/finding';
import { spanRanges, type Range } from '../core/range';
import type { Problem } from '../engine/problem';
import type { ArgWord, Invocation } from '../eval/invocation';
import { addressTraitsOf, decimalReadingOfIPv4, parseNetwork, plainIPv4Prefix } from './addresses';
import { IPT } from './codes';
import {
  BUILTIN_CHAIN_NAMES,
  COMMANDS,
  CORE_OPTIONS,
  INPUT_CHAINS,
  MATCHES,
  HMARK_TUPLE_FIELDS,
  IPV6_HEADERS,
  TCP_OPTION_NUMBERS,
  OUTPUT_CHAINS,
  POLICIES,
  canonicalProtocol,
  implicitModuleFor,
  isBuiltinChain,
  isCoreOptionPrefix,
  optionPrefixes,
  lookupMatch,
  lookupTable,
  lookupTarget,
  optionSpellings,
  type CommandSpec,
  type ModuleSpec,
  type OptionSpec,
  type TargetSpec,
} from './grammar';
import { SHORT_OPTIONS } from './grammar/core';
import { exactOptions, NO_OPTION_VALUES, newCommand, newMatch, newOption, newRule } from './shapes';
import { closestName } from './suggest';
import type { CommandOp, Family, IptCommand, Located, MatchModule, Negatable, OptionValue, TableName, Target } from './rule';
import { checkInterface, isReversedRange, mhTypeRange, octalPortReading, parseUnsigned, portContext, resolveRejectType, valueError, wrappedPortWarning } from './values';

export interface ParseResult {
  /** The command, when iptables would accept it (warnings aside). */
  command?: IptCommand;
  problems: Problem[];
  /**
   * When iptables would refuse the command: what was read of it before the first error, for editor
   * features (hover, completion) on a line being typed. Never applied to the ruleset.
   */
  partial?: IptCommand;
}

export function parseInvocation(inv: Invocation): ParseResult {
  const family: Family = inv.program === 'ip6tables' || inv.program === 'ip6tables-restore' ? 'ipv6' : 'ipv4';
  return parseArgs(inv.args, family, inv.range);
}

/** Options of extension modules plus how they are exclusive or required, beyond the grammar data. */
const EXCLUSIVE: Readonly<Record<string, readonly (readonly string[])[]>> = {
  tcp: [['--syn', '--tcp-flags']],
  multiport: [['--sports', '--dports', '--ports']],
  recent: [['--set', '--rcheck', '--update', '--remove']],
  connlimit: [['--connlimit-upto', '--connlimit-above'], ['--connlimit-saddr', '--connlimit-daddr']],
  hashlimit: [['--hashlimit-upto', '--hashlimit-above']],
  statistic: [['--probability', '--every']],
  dscp: [['--dscp', '--dscp-class']],
  string: [['--string', '--hex-string']],
  CONNMARK: [['--set-xmark', '--set-mark', '--save-mark', '--restore-mark', '--and-mark', '--or-mark', '--xor-mark']],
  addrtype: [['--limit-iface-in', '--limit-iface-out']],
  ttl: [['--ttl-eq', '--ttl-gt', '--ttl-lt']],
  hl: [['--hl-eq', '--hl-gt', '--hl-lt']],
  MARK: [['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark']],
  DSCP: [['--set-dscp', '--set-dscp-class']],
  TTL: [['--ttl-set', '--ttl-dec', '--ttl-inc']],
  HL: [['--hl-set', '--hl-dec', '--hl-inc']],
  NFQUEUE: [['--queue-num', '--queue-balance']],
};

/** Modules that refuse to load without one of these options (their final check). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  multiport: ['--sports', '--dports', '--ports'],
  icmp: ['--icmp-type'],
  string: ['--algo'],
  icmp6: ['--icmpv6-type'],
  state: ['--state'],
  mark: ['--mark'],
  connmark: ['--mark'],
  mac: ['--mac-source'],
  comment: ['--comment'],
  iprange: ['--src-range', '--dst-range'],
  connlimit: ['--connlimit-upto', '--connlimit-above'],
  owner: ['--uid-owner', '--gid-owner', '--socket-exists'],
  tos: ['--tos'],
  ttl: ['--ttl-eq', '--ttl-lt', '--ttl-gt'],
  hl: ['--hl-eq', '--hl-lt', '--hl-gt'],
  length: ['--length'],
  pkttype: ['--pkt-type'],
  addrtype: ['--src-type', '--dst-type'],
  dscp: ['--dscp', '--dscp-class'],
  helper: ['--helper'],
  realm: ['--realm'],
  quota: ['--quota'],
  u32: ['--u32'],
  set: ['--match-set'],
  cpu: ['--cpu'],
  devgroup: ['--src-group', '--dst-group'],
  cluster: ['--cluster-local-node', '--cluster-local-nodemask'],
  SET: ['--add-set', '--del-set', '--map-set'],
  hashlimit: ['--hashlimit-upto', '--hashlimit-above'],
  MARK: ['--set-xmark', '--set-mark', '--and-mark', '--or-mark', '--xor-mark'],
  CONNMARK: ['--set-xmark', '--set-mark', '--save-mark', '--restore-mark', '--and-mark', '--or-mark', '--xor-mark'],
  TCPMSS: ['--set-mss', '--clamp-mss-to-pmtu'],
  DNAT: ['--to-destination'],
  SNAT: ['--to-source'],
  TOS: ['--set-tos', '--and-tos', '--or-tos', '--xor-tos'],
  DSCP: ['--set-dscp', '--set-dscp-class'],
  TTL: ['--ttl-set', '--ttl-dec', '--ttl-inc'],
  HL: ['--hl-set', '--hl-dec', '--hl-inc'],
  CLASSIFY: ['--set-class'],
  TPROXY: ['--on-port'],
  TEE: ['--gateway'],
  AUDIT: ['--type'],
  // iptables: "you have to specify --hmark-tuple at least"; a prefix length or a mask names the fields too.
  HMARK: ['--hmark-tuple', '--hmark-src-prefix', '--hmark-dst-prefix', '--hmark-sport-mask', '--hmark-dport-mask', '--hmark-spi-mask', '--hmark-proto-mask'],
  NETMAP: ['--to'],
};

/** Modules that need at least one of their options, whichever (iptables: "At least one option is required"). */
const ANY_OPTION_REQUIRED: ReadonlySet<string> = new Set(['conntrack', 'physdev', 'ecn']);

/** Targets and matches that need every one of these options (each missing one is reported). */
const ALL_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  connbytes: ['--connbytes', '--connbytes-dir', '--connbytes-mode'],
  hashlimit: ['--hashlimit-name'],
  IDLETIMER: ['--timeout', '--label'],
  SNPT: ['--src-pfx', '--dst-pfx'],
  DNPT: ['--src-pfx', '--dst-pfx'],
  HMARK: ['--hmark-mod', '--hmark-rnd'],
};

const NO_GROUPS: readonly (readonly string[])[] = [];
const EXCLUSIVE_GROUPS = new Map(Object.entries(EXCLUSIVE));
const REQUIRED_OPTIONS = new Map(Object.entries(REQUIRED));

/** Targets whose options depend on the protocol (checkTargetProtocol). */
const PROTOCOL_TARGETS: ReadonlySet<string> = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'TCPMSS', 'SYNPROXY', 'TPROXY']);

/** DSCP class names (`--set-dscp-class`, `-m dscp --dscp-class`), compared without case. */
const DSCP_CLASSES: ReadonlySet<string> = new Set(['BE', 'EF', ...[0, 1, 2, 3, 4, 5, 6, 7].map((n) => `CS${n}`), ...[1, 2, 3, 4].flatMap((x) => [1, 2, 3].map((y) => `AF${x}${y}`))]);

/** `"--to-source"` or `one of --set-dscp, --set-dscp-class`: what a module or target cannot load without. */
function requiredText(required: readonly string[]): string {
  return required.length === 1 ? `option "${required[0]}"` : `one of ${required.join(', ')}`;
}

/** Every spelling ip6tables' ipv6header match reads as a header. */
const IPV6_HEADER_SPELLINGS: ReadonlySet<string> = new Set(IPV6_HEADERS.flatMap(([, spellings]) => spellings));

/** Targets whose values checkTargetValues reads. */
const TARGETS_WITH_VALUE_CHECKS: ReadonlySet<string> = new Set(['DSCP', 'CLASSIFY', 'NFQUEUE', 'CT', 'TCPOPTSTRIP', 'HMARK']);

/** What CT --ctevents and --expevents accept. */
const CT_EVENTS: readonly string[] = ['new', 'related', 'destroy', 'reply', 'assured', 'protoinfo', 'helper', 'mark', 'natseqinfo', 'secmark'];
const EXP_EVENTS: readonly string[] = ['new'];

/** `YYYY[-MM[-DD[Thh[:mm[:ss]]]]]` as the time match reads it: years 1970 to 2038, hours below 24. */
function isDate(text: string): boolean {
  const m = /^([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2})(?:T([0-9]{1,2})(?::([0-9]{1,2})(?::([0-9]{1,2}))?)?)?)?)?$/.exec(text);
  if (!m) return false;
  const [, year, month, day, hour, minute, second] = m.map((x) => (x === undefined ? undefined : Number(x)));
  return year! >= 1970 && year! <= 2038 && (month === undefined || (month >= 1 && month <= 12)) && (day === undefined || (day >= 1 && day <= 31)) && (hour === undefined || hour <= 23) && (minute === undefined || minute <= 59) && (second === undefined || second <= 59);
}

/** Why iptables refuses a --hex-string (`|41 42|`, text outside bars is taken as is), or undefined. */
function badHexString(text: string): string | undefined {
  const parts = text.split('|');
  // A block opened and never closed is refused unless the bar ends the text.
  const open = parts.length % 2 === 0;
  for (let i = 1; i < parts.length; i += 2) {
    if (open && i === parts.length - 1) return parts[i] === '' ? undefined : 'Invalid hex block: a | opens a run of hex bytes that no | closes';
    const digits = parts[i].replace(/ /g, '');
    const bad = /[^0-9a-fA-F]/.exec(digits);
    if (bad) return `Invalid hex char '${bad[0]}'`;
    if (digits.length % 2 !== 0) return 'Invalid hex block: an odd number of hex digits (each byte takes two)';
  }
  return undefined;
}

/** What iptables compares of a weekday name: its first two letters, case-sensitive. */
const WEEKDAY_PREFIXES: ReadonlySet<string> = new Set(['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su']);

/** Matches whose option combinations checkMatchSemantics looks at. */
const SEMANTIC_CHECKS: ReadonlySet<string> = new Set(['recent', 'physdev', 'ecn', 'string', 'statistic', 'time', 'addrtype', 'hashlimit', 'connbytes', 'policy', 'ipv6header', 'owner', 'devgroup', 'rt', 'mh']);

/**
 * What the parser needs of one match or target beyond its grammar entry, gathered once per spec:
 * a loaded module carries it, so an option or a rule's final checks read fields instead of looking
 * the module's name up in several tables every time.
 */
interface ModuleRules {
  /** Option spelling (canonical or alias) → spec. */
  spellings: ReadonlyMap<string, OptionSpec>;
  /** Every prefix of those spellings that getopt_long could take as an abbreviation. */
  prefixes: ReadonlySet<string>;
  exclusive: readonly (readonly string[])[];
  /** One of these options must be given (undefined: none is required). */
  required: readonly string[] | undefined;
  /** Every one of these options must be given (undefined: no such list). */
  requiredAll: readonly string[] | undefined;
  /** checkMatchSemantics (a match) or checkTargetValues (a target) has something to say about it. */
  semantic: boolean;
  /** checkTargetProtocol has something to say about it. */
  protocolTarget: boolean;
}

const NO_MODULE_RULES: ModuleRules = { spellings: new Map(), prefixes: new Set(), exclusive: NO_GROUPS, required: undefined, requiredAll: undefined, semantic: false, protocolTarget: false };
const rulesBySpec = new Map<ModuleSpec, ModuleRules>();

function rulesOf(spec: ModuleSpec | undefined): ModuleRules {
  if (spec === undefined) return NO_MODULE_RULES;
  let rules = rulesBySpec.get(spec);
  if (rules === undefined) {
    // Some modules refuse to load with none of their options at all (`-m conntrack` alone).
    const required = ANY_OPTION_REQUIRED.has(spec.name) ? spec.options.map((o) => o.name) : REQUIRED_OPTIONS.get(spec.name);
    rules = {
      spellings: optionSpellings(spec),
      prefixes: optionPrefixes(spec),
      exclusive: EXCLUSIVE_GROUPS.get(spec.name) ?? NO_GROUPS,
      required: required !== undefined && required.length > 0 ? required : undefined,
      requiredAll: ALL_REQUIRED[spec.name],
      semantic: SEMANTIC_CHECKS.has(spec.name) || TARGETS_WITH_VALUE_CHECKS.has(spec.name),
      protocolTarget: PROTOCOL_TARGETS.has(spec.name),
    };
    rulesBySpec.set(spec, rules);
  }
  return rules;
}

/** Commands that carry a rule: -A, -I, -D, -R, -C (the grammar's own strings: compared by identity). */
function isRuleOp(op: CommandOp): boolean {
  return op === 'append' || op === 'insert' || op === 'delete' || op === 'replace' || op === 'check';
}

/**
 * A loaded match or target while parsing: its spec, the output object and the options seen so far.
 * The parser reuses these records (and their option lists) from command to command; the output
 * object receives a copy of the options sized to fit when the command is built.
 */
interface Loaded {
  spec: ModuleSpec | undefined;
  rules: ModuleRules;
  options: OptionValue[];
  /** A match: its name, whether `-p` loaded it, and its range (the match object is made by build). */
  name: string;
  implicit: boolean;
  range: Range | undefined;
  target: Target | undefined;
}

/**
 * Shared by every rule without matches, target without options, option without arguments: most
 * rules have some of these, and a fresh empty array each would be most of their size. Frozen, so
 * code that tried to add to one would fail loudly rather than change every rule.
 */
const NO_MATCHES: MatchModule[] = Object.freeze([]) as unknown as MatchModule[];
const NO_VALUES: Located<string>[] = Object.freeze([]) as unknown as Located<string>[];
/** The problems of a command iptables takes without a word: most of them. */
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

// What each of iptables' own options does, as a number coreOption switches on.
const COMMAND = 0;
const ADDRESS = 1;
const INTERFACE = 2;
const PROTOCOL = 3;
const FRAGMENT = 4;
const TARGET = 5;
const MATCH = 6;
const TABLE = 7;
const COUNTERS = 8;
const WAIT = 9;
const LIST_ONLY = 10;
const MODPROBE = 11;
const ONLY_IPV4 = 12;
const ONLY_IPV6 = 13;
const HELP = 14;
const NO_EFFECT = 15;

const KIND_OF_VAL: Readonly<Record<string, number>> = {
  '-s': ADDRESS, '-d': ADDRESS, '-i': INTERFACE, '-o': INTERFACE, '-p': PROTOCOL, '-f': FRAGMENT,
  '-j': TARGET, '-g': TARGET, '-m': MATCH, '-t': TABLE, '-c': COUNTERS, '-w': WAIT, '-W': WAIT,
  '-n': LIST_ONLY, '-x': LIST_ONLY, '--line-numbers': LIST_ONLY, '-M': MODPROBE, '-4': ONLY_IPV4, '-6': ONLY_IPV6,
  '-V': HELP, '-h': HELP, '-v': NO_EFFECT, '-b': NO_EFFECT,
};

/**
 * One of iptables' own options, resolved once for all its spellings (`-s`, `--source`, `--src`):
 * the parser looks a word up once and switches on a number, instead of comparing strings option
 * by option.
 */
interface CoreOption {
  /** The short form (getopt's val): spellings with the same val are one option. */
  val: string;
  kind: number;
  /** For -A, -I, -D…: the command. */
  command: CommandSpec | undefined;
  /** Whether the short form takes an argument (getopt's optstring); undefined when there is none. */
  shortArgs: 0 | 1 | 2 | undefined;
  /** `!` may stand before it. */
  negatable: boolean;
  /** iptables-nft 1.8.9 reads an attached value as the whole word (see wholeWordValue). */
  wholeWordValue: boolean;
}

const CORE_BY_VAL = new Map<string, CoreOption>();
for (const val of [...Object.keys(SHORT_OPTIONS), ...CORE_OPTIONS.map((o) => o.val)]) {
  if (CORE_BY_VAL.has(val)) continue;
  const command = COMMANDS.find((c) => c.short === val);
  CORE_BY_VAL.set(val, {
    val,
    kind: command ? COMMAND : KIND_OF_VAL[val],
    command,
    shortArgs: SHORT_OPTIONS[val],
    negatable: ['-s', '-d', '-i', '-o', '-p', '-f'].includes(val),
    wholeWordValue: ['-s', '-d', '-p', '-i', '-o', '-j'].includes(val),
  });
}

/** Whole words that are exactly one of iptables' long options: `--source`, `--jump`… */
const CORE_BY_LONG_WORD = new Map<string, CoreOption>();
for (const o of CORE_OPTIONS) CORE_BY_LONG_WORD.set(o.long, CORE_BY_VAL.get(o.val)!);

/** The short options by the character after the dash (`-A` → [65]): no string hashing for the commonest words. */
const CORE_BY_SHORT_CHAR: (CoreOption | undefined)[] = new Array<CoreOption | undefined>(128).fill(undefined);
for (const val of Object.keys(SHORT_OPTIONS)) CORE_BY_SHORT_CHAR[val.charCodeAt(1)] = CORE_BY_VAL.get(val);

/** The option a whole word is exactly (`-A`, `-p`, `--jump`), or undefined. */
function coreOptionOfWord(text: string): CoreOption | undefined {
  if (text.length === 2) {
    const c = text.charCodeAt(1);
    return c < 128 ? CORE_BY_SHORT_CHAR[c] : undefined;
  }
  return CORE_BY_LONG_WORD.get(text);
}

/**
 * One parser, reset for each command: parsing 100,000 commands then allocates only what the
 * result keeps (the command, its rule parts, the problems), not a fresh parser each time.
 */
class CommandParser {
  private problems: Problem[] | undefined;
  private args: ArgWord[] = [];
  private family: Family = 'ipv4';
  private whole!: Range;
  private restoreTable: TableName | undefined;
  private i = 0;
  /** iptables stopped here: later problems would be noise. */
  private stopped = false;
  /** An unknown word stood where an option belongs: absence-based checks cannot be sure. */
  private opaque = false;
  /** The previous word was one the script cannot know. */
  private afterUnknown = false;
  /** The line is for the other family (`-6` in iptables): iptables ignores it. */
  private skipped = false;
  /** `-w` was given; `-W` (its interval) only makes sense with it. */
  private waits = false;
  private waitInterval: Range | undefined = undefined;

  private command?: CommandSpec;
  private opRange?: Range;
  private chain?: Located<string>;
  private ruleNum?: Located<number>;
  private policy?: Located<string>;
  private newName?: Located<string>;
  private table: TableName = 'filter';
  private tableRange?: Range;
  private tableKnown = true;
  private protocol?: Negatable<string>;
  /** Canonical protocol name when known. */
  private protocolName?: string;
  private protoUsed = false;
  private source?: Negatable<string>;
  private destination?: Negatable<string>;
  private inInterface?: Negatable<string>;
  private outInterface?: Negatable<string>;
  private fragment?: Negatable<true>;
  /** Matches in load order; reused between commands (only their MatchModule objects escape). */
  private readonly loaded: Loaded[] = [];
  /** Loaded records reused from command to command: the first poolUsed are this command's. */
  private readonly pool: Loaded[] = [];
  private poolUsed = 0;
  private targetLoaded?: Loaded;
  private targetRange?: Range;
  private invert?: Range;
  /** First rule option seen (for "Illegal option with this command"), as name and range: no object per command. */
  private firstRuleOptionName: string | undefined;
  private firstRuleOptionRange: Range | undefined;
  /** First option that only -L takes. */
  private firstListOptionName: string | undefined;
  private firstListOptionRange: Range | undefined;
  private inFlag?: ArgWord;
  private outFlag?: ArgWord;
  private countersRange?: Range;
  private unknownArgs: Located<string>[] | undefined;
  /** What resolveLong found: one of iptables' own options, or an option of a loaded extension. */
  private foundCore: CoreOption | undefined;
  private foundLoaded: Loaded | undefined;
  private foundSpec: OptionSpec | undefined;
  private foundAmbiguous = false;

  reset(args: ArgWord[], family: Family, whole: Range, restoreTable: TableName | undefined): void {
    this.problems = undefined;
    this.args = args;
    this.family = family;
    this.whole = whole;
    this.restoreTable = restoreTable;
    this.i = 0;
    this.stopped = false;
    this.opaque = false;
    this.afterUnknown = false;
    this.skipped = false;
    this.waits = false;
    this.waitInterval = undefined;
    this.command = undefined;
    this.opRange = undefined;
    this.chain = undefined;
    this.ruleNum = undefined;
    this.policy = undefined;
    this.newName = undefined;
    this.table = restoreTable ?? 'filter';
    this.tableRange = undefined;
    this.tableKnown = true;
    this.protocol = undefined;
    this.protocolName = undefined;
    this.protoUsed = false;
    this.source = undefined;
    this.destination = undefined;
    this.inInterface = undefined;
    this.outInterface = undefined;
    this.fragment = undefined;
    emptyList(this.loaded);
    this.poolUsed = 0;
    emptyList(this.extensionOrder);
    this.targetLoaded = undefined;
    this.targetRange = undefined;
    this.invert = undefined;
    this.firstRuleOptionName = undefined;
    this.firstRuleOptionRange = undefined;
    this.firstListOptionName = undefined;
    this.firstListOptionRange = undefined;
    this.inFlag = undefined;
    this.outFlag = undefined;
    this.countersRange = undefined;
    this.unknownArgs = undefined;
  }

  private addProblem(problem: Problem): void {
    (this.problems ??= []).push(problem);
  }

  private report(code: string, range: Range, message: string, fixes?: Fix[]): void {
    this.addProblem(fixes ? { code, range, message, fixes } : { code, range, message });
  }

  /** A problem after which iptables exits: stop reading further arguments. */
  private fatal(code: string, range: Range, message: string, fixes?: Fix[]): void {
    this.report(code, range, message, fixes);
    this.stopped = true;
  }

  run(): ParseResult {
    while (this.i < this.args.length && !this.stopped && !this.skipped) this.step();
    if (this.skipped) return { problems: [] };
    if (!this.stopped) this.finalChecks();
    // iptables refuses the whole command on any of these problems: it changes nothing.
    const problems = this.problems ?? NO_PROBLEMS;
    if (onlyWarnings(problems)) return { command: this.build(), problems, partial: undefined };
    return { command: undefined, problems, partial: this.build() };
  }

  private step(): void {
    const word = this.args[this.i++];
    if (!word.known) {
      this.takeInvert();
      this.opaque = true;
      this.afterUnknown = true;
      // An ArgWord is a Located<string> already: keep it rather than a copy.
      (this.unknownArgs ??= []).push(word);
      return;
    }
    const text = word.value;
    // After `$CMD` or `$OPTS` a plain word may be that option's argument (`$CMD INPUT`): keep it, judge nothing.
    if (this.afterUnknown && text !== '!' && !(text.length >= 2 && text.charCodeAt(0) === 45)) {
      this.unknownArgs!.push(word);
      return;
    }
    this.afterUnknown = false;
    if (text.length >= 2 && text.charCodeAt(0) === 45 /* - */) {
      // Most words are exactly one of iptables' own options (`-A`, `-p`, `--jump`): one lookup.
      const core = coreOptionOfWord(text);
      if (core !== undefined) {
        this.coreOption(core, word, text, undefined);
        return;
      }
      if (text.charCodeAt(1) === 45) {
        if (text.length === 2) {
          this.fatal(IPT.optionNotAllowed, word.range, '`--` ends the options; iptables then rejects every remaining word.');
          return;
        }
        this.longOption(word);
      } else {
        this.shortOptions(word);
      }
      return;
    }
    if (text === '!') {
      if (this.invert) {
        this.fatal(IPT.badNegation, word.range, 'multiple consecutive ! not allowed');
        return;
      }
      this.invert = word.range;
      return;
    }
    this.fatal(IPT.optionNotAllowed, word.range, `Bad argument \`${text}': iptables expects an option here.`);
  }

  private takeInvert(): Range | undefined {
    const r = this.invert;
    this.invert = undefined;
    return r;
  }

  // ---- Option resolution (getopt_long over the merged option table) ----

  private longOption(word: ArgWord): void {
    const eq = word.value.indexOf('=');
    const spelling = eq >= 0 ? word.value.slice(0, eq) : word.value;
    const inline = eq >= 0 ? word.value.slice(eq + 1) : undefined;
    // step() has looked the whole word up among iptables' own options already: only `--opt=value` needs it again.
    let found = this.resolveLong(spelling, eq >= 0);
    if (!found && this.loadProtocolMatch()) found = this.resolveLong(spelling, false);
    if (!found) {
      this.unknownOption(word, spelling, this.foundAmbiguous);
      return;
    }
    if (this.foundCore !== undefined) this.coreOption(this.foundCore, word, spelling, inline);
    else this.extensionOption(this.foundLoaded!, this.foundSpec!, word, spelling, inline);
  }

  /**
   * Resolve a long option into the found* fields (no object per option): true when it names one
   * of iptables' own options (foundCore) or an option of a loaded extension (foundLoaded, foundSpec).
   */
  private resolveLong(spelling: string, checkCore: boolean): boolean {
    this.foundCore = undefined;
    this.foundLoaded = undefined;
    this.foundSpec = undefined;
    this.foundAmbiguous = false;
    const core = checkCore ? CORE_BY_LONG_WORD.get(spelling) : undefined;
    if (core) {
      this.foundCore = core;
      return true;
    }
    for (let k = this.extensionOrder.length - 1; k >= 0; k--) {
      const loaded = this.extensionOrder[k];
      if (!loaded.spec) continue;
      const spec = loaded.rules.spellings.get(spelling);
      if (spec) {
        this.foundLoaded = loaded;
        this.foundSpec = spec;
        return true;
      }
    }
    return this.couldAbbreviate(spelling) && this.resolveAbbreviation(spelling);
  }

  /** Unambiguous prefix, as getopt_long allows: several spellings of one option are not ambiguous. */
  private resolveAbbreviation(spelling: string): boolean {
    let found = false;
    let ambiguous = false;
    const consider = (core: CoreOption | undefined, loaded: Loaded | undefined, spec: OptionSpec | undefined) => {
      if (!found) {
        found = true;
        this.foundCore = core;
        this.foundLoaded = loaded;
        this.foundSpec = spec;
      } else if (this.foundCore !== core || this.foundLoaded !== loaded || this.foundSpec !== spec) {
        ambiguous = true;
      }
    };
    for (const o of CORE_OPTIONS) if (o.long.startsWith(spelling)) consider(CORE_BY_VAL.get(o.val), undefined, undefined);
    // A match loaded twice (`-m multiport … -m multiport …`) has its options in getopt's table once:
    // iptables merges options only for the first copy and hands them to the newest one.
    const seen: ModuleSpec[] = [];
    for (let k = this.extensionOrder.length - 1; k >= 0; k--) {
      const loaded = this.extensionOrder[k];
      if (!loaded.spec || seen.includes(loaded.spec)) continue;
      seen.push(loaded.spec);
      for (const [name, spec] of optionSpellings(loaded.spec)) if (name.startsWith(spelling)) consider(undefined, loaded, spec);
    }
    if (found && !ambiguous) return true;
    this.foundCore = undefined;
    this.foundLoaded = undefined;
    this.foundSpec = undefined;
    this.foundAmbiguous = ambiguous;
    return false;
  }

  private couldAbbreviate(spelling: string): boolean {
    if (isCoreOptionPrefix(spelling)) return true;
    for (const l of this.extensionOrder) if (l.rules.prefixes.has(spelling)) return true;
    return false;
  }

  /** Matches and target in load order (getopt sees the newest first). */
  private readonly extensionOrder: Loaded[] = [];

  /** `-p tcp` then an option tcp knows: load the tcp match now (xshared.c load_proto). */
  private loadProtocolMatch(): boolean {
    if (this.protoUsed || !this.protocol) return false;
    let spec: ModuleSpec | undefined;
    if (this.protocolName) spec = implicitModuleFor(this.protocolName, this.family);
    else if (!this.protocol.known) spec = lookupMatch('tcp');
    if (!spec) return false;
    this.protoUsed = true;
    this.addMatch(spec, this.protocol.range, true);
    return true;
  }

  private addMatch(spec: ModuleSpec | undefined, range: Range, implicit: boolean, symbolicName?: string): Loaded {
    const loaded = this.nextLoaded(spec, undefined);
    loaded.name = spec?.name ?? symbolicName ?? '';
    loaded.implicit = implicit;
    loaded.range = range;
    this.loaded.push(loaded);
    this.extensionOrder.push(loaded);
    return loaded;
  }

  /** A Loaded record from the pool, emptied. */
  private nextLoaded(spec: ModuleSpec | undefined, target: Target | undefined): Loaded {
    if (this.poolUsed === this.pool.length) this.pool.push({ spec, rules: NO_MODULE_RULES, options: [], name: '', implicit: false, range: undefined, target });
    const loaded = this.pool[this.poolUsed++];
    loaded.spec = spec;
    loaded.rules = rulesOf(spec);
    emptyList(loaded.options);
    loaded.name = '';
    loaded.implicit = false;
    loaded.range = undefined;
    loaded.target = target;
    return loaded;
  }

  private unknownOption(word: ArgWord, spelling: string, ambiguous: boolean): void {
    // `-m $MOD` or `-j $TARGET`: the script cannot tell us the options, so we cannot judge them.
    if (this.extensionOrder.some((l) => !l.spec)) {
      this.opaqueOption(word);
      return;
    }
    const owner = this.moduleOwning(spelling);
    if (owner) {
      const how = owner.protocols
        ? `-p ${owner.protocols[0]}${owner.protocols.length > 1 ? ` (or ${owner.protocols.slice(1).join(', ')})` : ''}`
        : `-m ${owner.name}`;
      const loadHint = owner.protocols && owner.name !== owner.protocols[0] && owner.name !== 'icmp6' ? ` -m ${owner.name}` : '';
      this.fatal(
        IPT.optionNeedsModule,
        word.range,
        `unknown option "${spelling}": it belongs to the ${owner.name} match, which is not loaded here. Put \`${how}${loadHint}\` before it.`,
      );
      return;
    }
    const candidates = this.candidateSpellings();
    const suggestion = closestName(spelling, candidates);
    const fixes = suggestion && this.canEditWord(word) ? [renameFix(word, spelling, suggestion)] : undefined;
    const why = ambiguous ? ' (it is an ambiguous abbreviation)' : '';
    this.fatal(
      IPT.unknownOption,
      word.range,
      `unknown option "${spelling}"${why}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      fixes,
    );
  }

  /** The option of a word whose value we cannot see: keep the rest parseable. */
  private opaqueOption(word: ArgWord): void {
    const target = this.extensionOrder[this.extensionOrder.length - 1];
    const negated = this.takeInvert();
    const values: Located<string>[] = [];
    while (this.i < this.args.length && !this.args[this.i].value.startsWith('-') && this.args[this.i].value !== '!') {
      const v = this.args[this.i++];
      values.push({ value: v.value, range: v.range, known: v.known });
    }
    target.options.push(newOption(word.value, !!negated, values, negated ?? word.range));
  }

  private moduleOwning(spelling: string): ModuleSpec | undefined {
    const usable = (m: ModuleSpec) => !m.family || m.family === this.family;
    for (const m of MATCHES) if (usable(m) && optionSpellings(m).has(spelling)) return m;
    return undefined;
  }

  private candidateSpellings(): string[] {
    const out = CORE_OPTIONS.map((o) => o.long);
    for (const l of this.extensionOrder) if (l.spec) out.push(...optionSpellings(l.spec).keys());
    return out;
  }

  /** A fix that rewrites one literal word (never a variable's expansion or part of a longer word). */
  private wordFix(value: Located<string> | undefined, newText: string, title: string): Fix[] | undefined {
    const word = value as ArgWord | undefined;
    if (!word || !word.known || !this.args.includes(word) || !this.canEditWord(word)) return undefined;
    return [{ title, edits: [{ range: word.range, newText }], preferred: true, safe: false }];
  }

  private canEditWord(word: ArgWord): boolean {
    const at = this.args.indexOf(word);
    const prev = this.args[at - 1];
    const next = this.args[at + 1];
    const sameRange = (a?: ArgWord) => !!a && rangeEquals(a.range, word.range);
    return !word.value.includes('=') && !sameRange(prev) && !sameRange(next);
  }

  private shortOptions(word: ArgWord): void {
    const text = word.value;
    for (let k = 1; k < text.length; k++) {
      // Most words are a single flag (`-A`): use the word itself rather than building a string.
      const flag = text.length === 2 ? text : `-${text[k]}`;
      const core = CORE_BY_VAL.get(flag);
      const hasArg = core?.shortArgs;
      if (core === undefined || hasArg === undefined) {
        const candidates = this.candidateSpellings();
        const suggestion = text.length > 2 ? closestName(`-${text}`, candidates) : undefined;
        this.fatal(
          IPT.unknownOption,
          word.range,
          `unknown option "${text.length > 2 ? text : flag}"${suggestion ? `; did you mean ${suggestion}?` : ''}${
            text.length > 2 && !text.includes('=') ? ' (long options start with two dashes)' : ''
          }`,
        );
        return;
      }
      if (hasArg === 0) {
        this.coreOption(core, word, flag, undefined);
        if (this.stopped) return;
        continue;
      }
      // The rest of the word is the argument (`-w5`, `-AINPUT`).
      const rest = text.length === 2 ? '' : text.slice(k + 1);
      this.coreOption(core, word, flag, rest === '' ? undefined : rest);
      return;
    }
  }

  // ---- Arguments ----

  /** The required argument of an option: inline (`--x=v`, `-w5`) or the next word, whatever it is. */
  private takeArg(optionWord: ArgWord, inline: string | undefined, name: string): Located<string> | undefined {
    if (inline !== undefined) return { value: inline, range: optionWord.range, known: optionWord.known };
    if (this.i >= this.args.length) {
      this.fatal(IPT.missingArgument, optionWord.range, `option "${name}" requires an argument`);
      return undefined;
    }
    // An ArgWord already is a Located<string>: hand it on without copying.
    return this.args[this.i++];
  }

  /** An optional trailing word iptables peeks at: present when it does not start with `-` or `!`. */
  private peekArg(): Located<string> | undefined {
    const w = this.args[this.i];
    if (!w) return undefined;
    if (w.known && (w.value.charCodeAt(0) === 45 || w.value.charCodeAt(0) === 33)) return undefined;
    this.i++;
    return w;
  }

  // ---- iptables' own options ----

  private coreOption(core: CoreOption, word: ArgWord, spelling: string, inline: string | undefined): void {
    const val = core.val;
    if (inline !== undefined && core.wholeWordValue) inline = this.wholeWordValue(val, word, inline);
    if (core.command !== undefined) {
      this.commandOption(core.command, word, inline);
      return;
    }
    const negated = this.invert;
    if (negated && !core.negatable) {
      const message =
        val === '-j' || val === '-g'
          ? `cannot have ! before ${val}`
          : val === '-m'
            ? 'unexpected ! flag before --match'
            : `cannot have ! before ${spelling}`;
      this.fatal(IPT.badNegation, negated, message);
      return;
    }
    this.invert = undefined;
    switch (core.kind) {
      case ADDRESS:
        this.addressOption(val as '-s' | '-d', word, inline, negated);
        return;
      case INTERFACE:
        this.interfaceOption(val as '-i' | '-o', word, inline, negated);
        return;
      case PROTOCOL:
        this.protocolOption(word, inline, negated);
        return;
      case FRAGMENT:
        if (this.family === 'ipv6') {
          this.fatal(IPT.unknownOption, word.range, '`-f` is not supported in IPv6, use -m frag instead');
          return;
        }
        if (this.fragment) return this.duplicate(word.range, '-f');
        this.fragment = { value: true, negated: !!negated, known: true, range: span(negated ?? word.range, word.range) };
        this.noteRuleOption('-f', word.range);
        return;
      case TARGET:
        this.targetOption(val as '-j' | '-g', word, inline);
        return;
      case MATCH:
        this.matchOption(word, inline);
        return;
      case TABLE:
        this.tableOption(word, inline);
        return;
      case COUNTERS: {
        const pkts = this.takeArg(word, inline, spelling);
        if (!pkts) return;
        const bytes = this.peekArg();
        if (!bytes) {
          this.fatal(IPT.missingArgument, word.range, '-c requires packet and byte counter');
          return;
        }
        this.countersRange = span(word.range, bytes.range);
        return;
      }
      case WAIT: {
        if (val === '-w') this.waits = true;
        else this.waitInterval ??= word.range;
        const value = inline !== undefined ? { value: inline, range: word.range, known: word.known } : this.peekArg();
        if (value && value.known && !/^\d+$/.test(value.value)) {
          this.fatal(IPT.badValue, value.range, `${val === '-w' ? 'wait seconds' : 'wait interval'} not numeric: \`${value.value}'`);
        }
        return;
      }
      case LIST_ONLY:
        if (this.firstListOptionName === undefined) {
          this.firstListOptionName = spelling;
          this.firstListOptionRange = word.range;
        }
        return;
      case MODPROBE:
        this.takeArg(word, inline, spelling);
        return;
      case ONLY_IPV4:
      case ONLY_IPV6:
        if ((core.kind === ONLY_IPV4) !== (this.family === 'ipv4')) {
          // iptables-restore skips such a line; the command itself refuses it.
          if (this.restoreTable === undefined) {
            const program = this.family === 'ipv4' ? 'iptables' : 'ip6tables';
            const other = this.family === 'ipv4' ? 'ip6tables' : 'iptables';
            this.fatal(IPT.optionNotAllowed, word.range, `${spelling} marks a command for ${other}: ${program} refuses it (exit status 2) and changes nothing. Run it with ${other}, or drop ${spelling}`);
          } else this.skipped = true;
        }
        return;
      case HELP:
        // Help or version: prints and exits, nothing changes.
        this.skipped = true;
        return;
      case NO_EFFECT:
        return;
    }
  }

  /**
   * iptables-nft 1.8.9 takes the whole word as the value of -s, -d, -p, -i, -o and -j when the value
   * is attached (`-ieth0`, `--source=192.0.2.1`): say so, and parse what iptables really sees.
   */
  private wholeWordValue(val: string, word: ArgWord, attached: string): string {
    const spaced = `${val} ${attached}`;
    if (val === '-i' || val === '-o') {
      if (word.value.length <= 15) {
        this.addProblem({
          code: IPT.badValue,
          range: word.range,
          message: `iptables 1.8 reads \`${word.value}\` as the interface name "${word.value}", not ${attached}: write \`${spaced}\``,
          severity: 'warning',
        });
      }
    } else if (val === '-j') {
      this.fatal(IPT.unknownTarget, word.range, `iptables 1.8 reads \`${word.value}\` as a jump to a chain named "${word.value}": write \`${spaced}\``);
    }
    return word.value;
  }

  private duplicate(range: Range, flag: string): void {
    this.fatal(IPT.duplicateOption, range, `multiple ${flag} flags not allowed`);
  }

  private commandOption(cmd: CommandSpec, word: ArgWord, inline: string | undefined): void {
    if (this.invert) {
      this.fatal(IPT.badNegation, this.invert, `cannot have ! before ${cmd.short}`);
      return;
    }
    if (this.command) {
      // `-L -Z` and `-S -Z` list the counters and then zero them: one call, allowed.
      const listing = (op: string) => op === 'list' || op === 'list-rules';
      if ((cmd.op === 'zero' && listing(this.command.op)) || (listing(cmd.op) && this.command.op === 'zero')) {
        if (listing(cmd.op)) this.command = cmd;
        const chain = inline !== undefined ? { value: inline, range: word.range, known: word.known } : this.peekArg();
        if (chain && !this.chain) this.chain = chain;
        return;
      }
      this.fatal(IPT.duplicateOption, word.range, `Cannot use ${cmd.short} with ${this.command.short}: one command per iptables call`);
      return;
    }
    this.command = cmd;
    this.opRange = word.range;
    if (cmd.chain === 'required') {
      const chain = this.takeArg(word, inline, cmd.short);
      if (!chain) return;
      this.chain = chain;
    } else {
      const chain = inline !== undefined ? { value: inline, range: word.range, known: word.known } : this.peekArg();
      if (chain) this.chain = chain;
    }
    switch (cmd.op) {
      case 'insert':
      case 'delete':
      case 'list':
      case 'list-rules':
      case 'zero': {
        if (!this.chain) return;
        const num = this.peekArg();
        if (num) this.setRuleNumber(num);
        return;
      }
      case 'replace': {
        const num = this.peekArg();
        if (!num) {
          this.fatal(IPT.badChainOrRuleNumber, word.range, '-R requires a rule number');
          return;
        }
        this.setRuleNumber(num);
        return;
      }
      case 'policy': {
        const policy = this.peekArg();
        if (!policy) {
          this.fatal(IPT.missingArgument, word.range, '-P requires a chain and a policy');
          return;
        }
        this.policy = policy;
        return;
      }
      case 'rename-chain': {
        const name = this.peekArg();
        if (!name) {
          this.fatal(IPT.missingArgument, word.range, '-E requires old-chain-name and new-chain-name');
          return;
        }
        this.newName = name;
        return;
      }
      default:
        return;
    }
  }

  private setRuleNumber(num: Located<string>): void {
    if (!num.known) {
      this.ruleNum = { value: NaN, range: num.range, known: false };
      return;
    }
    const n = /^\d{1,10}$/.test(num.value) ? Number(num.value) : NaN;
    if (!(n >= 1 && n <= 2147483647)) {
      this.fatal(IPT.badChainOrRuleNumber, num.range, `Invalid rule number \`${num.value}': rules are numbered from 1`);
      return;
    }
    this.ruleNum = { value: n, range: num.range, known: true };
  }

  private addressOption(val: '-s' | '-d', word: ArgWord, inline: string | undefined, negated: Range | undefined): void {
    const arg = this.takeArg(word, inline, val);
    if (!arg) return;
    this.noteRuleOption(val, word.range);
    if (val === '-s' ? this.source : this.destination) return this.duplicate(word.range, val);
    if (arg.known && arg.value === '!') return this.intrapositioned(word, val);
    const located = negatableValue(arg, !!negated);
    if (val === '-s') this.source = located;
    else this.destination = located;
    if (!arg.known) return;
    // A comma list is one rule per address: each element must be valid.
    const value = arg.value;
    for (let start = 0; ; ) {
      const comma = value.indexOf(',', start);
      const end = comma < 0 ? value.length : comma;
      if (!this.checkAddress(val, value, start, end, negated, arg.range)) return;
      if (comma < 0) return;
      start = comma + 1;
    }
  }

  /** One element of -s/-d: false (after reporting) when iptables refuses it. */
  private checkAddress(val: '-s' | '-d', value: string, start: number, end: number, negated: Range | undefined, range: Range): boolean {
    const prefix = this.family === 'ipv4' ? plainIPv4Prefix(value, start, end) : -1;
    if (prefix > 0 || (prefix === 0 && !negated)) return true;
    const part = start === 0 && end === value.length ? value : value.slice(start, end);
    const r = parseNetwork(part, this.family);
    if (r.kind === 'network' && r.prefix === 0 && negated) {
      this.report(IPT.badAddress, range, `\`! ${val} ${part}\` matches no packet; iptables-nft refuses it`);
      return false;
    }
    if (r.kind === 'error') {
      this.report(IPT.badAddress, range, `${r.message}${this.family === 'ipv6' && part.includes('.') && !part.includes(':') ? ' (an IPv4 address in an ip6tables rule)' : ''}`);
      return false;
    }
    if (r.kind === 'network' && this.family === 'ipv4') this.noteOctal(part, r.canonical, range, start === 0 && end === value.length);
    return true;
  }

  /**
   * `192.168.001.010`: iptables reads a number with a leading 0 as octal (010 is 8), so the rule is about
   * 192.168.1.8. Worth a warning when the decimal reading the writer surely meant is another address.
   */
  private noteOctal(part: string, canonical: string, range: Range, wholeWord: boolean): void {
    const meant = decimalReadingOfIPv4(part);
    if (meant === undefined) return;
    const decimal = parseNetwork(meant, 'ipv4');
    if (decimal.kind !== 'network' || decimal.canonical === canonical) return;
    const word = this.args[this.i - 1];
    this.addProblem({
      code: IPT.badAddress,
      range,
      message: `\`${part}\` has numbers with a leading 0, which iptables reads as octal (010 is 8): this rule is about ${canonical}, not ${decimal.canonical}. Write ${meant} if that is what you meant`,
      severity: 'warning',
      fixes: wholeWord && word !== undefined && word.range === range ? this.wordFix(word, meant, `Write ${meant}`) : undefined,
    });
  }

  /** `-s ! 192.0.2.1`: iptables 1.4 accepted it; 1.8 reads `!` as the address. */
  private intrapositioned(word: ArgWord, flag: string): void {
    const bang = this.args[this.i - 1];
    const next = this.args[this.i];
    const editable = word.known && bang !== word && this.canEditWord(word) && this.canEditWord(bang) && word.range.end.line === bang.range.start.line;
    this.fatal(
      IPT.badNegation,
      word.range,
      `\`${flag} ! ${next?.value ?? 'VALUE'}\` (negation after the option) is no longer accepted by iptables 1.8; write \`! ${flag} ${next?.value ?? 'VALUE'}\``,
      editable
        ? [{ title: `Write ! before ${word.value}`, edits: [{ range: span(word.range, bang.range), newText: `! ${word.value}` }], preferred: true, safe: true }]
        : undefined,
    );
  }

  private interfaceOption(val: '-i' | '-o', word: ArgWord, inline: string | undefined, negated: Range | undefined): void {
    const arg = this.takeArg(word, inline, val);
    if (!arg) return;
    this.noteRuleOption(val, word.range);
    if (val === '-i' ? this.inInterface : this.outInterface) return this.duplicate(word.range, val);
    if (arg.known && arg.value === '!') return this.intrapositioned(word, val);
    const located = negatableValue(arg, !!negated);
    if (val === '-i') {
      this.inInterface = located;
      this.inFlag = word;
    } else {
      this.outInterface = located;
      this.outFlag = word;
    }
    // Only a name that is empty or too long is refused: ask checkInterface for its message then.
    if (arg.known && (arg.value.length === 0 || arg.value.length > 15)) {
      const r = checkInterface(arg.value);
      if (!r.ok) this.fatal(r.code, arg.range, r.message);
    }
  }

  private protocolOption(word: ArgWord, inline: string | undefined, negated: Range | undefined): void {
    const arg = this.takeArg(word, inline, '-p');
    if (!arg) return;
    this.noteRuleOption('-p', word.range);
    if (this.protocol) return this.duplicate(word.range, '-p');
    if (arg.known && arg.value === '!') return this.intrapositioned(word, '-p');
    this.protocol = negatableValue(arg, !!negated);
    if (!arg.known) return;
    const canonical = canonicalProtocol(arg.value);
    if (!canonical) {
      const names = ['tcp', 'udp', 'icmp', 'ipv6-icmp', 'icmpv6', 'sctp', 'udplite', 'esp', 'ah', 'gre', 'all'];
      const suggestion = closestName(arg.value.toLowerCase(), names);
      this.fatal(
        IPT.unknownProtocol,
        arg.range,
        `unknown protocol "${arg.value}" specified${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        suggestion ? this.wordFix(arg, suggestion, `Change -p ${arg.value} to -p ${suggestion}`) : undefined,
      );
      return;
    }
    this.protocolName = canonical;
    if (canonical === 'all' && negated) {
      this.report(IPT.unknownProtocol, span(negated, arg.range), '`! -p all` matches no packet; iptables refuses it ("rule would never match protocol")');
    }
  }

  private tableOption(word: ArgWord, inline: string | undefined): void {
    const arg = this.takeArg(word, inline, '-t');
    if (!arg) return;
    if (this.restoreTable) {
      this.fatal(IPT.restoreSyntax, word.range, 'The -t option cannot be used in iptables-restore: the table comes from the `*table` line');
      return;
    }
    if (this.tableRange) return this.duplicate(word.range, '-t');
    this.tableRange = span(word.range, arg.range);
    if (!arg.known) {
      this.tableKnown = false;
      return;
    }
    const table = lookupTable(arg.value);
    if (!table) {
      const suggestion = closestName(arg.value, ['filter', 'nat', 'mangle', 'raw', 'security']);
      this.fatal(
        IPT.unknownTable,
        arg.range,
        `can't initialize iptables table \`${arg.value}': Table does not exist${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        suggestion ? this.wordFix(arg, suggestion, `Change the table to ${suggestion}`) : undefined,
      );
      return;
    }
    this.table = table.name;
  }

  private matchOption(word: ArgWord, inline: string | undefined): void {
    const arg = this.takeArg(word, inline, '-m');
    if (!arg) return;
    this.noteRuleOption('-m', word.range);
    if (!arg.known) {
      this.addMatch(undefined, span(word.range, arg.range), false, arg.value);
      return;
    }
    const spec = lookupMatch(arg.value);
    if (!spec || (spec.family && spec.family !== this.family)) {
      const other = spec?.family ? ` (it is an ${spec.family === 'ipv4' ? 'iptables' : 'ip6tables'} match)` : '';
      const names = MATCHES.filter((m) => !m.family || m.family === this.family).map((m) => m.name);
      const suggestion = spec ? undefined : closestName(arg.value, names);
      this.fatal(
        IPT.unknownMatch,
        arg.range,
        `Couldn't load match \`${arg.value}'${other}${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        suggestion && this.canEditWord(this.args[this.i - 1]) ? [renameFix(this.args[this.i - 1], arg.value, suggestion)] : undefined,
      );
      return;
    }
    this.addMatch(spec, span(word.range, arg.range), false);
  }

  private targetOption(val: '-j' | '-g', word: ArgWord, inline: string | undefined): void {
    const arg = this.takeArg(word, inline, val);
    if (!arg) return;
    this.noteRuleOption(val, word.range);
    if (this.targetLoaded) return this.duplicate(word.range, '-j');
    const kind = val === '-j' ? 'jump' : 'goto';
    // `-g` always names a chain: iptables loads no target extension for it.
    const spec: TargetSpec | undefined = arg.known && kind === 'jump' ? lookupTarget(arg.value) : undefined;
    const usable = spec && (!spec.family || spec.family === this.family) ? spec : undefined;
    if (spec && !usable) {
      this.fatal(IPT.unknownTarget, arg.range, `target ${arg.value} exists only in ${spec.family === 'ipv4' ? 'iptables' : 'ip6tables'}`);
      return;
    }
    if (kind === 'jump' && arg.known && arg.value === 'ULOG') {
      // iptables still knows the name; the kernel module went away in Linux 3.17 (2014).
      this.fatal(IPT.unknownTarget, arg.range, 'ULOG was removed from Linux in 3.17: the kernel refuses the rule ("Extension ULOG revision 0 not supported"). Log with NFLOG (`-j NFLOG --nflog-group 1`), which ulogd2 reads');
      return;
    }
    const target: Target = { name: arg.value, kind, range: arg.range, options: NO_OPTION_VALUES };
    const loaded = this.nextLoaded(usable ?? (arg.known ? CHAIN_TARGET : undefined), target);
    this.targetLoaded = loaded;
    this.targetRange = arg.range;
    // Only a target with options (or one nobody can know) takes part in resolving options.
    if ((usable && usable.options.length > 0) || !arg.known) this.extensionOrder.push(loaded);
  }

  // ---- Extension options ----

  private extensionOption(loaded: Loaded, spec: OptionSpec, word: ArgWord, spelling: string, inline: string | undefined): void {
    const negated = this.takeInvert();
    if (negated && !spec.negatable) {
      this.fatal(IPT.badNegation, negated, `option "${spec.name}" cannot be inverted`);
      return;
    }
    let values = NO_VALUES;
    if (spec.args.length > 0) {
      const first = this.takeArg(word, inline, spelling);
      if (!first) return;
      if (first.known && first.value === '!' && spec.negatable) return this.intrapositioned(word, spec.name);
      values = [first];
      for (let a = 1; a < spec.args.length; a++) {
        const v = this.peekArg();
        if (!v) {
          this.fatal(IPT.missingArgument, word.range, `${spec.name} requires ${spec.args.length} arguments`);
          return;
        }
        values.push(v);
      }
    }
    const option = newOption(spec.name, negated !== undefined, values, negated ?? word.range);
    const ownerName = loaded.spec?.name ?? '';
    if (optionNamed(loaded.options, spec.name)) {
      this.fatal(IPT.duplicateOption, word.range, `${ownerName}: option "${spec.name}" can only be used once`);
      return;
    }
    for (const group of loaded.rules.exclusive) {
      if (!group.includes(spec.name)) continue;
      let clash: string | undefined;
      for (const other of group) if (other !== spec.name && optionNamed(loaded.options, other)) clash = other;
      if (clash) {
        this.fatal(IPT.duplicateOption, word.range, `${ownerName}: option "${spec.name}" cannot be used together with "${clash}"`);
        return;
      }
    }
    loaded.options.push(option);
    this.noteRuleOption(spec.name, word.range);
    if (ownerName === 'multiport' && !this.protocol && !this.opaque) {
      // multiport reads -p when its own option is parsed, so -p must come first.
      this.fatal(IPT.optionNeedsModule, word.range, 'multiport needs `-p tcp` (or udp, sctp, dccp) before its ports: iptables checks the protocol when it reads this option');
      return;
    }
    const protocol = this.protocolName ?? (loaded.spec?.protocols?.[0]);
    for (let a = 0; a < values.length; a++) {
      const v = values[a];
      if (!v.known) continue;
      const ctx = portContext(ownerName, protocol, this.family);
      const error = valueError(spec.args[a], v.value, ctx);
      if (error) {
        this.report(error.code, v.range, `${spec.name}: ${error.message}`);
        return;
      }
      if (ctx.wrapPorts) {
        const warning = wrappedPortWarning(v.value, ownerName);
        if (warning) this.addProblem({ code: IPT.badPort, range: v.range, message: `${spec.name}: ${warning}`, severity: 'warning' });
      } else if (ctx.cNumbers && octalPortReading(v.value) !== undefined) {
        const { meant, read } = octalPortReading(v.value)!;
        this.addProblem({
          code: IPT.badPort,
          range: v.range,
          message: `${spec.name}: \`${v.value}\` has a number with a leading 0, which iptables reads as octal for ${ownerName} ports: this is ${read}, not ${meant}. Write ${meant} if that is what you meant`,
          severity: 'warning',
          fixes: this.wordFix(v, meant, `Write ${meant}`),
        });
      } else if (spec.args[a].kind === 'iprange' && isReversedRange(v.value, this.family)) {
        // The kernel tests `from <= address <= to`: no address passes both, so the range matches none.
        const dash = v.value.indexOf('-');
        const swapped = `${v.value.slice(dash + 1)}-${v.value.slice(0, dash)}`;
        this.addProblem({
          code: IPT.badAddress,
          range: v.range,
          message: `${spec.name}: the range ${v.value} is reversed (${v.value.slice(0, dash)} is above ${v.value.slice(dash + 1)}); iptables accepts it, but it matches no address${
            negated ? ', so with `!` it matches every address' : ''
          } (the kernel logs "range is reversed and will never match"). Write it as ${swapped}`,
          severity: 'warning',
          fixes: this.wordFix(v, swapped, `Write the range as ${swapped}`),
        });
      }
    }
  }

  // ---- After the last argument ----

  private finalChecks(): void {
    if (this.invert) {
      this.report(IPT.badNegation, this.invert, 'nothing appropriate following !');
      return;
    }
    if (this.waitInterval && !this.waits) {
      this.report(IPT.missingArgument, this.waitInterval, '--wait-interval only makes sense with --wait (-w)');
      return;
    }
    const cmd = this.command;
    if (!cmd) {
      if (!this.opaque) this.report(IPT.noCommand, this.whole, 'no command specified: add -A, -I, -D, -N, -P… (iptables does nothing without one)');
      return;
    }
    const op = cmd.op;
    const isRule = isRuleOp(op) && !(op === 'delete' && this.ruleNum);
    if (!isRule) {
      const illegalName = this.firstRuleOptionName ?? (op !== 'policy' && this.countersRange ? '-c' : undefined);
      if (illegalName !== undefined) {
        const range = this.firstRuleOptionRange ?? this.countersRange!;
        this.report(IPT.optionNotAllowed, range, `Illegal option \`${illegalName}' with this command (${cmd.short})`);
        return;
      }
    } else if (this.countersRange && (op === 'delete' || op === 'check')) {
      this.report(IPT.optionNotAllowed, this.countersRange, `Illegal option \`-c' with this command (${cmd.short})`);
      return;
    }
    if (op !== 'list' && this.firstListOptionName !== undefined) {
      const name = this.firstListOptionName;
      this.report(IPT.optionNotAllowed, this.firstListOptionRange!, `Illegal option \`${name}' with this command (${cmd.short}): it only applies to -L`);
      return;
    }
    const chain = this.chain;
    if (chain?.known && (op === 'new-chain' || op === 'rename-chain')) this.checkNewChainName(op === 'new-chain' ? chain : this.newName!);
    if (op === 'policy') this.checkPolicy();
    if (isRule) this.checkRule();
  }

  private checkNewChainName(name: Located<string> | undefined): void {
    if (!name || !name.known) return;
    if (name.value.length > 28) {
      this.report(IPT.badChainOrRuleNumber, name.range, `chain name \`${name.value}' too long (must be under 29 chars)`);
    } else if (name.value.startsWith('-')) {
      this.report(IPT.badChainOrRuleNumber, name.range, `chain name not allowed to start with \`-'`);
    } else if (lookupTarget(name.value) && name.value !== name.value.toLowerCase()) {
      this.report(IPT.badChainOrRuleNumber, name.range, `chain name \`${name.value}' clashes with the target of that name`);
    }
  }

  private checkPolicy(): void {
    const chain = this.chain;
    if (chain?.known && this.tableKnown && !isBuiltinChain(this.table, chain.value)) {
      this.report(
        IPT.badChainOrRuleNumber,
        chain.range,
        `Bad built-in chain name: ${chain.value} is not a built-in chain of the ${this.table} table, and only built-in chains have a policy`,
      );
      return;
    }
    const policy = this.policy;
    if (policy?.known && policy.value === 'DROP' && this.table === 'nat') {
      this.report(IPT.badPolicy, policy.range, 'The nat table is not for filtering: iptables refuses a DROP policy there; filter in the filter table');
      return;
    }
    if (policy?.known && !POLICIES.includes(policy.value)) {
      const suggestion = closestName(policy.value.toUpperCase(), [...POLICIES]);
      this.report(
        IPT.badPolicy,
        policy.range,
        `Bad policy name \`${policy.value}': a policy is ACCEPT or DROP${suggestion ? `; did you mean ${suggestion}?` : ''}`,
        suggestion ? this.wordFix(policy, suggestion, `Change the policy to ${suggestion}`) : undefined,
      );
    }
  }

  private checkRule(): void {
    const s = this.source;
    const d = this.destination;
    if (s?.negated || d?.negated) {
      const many = (a?: Negatable<string>) => !!a && a.known && a.value.includes(',');
      if (many(s) || many(d)) {
        this.report(IPT.badNegation, (many(s) ? s : d)!.range, '! not allowed with multiple source or destination IP addresses: iptables makes one rule per address');
      }
    }
    const chain = this.chain;
    const chainName = chain?.known ? chain.value : undefined;
    if (chainName !== undefined) {
      if (this.inInterface && OUTPUT_CHAINS.includes(chainName)) {
        this.report(
          IPT.inInterfaceInOutputChain,
          span(this.inFlag?.range ?? this.inInterface.range, this.inInterface.range),
          `Can't use -i with ${chainName}: packets in ${chainName} are leaving the host and have no input interface yet; use -o`,
          this.inFlag?.value === '-i' ? this.wordFix(this.inFlag, '-o', 'Match the outgoing interface (-o) instead') : undefined,
        );
      }
      if (this.outInterface && INPUT_CHAINS.includes(chainName)) {
        this.report(
          IPT.outInterfaceInInputChain,
          span(this.outFlag?.range ?? this.outInterface.range, this.outInterface.range),
          `Can't use -o with ${chainName}: packets in ${chainName} have just arrived and have no output interface; use -i`,
          this.outFlag?.value === '-o' ? this.wordFix(this.outFlag, '-i', 'Match the incoming interface (-i) instead') : undefined,
        );
      }
    }
    const protocolKnown = !this.protocol || this.protocol.known;
    for (const l of this.loaded) {
      const spec = l.spec;
      if (!spec) continue;
      const range = l.range!;
      const required = l.rules.required;
      if (required && !this.opaque && !hasAnyOption(l.options, required)) {
        const what = ANY_OPTION_REQUIRED.has(spec.name) ? `at least one of its options (${required.slice(0, 3).join(', ')}…)` : requiredText(required);
        this.report(IPT.missingArgument, range, `${spec.name} match needs ${what}`);
      }
      if (l.rules.requiredAll && !this.opaque) this.reportMissing(spec.name, l.rules.requiredAll, l.options, range);
      // ip6tables' ah match finds the AH extension header after any others: it needs no `-p ah`.
      if (spec.protocols && protocolKnown && !(l.implicit && !this.protocol?.known) && !(spec.name === 'ah' && this.family === 'ipv6')) {
        // iptables-nft turns tcp and udp matches into native expressions and so even accepts
        // `! -p tcp --dport 22`; the other protocol matches go through the kernel's own check.
        const invertedOk = (spec.name === 'tcp' || spec.name === 'udp') && l.options.length > 0;
        if (this.protocolName === undefined || !spec.protocols.includes(this.protocolName) || (this.protocol!.negated && !invertedOk)) {
          this.report(
            IPT.optionNeedsModule,
            range,
            `${spec.name} match requires \`-p ${spec.protocols.length === 1 ? spec.protocols[0] : spec.protocols.join('|')}\``,
          );
        }
      }
      if (spec.chains && this.inBuiltinChain(chainName) && !spec.chains.includes(chainName!)) {
        this.report(
          IPT.wrongTableOrChain,
          range,
          `the ${spec.name} match only works in ${spec.chains.join(', ')}; the kernel refuses it in ${chainName}`,
        );
      }
    }
    const t = this.targetLoaded;
    const tspec = t?.spec && t.spec !== CHAIN_TARGET ? (t.spec as TargetSpec) : undefined;
    if (t && tspec && this.tableKnown) {
      if (tspec.tables && !tspec.tables.includes(this.table)) {
        this.report(
          IPT.wrongTableOrChain,
          this.targetRange!,
          `${tspec.name} is only valid in the ${tspec.tables.join(' or ')} table${tspec.tables.length > 1 ? 's' : ''}, not in ${this.table}${
            tspec.chains ? ` (chains ${tspec.chains.join(', ')})` : ''
          }; the kernel refuses the rule`,
        );
      } else if (tspec.chains && this.inBuiltinChain(chainName) && !tspec.chains.includes(chainName!)) {
        this.report(
          IPT.wrongTableOrChain,
          this.targetRange!,
          `${tspec.name} is only valid in ${tspec.chains.join(', ')} (and user chains called from them), not in ${chainName}; the kernel refuses the rule`,
        );
      }
      const required = t.rules.required;
      if (required && !this.opaque && !hasAnyOption(t.options, required)) {
        this.report(IPT.missingArgument, this.targetRange!, `${tspec.name} needs ${requiredText(required)}`);
      }
      if (t.rules.requiredAll && !this.opaque) this.reportMissing(tspec.name, t.rules.requiredAll, t.options, this.targetRange!);
      if (tspec.name === 'REJECT') this.checkReject(t);
      else if (t.rules.semantic) this.checkTargetValues(tspec.name, t);
      if (t.rules.protocolTarget) this.checkTargetProtocol(tspec, t, this.inBuiltinChain(chainName) ? chainName : undefined);
    }
    for (const l of this.loaded) if (l.rules.semantic) this.checkMatchSemantics(l);
    const prefix = tspec?.name === 'LOG' ? optionNamed(t!.options, '--log-prefix')?.values[0] : undefined;
    if (prefix?.known && prefix.value.length > 29) {
      this.addProblem({
        code: IPT.badValue,
        range: prefix.range,
        message: `--log-prefix is ${prefix.value.length} characters; the kernel keeps only the first 29 ("${prefix.value.slice(0, 29)}")`,
        severity: 'warning',
      });
    }
    if (t && t.target!.kind === 'goto' && t.spec === CHAIN_TARGET) {
      const name = t.target!.name;
      if (BUILTIN_CHAIN_NAMES.has(name) || lookupTarget(name)) {
        this.report(IPT.unknownTarget, this.targetRange!, `-g needs a user-defined chain, and ${name} is ${BUILTIN_CHAIN_NAMES.has(name) ? 'a built-in chain' : 'a target'}: iptables says "Chain '${name}' does not exist". Use -j ${name}`);
      }
    }
  }

  /** Only matches and targets limited to some chains ask this: most rules never do. */
  private inBuiltinChain(chainName: string | undefined): boolean {
    return chainName !== undefined && this.tableKnown && isBuiltinChain(this.table, chainName);
  }

  /** Targets whose options only make sense for some protocols or hooks (the kernel checks them). */
  private checkTargetProtocol(spec: TargetSpec, t: Loaded, builtinChain: string | undefined): void {
    const protocolUnknown = this.protocol !== undefined && !this.protocol.known;
    if (protocolUnknown || this.opaque) return;
    const hasPort = (o: OptionValue) => {
      const v = o.values[0];
      if (!v?.known) return false;
      if (o.name === '--to-ports') return true;
      const text = this.family === 'ipv6' ? (v.value.startsWith('[') ? v.value.slice(v.value.indexOf(']') + 1) : '') : v.value;
      return text.includes(':');
    };
    const portOption = t.options.find((o) => (o.name === '--to-destination' || o.name === '--to-source' || o.name === '--to-ports') && hasPort(o));
    // ICMP counts too: NAT maps ICMP ids like ports.
    if (portOption && !(this.protocolName && (PORT_PROTOCOLS.includes(this.protocolName) || this.protocolName === 'icmp' || this.protocolName === 'ipv6-icmp'))) {
      this.report(IPT.optionNeedsModule, portOption.range, `${spec.name} with a port needs \`-p tcp\` or \`-p udp\` (sctp, dccp): iptables says "Need TCP, UDP, SCTP or DCCP with port specification"`);
    }
    if (spec.name === 'TPROXY' && (!(this.protocolName === 'tcp' || this.protocolName === 'udp') || this.protocol?.negated)) {
      this.report(IPT.optionNeedsModule, this.targetRange!, 'TPROXY only works on TCP and UDP: add `-p tcp` or `-p udp` (the kernel refuses the rule otherwise, "Invalid argument")');
    }
    if (spec.name === 'SYNPROXY' && (this.protocolName !== 'tcp' || this.protocol?.negated)) {
      this.report(IPT.optionNeedsModule, this.targetRange!, 'SYNPROXY only works on TCP: add `-p tcp` (the kernel refuses the rule otherwise)');
    }
    if (spec.name === 'TCPMSS') {
      if (this.protocolName !== 'tcp') {
        this.report(IPT.optionNeedsModule, this.targetRange!, 'TCPMSS only works on TCP packets: add `-p tcp --syn` (the kernel refuses the rule otherwise)');
      }
      const clamp = t.options.find((o) => o.name === '--clamp-mss-to-pmtu');
      if (clamp && builtinChain && !CLAMP_MSS_CHAINS.includes(builtinChain)) {
        this.report(IPT.wrongTableOrChain, clamp.range, `--clamp-mss-to-pmtu only works in FORWARD, OUTPUT and POSTROUTING, not in ${builtinChain}`);
      }
    }
  }

  /** Combinations inside one match that the kernel refuses. */
  private checkMatchSemantics(l: Loaded): void {
    const name = l.spec!.name;
    const has = (option: string) => optionNamed(l.options, option);
    if (name === 'recent') {
      const setting = has('--set') ?? has('--remove');
      const modifier = has('--seconds') ?? has('--hitcount') ?? has('--rttl') ?? has('--reap');
      if (setting && modifier) {
        this.report(IPT.duplicateOption, modifier.range, `${modifier.name} only works with --rcheck or --update, not with ${setting.name}: the kernel refuses the rule`);
      } else if (has('--reap') && !has('--seconds')) {
        this.report(IPT.missingArgument, has('--reap')!.range, 'recent: option "--reap" also requires "--seconds"');
      }
      const listName = has('--name')?.values[0];
      // The list is a file in /proc/net/xt_recent: its name cannot hold a slash.
      if (listName?.known && listName.value.includes('/')) this.report(IPT.badValue, listName.range, `--name ${listName.value}: a recent list name cannot contain "/" (it names a file in /proc/net/xt_recent); the kernel refuses it ("Invalid argument")`);
    } else if (name === 'physdev' && this.chain?.known && this.chain.value === 'OUTPUT' && (has('--physdev-out') || has('--physdev-is-out'))) {
      const bridged = has('--physdev-is-bridged');
      if (!bridged || bridged.negated) {
        this.report(IPT.wrongTableOrChain, l.range!, '--physdev-out in OUTPUT needs --physdev-is-bridged: the kernel only knows the bridge port of bridged traffic there');
      }
    } else if (name === 'ecn' && (has('--ecn-tcp-cwr') || has('--ecn-tcp-ece')) && this.protocolName !== 'tcp') {
      this.report(IPT.optionNeedsModule, l.range!, 'the ecn match tests TCP flags here (--ecn-tcp-cwr/--ecn-tcp-ece): add `-p tcp`');
    } else if (name === 'string' && !has('--string') && !has('--hex-string') && !this.opaque) {
      this.report(IPT.missingArgument, l.range!, "STRING match: You must specify `--string' or `--hex-string'");
    } else if (name === 'mh') {
      const v = has('--mh-type')?.values[0];
      const read = v?.known ? mhTypeRange(v.value) : undefined;
      if (read && 'error' in read) {
        const hint = read.error.includes('range')
          ? 'write the lower type first'
          : 'the types are binding-refresh-request (brr), home-test-init (hoti), careof-test-init (coti), home-test (hot), careof-test (cot), binding-update (bu), binding-acknowledgement (ba), binding-error (be), or 0 to 255';
        this.report(IPT.badValue, v!.range, `${read.error}: ${hint}`);
      }
    } else if (name === 'statistic') {
      const p = has('--probability')?.values[0];
      if (p?.known && !(Number(p.value) >= 0 && Number(p.value) <= 1)) this.report(IPT.badValue, p.range, '--probability must be between 0 and 1');
      else if (!this.opaque) this.checkStatistic(l);
    } else if (name === 'hashlimit') {
      this.checkHashlimit(l);
    } else if (name === 'connbytes') {
      const v = has('--connbytes')?.values[0];
      const m = v?.known ? /^([0-9]+):([0-9]+)$/.exec(v.value) : null;
      if (m && Number(m[1]) > Number(m[2])) this.report(IPT.badValue, v!.range, `${m[1]} should be less than ${m[2]}: --connbytes takes from:to`);
    } else if (name === 'string') {
      this.checkString(l);
    } else if (name === 'rt' && has('--rt-0-res')) {
      const type = has('--rt-type')?.values[0];
      if (!type || (type.known && Number(type.value) !== 0)) this.report(IPT.missingArgument, has('--rt-0-res')!.range, "`--rt-type 0' required before `--rt-0-res'");
    } else if (name === 'devgroup') {
      this.checkHookOptions(l, { '--src-group': ['PREROUTING', 'INPUT', 'FORWARD'], '--dst-group': ['POSTROUTING', 'OUTPUT', 'FORWARD'] });
    } else if (name === 'ipv6header') {
      const v = has('--header')?.values[0];
      const bad = v?.known ? v.value.split(',').find((h) => !IPV6_HEADER_SPELLINGS.has(h)) : undefined;
      if (bad !== undefined) this.report(IPT.badValue, v!.range, `unknown header \`${bad}' specified: use hop, dst, route, frag, auth, esp, none, prot (or their long names, or their protocol numbers)`);
    } else if (name === 'policy') {
      this.checkPolicyMatch(l);
    } else if (name === 'time') {
      this.checkDays(has('--weekdays'), has('--monthdays'));
      for (const option of ['--datestart', '--datestop']) {
        const v = has(option)?.values[0];
        if (v?.known && !isDate(v.value)) this.report(IPT.badValue, v.range, `Invalid date "${v.value}" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]], from 1970 to 2038`);
      }
      for (const option of ['--timestart', '--timestop']) {
        const v = has(option)?.values[0];
        if (v?.known && !isClock(v.value)) this.report(IPT.badValue, v.range, `invalid time "${v.value}": use hh:mm[:ss] within 00:00:00-23:59:59`);
      }
      const contiguous = has('--contiguous');
      const start = has('--timestart')?.values[0];
      const stop = has('--timestop')?.values[0];
      if (contiguous && !(start?.known && stop?.known && clockSeconds(stop.value) < clockSeconds(start.value))) {
        this.report(IPT.duplicateOption, contiguous.range, '--contiguous only makes sense when --timestop is earlier than --timestart');
      }
    } else if (name === 'addrtype' && (has('--limit-iface-in') || has('--limit-iface-out')) && this.inBuiltinChain(this.chain?.known ? this.chain.value : undefined)) {
      // The kernel refuses an interface it cannot know in that hook ("Invalid argument").
      const limit = (has('--limit-iface-in') ?? has('--limit-iface-out'))!;
      const chains = limit.name === '--limit-iface-in' ? ['PREROUTING', 'INPUT', 'FORWARD'] : ['POSTROUTING', 'OUTPUT', 'FORWARD'];
      if (!chains.includes(this.chain!.value)) {
        this.report(IPT.wrongTableOrChain, limit.range, `${limit.name} only works in ${chains.join(', ')}, where the packet has that interface; the kernel refuses it in ${this.chain!.value} ("Invalid argument")`);
      }
      if (this.family === 'ipv6') this.checkAddrtypeV6(l);
    } else if (name === 'addrtype' && this.family === 'ipv6') {
      this.checkAddrtypeV6(l);
    } else if (name === 'owner') {
      for (const option of ['--uid-owner', '--gid-owner']) {
        const v = has(option)?.values[0];
        const m = v?.known ? /^([0-9]+)-([0-9]+)$/.exec(v.value) : null;
        if (m && Number(m[1]) > Number(m[2])) this.report(IPT.badValue, v!.range, `${option} ${v!.value}: the range is reversed; the kernel refuses it ("Invalid argument"). Write ${m[2]}-${m[1]}`);
      }
    }
  }

  /** Every option of the module's or target's all-of list that is missing, in iptables' words. */
  private reportMissing(name: string, all: readonly string[], options: OptionValue[], range: Range): void {
    for (const option of all) {
      if (!optionNamed(options, option)) this.report(IPT.missingArgument, range, `${name}: option "${option}" must be specified${all.length > 1 ? ` (it needs ${all.join(', ')})` : ''}`);
    }
  }

  /** Options that only work in the hooks that know that device or address (the kernel: "Invalid argument"). */
  private checkHookOptions(l: Loaded, hooks: Readonly<Record<string, readonly string[]>>): void {
    const chain = this.chain?.known ? this.chain.value : undefined;
    if (!this.inBuiltinChain(chain)) return;
    for (const o of l.options) {
      const allowed = hooks[o.name];
      if (allowed && !allowed.includes(chain!)) this.report(IPT.wrongTableOrChain, o.range, `${o.name} only works in ${allowed.join(', ')}; the kernel refuses it in ${chain} ("Invalid argument")`);
    }
  }

  /** hashlimit's address masks are prefix lengths of the rule's family. */
  private checkHashlimit(l: Loaded): void {
    const bits = this.family === 'ipv4' ? 32 : 128;
    for (const o of l.options) {
      if (o.name !== '--hashlimit-srcmask' && o.name !== '--hashlimit-dstmask') continue;
      const v = o.values[0];
      if (v?.known && Number(v.value) > bits) this.report(IPT.badValue, v.range, `${o.name} ${v.value}: an ${this.family === 'ipv4' ? 'IPv4' : 'IPv6'} prefix has at most ${bits} bits; the kernel refuses it ("Invalid argument")`);
    }
  }

  /** The string match: hex bytes between bars, and a search window that is not empty. */
  private checkString(l: Loaded): void {
    const has = (option: string) => optionNamed(l.options, option);
    const hex = has('--hex-string')?.values[0];
    if (hex?.known) {
      const bad = badHexString(hex.value);
      if (bad !== undefined) this.report(IPT.badValue, hex.range, bad);
    }
    const from = has('--from')?.values[0];
    const to = has('--to')?.values[0];
    if (from?.known && to?.known && Number(from.value) > Number(to.value)) {
      this.report(IPT.badValue, to.range, `--to ${to.value} is before --from ${from.value}: the kernel refuses an empty search window ("Invalid argument")`);
    }
  }

  /** `-m statistic`: a mode, and what that mode needs (random: --probability; nth: --every and a --packet below it). */
  private checkStatistic(l: Loaded): void {
    const has = (option: string) => optionNamed(l.options, option);
    const mode = has('--mode')?.values[0];
    if (!mode) {
      this.report(IPT.missingArgument, l.range!, 'statistic: option "--mode" must be specified (random with --probability, or nth with --every and --packet)');
      return;
    }
    if (!mode.known) return;
    if (mode.value === 'random') {
      if (!has('--probability')) this.report(IPT.missingArgument, mode.range, '--probability must be specified when using random mode');
      return;
    }
    const every = has('--every');
    const packet = has('--packet');
    if (every && !packet) {
      this.report(IPT.missingArgument, every.range, 'statistic: option "--every" also requires "--packet" (0 to start counting at the first packet)');
      return;
    }
    const n = every?.values[0];
    const p = packet?.values[0];
    if (packet && p?.known && (!every || (n?.known && Number(p.value) >= Number(n.value)))) {
      this.report(IPT.badValue, packet.range, `the --packet p must be 0 <= p <= n-1 (n is --every${n?.known ? `, here ${n.value}` : ', which is missing'})`);
    }
  }

  /** `-m policy`: --dir is required, and says which packets it sees: decapsulated ones coming in, or ones about to be encapsulated going out. */
  private checkPolicyMatch(l: Loaded): void {
    const dir = optionNamed(l.options, '--dir');
    if (!dir) {
      if (!this.opaque) this.report(IPT.missingArgument, l.range!, 'policy match: neither --dir in nor --dir out specified');
      return;
    }
    const value = dir.values[0];
    const chain = this.chain?.known ? this.chain.value : undefined;
    if (!value?.known || !this.inBuiltinChain(chain)) return;
    const allowed = value.value === 'in' ? ['PREROUTING', 'INPUT', 'FORWARD'] : ['POSTROUTING', 'OUTPUT', 'FORWARD'];
    if (!allowed.includes(chain!)) {
      const what = value.value === 'in' ? 'the policy that decapsulated incoming packets' : 'the policy that will encapsulate outgoing packets';
      this.report(
        IPT.wrongTableOrChain,
        dir.range,
        `--dir ${value.value} (${what}) works only in ${allowed.join(', ')}, not in ${chain}: the kernel refuses the rule ("Invalid argument")`,
      );
    }
  }

  /** `-m time --weekdays Mon,Tu,7` and `--monthdays 1,15,31`, read the way iptables reads them. */
  private checkDays(weekdays: OptionValue | undefined, monthdays: OptionValue | undefined): void {
    const week = weekdays?.values[0];
    if (week?.known) {
      const parts = week.value.split(',');
      for (let i = 0; i < parts.length; i++) {
        const day = parts[i];
        // A trailing comma is allowed; an empty day before another is read as day 0.
        if (day === '' && i === parts.length - 1 && i > 0) continue;
        if (/^[0-9]+$/.test(day) || day === '') {
          if (Number(day) === 0) return this.report(IPT.badValue, week.range, `--weekdays: ${day === '' ? 'an empty day' : '0'} is not a day: days are 1 (Monday) to 7 (Sunday), or Mon…Sun`);
          continue;
        }
        // iptables compares the first two letters, case and all: `Mo`, `Monday` and `Mon` are Monday; `mon` is no day.
        if (!WEEKDAY_PREFIXES.has(day.slice(0, 2))) return this.report(IPT.badValue, week.range, `--weekdays: "${day}" is not a valid day specifier (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or 1 to 7)`);
      }
    }
    const month = monthdays?.values[0];
    if (month?.known) {
      for (const day of month.value.split(',')) {
        if (day !== '' && !(/^[0-9]+$/.test(day) && Number(day) <= 31)) return this.report(IPT.badValue, month.range, `--monthdays: "${day}" is not a valid day of the month (1 to 31)`);
      }
    }
  }

  /** Values of DSCP, CLASSIFY, NFQUEUE, CT and TCPOPTSTRIP that iptables reads itself rather than through a plain type. */
  private checkTargetValues(name: string, t: Loaded): void {
    const has = (option: string) => optionNamed(t.options, option);
    if (name === 'CT') {
      const zone = has('--zone')?.values[0];
      if (zone?.known && zone.value !== 'mark' && !(parseUnsigned(zone.value) >= 0 && parseUnsigned(zone.value) <= 65535)) this.report(IPT.badValue, zone.range, `Cannot parse ${zone.value} as a zone ID (0 to 65535, or mark)`);
      for (const [option, names] of [['--ctevents', CT_EVENTS], ['--expevents', EXP_EVENTS]] as const) {
        const v = has(option)?.values[0];
        const bad = v?.known ? v.value.split(',').find((e) => !names.includes(e)) : undefined;
        if (bad !== undefined) this.report(IPT.badValue, v!.range, `Unknown event type "${bad}": ${option} takes ${names.join(', ')}`);
      }
      return;
    }
    if (name === 'HMARK') return this.checkHmark(t);
    if (name === 'TCPOPTSTRIP') {
      const v = has('--strip-options')?.values[0];
      if (!v?.known) return;
      const seen = new Set<number>();
      for (const option of v.value.split(',')) {
        const n = TCP_OPTION_NUMBERS[option] ?? (/^[0-9]+$/.test(option) ? Number(option) : -1);
        if (n < 0 || n > 255) return this.report(IPT.badValue, v.range, `Bad TCP option value "${option}": use a number up to 255 or wscale, mss, sack-permitted, sack, timestamp, md5`);
        if (seen.has(n)) return this.report(IPT.duplicateOption, v.range, `Option "${option}" already specified`);
        seen.add(n);
      }
      return;
    }
    if (name === 'DSCP') {
      const v = has('--set-dscp-class')?.values[0];
      if (v?.known && !DSCP_CLASSES.has(v.value.toUpperCase())) this.report(IPT.badValue, v.range, `Invalid DSCP value \`${v.value}': the classes are AF11…AF43, CS0…CS7, EF and BE`);
    } else if (name === 'CLASSIFY') {
      const v = has('--set-class')?.values[0];
      if (v?.known && !/^[0-9a-fA-F]+:[0-9a-fA-F]+$/.test(v.value)) this.report(IPT.badValue, v.range, `Bad class value "${v.value}": write MAJOR:MINOR in hex, as tc does (1:10)`);
    } else {
      const balance = has('--queue-balance');
      const v = balance?.values[0];
      const m = v?.known ? /^([0-9]+):([0-9]+)$/.exec(v.value) : null;
      if (v?.known && (!m || Number(m[1]) >= Number(m[2]))) {
        this.report(IPT.badValue, v.range, m ? `${m[1]} should be less than ${m[2]}: --queue-balance takes the first and last queue, first:last` : `--queue-balance takes the first and last queue, first:last (0:3)`);
      }
      const fanout = has('--queue-cpu-fanout');
      if (fanout && !balance && !this.opaque) this.report(IPT.missingArgument, fanout.range, 'NFQUEUE: option "--queue-cpu-fanout" also requires "--queue-balance"');
    }
  }

  /**
   * HMARK's `--hmark-tuple` sets the option of each field it names (src: --hmark-src-prefix…), so that
   * option given after it is given twice; and spi, whether named there or as its option, clashes with
   * sport or dport named either way (spi is hashed where the ports would be). Checked against iptables 1.8.9.
   */
  private checkHmark(t: Loaded): void {
    const mod = optionNamed(t.options, '--hmark-mod')?.values[0];
    if (mod?.known && parseUnsigned(mod.value) === 0) this.report(IPT.badValue, mod.range, 'HMARK: bad value for option "--hmark-mod", or out of range (1-4294967295): the modulus cannot be 0');
    const at = t.options.findIndex((o) => o.name === '--hmark-tuple');
    const tuple = at < 0 ? undefined : t.options[at].values[0];
    // A tuple the script cannot know names fields nobody can tell: only the options count then.
    const fields = tuple?.known ? tuple.value.toLowerCase().split(',') : [];
    const unknown = fields.find((f) => !Object.hasOwn(HMARK_TUPLE_FIELDS, f));
    if (unknown !== undefined) return this.report(IPT.badValue, tuple!.range, `Bad type "${unknown}": --hmark-tuple takes src, dst, sport, dport, spi, proto and ct`);
    for (let i = at + 1; at >= 0 && i < t.options.length; i++) {
      const o = t.options[i];
      if (fields.some((f) => HMARK_TUPLE_FIELDS[f] === o.name)) this.report(IPT.duplicateOption, o.range, `HMARK: option "${o.name}" can only be used once: --hmark-tuple ${tuple!.value} already sets it`);
    }
    const named = (field: string): Range | undefined => optionNamed(t.options, HMARK_TUPLE_FIELDS[field]!)?.range ?? (fields.includes(field) ? tuple!.range : undefined);
    const spi = named('spi');
    if (spi && (named('sport') || named('dport'))) {
      this.report(IPT.duplicateOption, spi, 'you cannot use --hmark-spi-mask and --hmark-?port-mask at the same time: the SPI is hashed where the ports would be');
    }
  }

  private checkAddrtypeV6(l: Loaded): void {
    for (const o of l.options) {
      const v = o.values[0];
      const bad = v?.known ? v.value.split(',').find((t) => ['BROADCAST', 'BLACKHOLE', 'PROHIBIT'].includes(t.toUpperCase())) : undefined;
      if (bad) this.report(IPT.badValue, v!.range, `ip6tables' addrtype cannot match ${bad} (IPv6 has no such address type here); the kernel refuses the rule`);
    }
  }

  private checkReject(t: Loaded): void {
    const withOpt = t.options.find((o) => o.name === '--reject-with');
    const value = withOpt?.values[0];
    if (!value?.known) return;
    const isReset = resolveRejectType(value.value, this.family) === 'tcp-reset';
    if (isReset && this.protocol?.known !== false && (this.protocolName !== 'tcp' || this.protocol?.negated)) {
      this.report(
        IPT.badRejectWith,
        withOpt!.range,
        '--reject-with tcp-reset only works on TCP packets: add `-p tcp` (the kernel refuses the rule without it)',
      );
    }
  }

  private noteRuleOption(name: string, range: Range): void {
    if (this.firstRuleOptionName !== undefined) return;
    this.firstRuleOptionName = name;
    this.firstRuleOptionRange = range;
  }

  // ---- Result ----

  private build(): IptCommand | undefined {
    const cmd = this.command;
    if (!cmd) return undefined;
    const command = newCommand(cmd.op, this.family, this.table, this.tableRange, this.opRange!, this.whole, this.chain, this.policy);
    if (this.ruleNum) command.ruleNum = this.ruleNum;
    if (this.newName) command.newName = this.newName;
    if (this.unknownArgs) command.unknownArgs = this.unknownArgs;
    if (!this.tableKnown) command.tableKnown = false;
    const isRule = isRuleOp(cmd.op) && !(cmd.op === 'delete' && this.ruleNum);
    if (isRule && this.chain) {
      // The options collected in the reused lists go out as arrays of their exact size.
      const target = this.targetLoaded?.target;
      if (target) target.options = exactOptions(this.targetLoaded!.options);
      command.rule = newRule(
        this.family,
        this.table,
        this.chain.value,
        this.protocol,
        this.source,
        this.destination,
        this.inInterface,
        this.outInterface,
        this.fragment,
        modulesOf(this.loaded),
        target,
        this.whole,
        addressTraitsOf(this.source, this.family) | addressTraitsOf(this.destination, this.family),
      );
    }
    return command;
  }
}

const parser = new CommandParser();

/** Protocols whose ports NAT targets can map (ICMP ids count too, see checkTargetProtocol). */
const PORT_PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp', 'dccp', 'udplite'];

/** Built-in chains where TCPMSS --clamp-mss-to-pmtu works. */
const CLAMP_MSS_CHAINS: readonly string[] = ['FORWARD', 'OUTPUT', 'POSTROUTING'];

function optionNamed(options: readonly OptionValue[], name: string): OptionValue | undefined {
  for (const o of options) if (o.name === name) return o;
  return undefined;
}

function hasAnyOption(options: readonly OptionValue[], names: readonly string[]): boolean {
  for (const o of options) if (names.includes(o.name)) return true;
  return false;
}

function onlyWarnings(problems: readonly Problem[]): boolean {
  for (const p of problems) if (p.severity !== 'warning') return false;
  return true;
}

/** Empties a list the parser reuses: popping is cheaper than setting the length, which goes through the runtime. */
function emptyList(list: unknown[]): void {
  while (list.length > 0) list.pop();
}

/** The match a loaded record stands for, with its options. */
function matchOf(l: Loaded): MatchModule {
  return newMatch(l.name, l.implicit, l.range!, l.options);
}

function modulesOf(loaded: readonly Loaded[]): MatchModule[] {
  if (loaded.length === 0) return NO_MATCHES;
  // Most rules have one match: a literal of one is packed and exactly sized.
  if (loaded.length === 1) return [matchOf(loaded[0])];
  const out: MatchModule[] = new Array(loaded.length);
  for (let k = 0; k < loaded.length; k++) out[k] = matchOf(loaded[k]);
  return out;
}

/** `hh:mm[:ss]` within a day. */
function isClock(text: string): boolean {
  const parts = text.split(':');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^\d{1,2}$/.test(p))) return false;
  const [h, m, s = '0'] = parts.map(Number);
  return h < 24 && m < 60 && Number(s) < 60;
}

function clockSeconds(text: string): number {
  const [h, m, s = 0] = text.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

/** Stand-in spec for `-j CHAIN` (a jump to a user chain: no options). */
const CHAIN_TARGET: TargetSpec = { name: '', doc: '', options: [], terminal: false };

/**
 * The value of `-s`, `-d`, `-i`, `-o` or `-p` as the rule keeps it: the argument itself when the option
 * is not negated and the argument already reads as not negated (the evaluator's WordArg and a restore
 * file's RestoreWord: a 100,000-rule input would otherwise keep two copies per rule), else a copy
 * with the negation.
 */
function negatableValue(arg: ArgWord, negated: boolean): Negatable<string> {
  return !negated && (arg as Partial<Negatable<string>>).negated === false
    ? (arg as Negatable<string>)
    : { value: arg.value, range: arg.range, known: arg.known, negated };
}

/** From the start of `a` to the end of `b` (`a` comes first). */
function span(a: Range, b: Range): Range {
  return spanRanges(a, b);
}

function rangeEquals(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character
  );
}

function renameFix(word: ArgWord, written: string, suggestion: string): Fix {
  return { title: `Change ${written} to ${suggestion}`, edits: [{ range: word.range, newText: suggestion }], preferred: true, safe: false };
}

/**
 * Parse one iptables command line given as words. `restoreTable` is set for a line of an
 * iptables-restore file: the table comes from its `*table` header and `-t` is refused.
 */
export function parseArgs(args: ArgWord[], family: Family, range: Range, restoreTable?: TableName): ParseResult {
  parser.reset(args, family, range, restoreTable);
  return parser.run();
}

/** Whether nothing in the rule stops the kernel accepting it (no error among the problems). */
export function hasErrors(result: ParseResult): boolean {
  return result.problems.some((p) => (p.severity ?? 'error') === 'error');
}
