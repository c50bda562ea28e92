import { keepHiddenClassesOf } from '../core/hiddenClasses';
import type { Family } from '../iptables/rule';
import type { ChainState, RuleEntry } from '../model/ruleset';
import { type AddressBlocks, DECIDES } from './chainSpaces';
import { type Bound, GrowingUnion, IntervalSet } from './intervals';
import { type Box, Dim, DIM_COUNT, domains, lowestPacketOf, narrowedDims, plainDestinationPorts, type RuleSpace, subtractBox } from './space';
import { isTerminal, verdictClass, verdictOf } from './verdict';

/** A rule that can never match: earlier rules decide every packet it would match. */
export interface DeadRule {
  entry: RuleEntry;
  /** The earlier rules that decide its packets (the first few of them). */
  blockers: RuleEntry[];
  /** Every blocker has the rule's own verdict: it is redundant rather than overruled. */
  sameVerdict: boolean;
}

/** How many boxes a rule's remaining space may split into before the analysis gives up on it (no finding). */
const MAX_PIECES = 32;
/** Work bound per chain (group visits): past it, later rules are not judged. Sound: fewer findings only. */
const MAX_VISITS_PER_CHAIN = 3_000_000;
const MAX_BLOCKERS_NAMED = 5;
/** Dimensions tried, in order, as the one a group of rules varies in (blocklists vary by address). */
const VARYING_ORDER = [1, 2, 4, 3, 0, 5, 6, 7, 8, 9];

/** Below this many groups a rule's group is found by comparing shapes; above it, by a text key. */
const GROUPS_COMPARED = 8;

/** A rule's space by its position in the chain being judged. */
type SpaceAt = (position: number) => RuleSpace;

/**
 * Earlier deciding rules with the same verdict that agree on every dimension but one: their union
 * is one box whose varying side is the union of theirs, so a blocklist of 100,000 `-s X -j DROP`
 * rules is a single box with a 100,000-interval source side. Members are kept in flat arrays (no
 * object per rule): at that size, every object that survives costs garbage-collection time. A group
 * of one (most groups of a short chain) keeps its side as it is, without a union.
 */
class BlockerGroup {
  /** The union of the members' varying sides, from the second member on. */
  private union?: GrowingUnion;
  /** The first member's varying side, until there is a union. */
  private side?: IntervalSet;
  /**
   * Three values per member, in chain order: its chain position and the hull [start, end) of its
   * varying side (for the stabbing index). One array for all: a short chain makes thousands of groups.
   */
  private readonly members: Bound[] = [];
  /** Member indexes sorted by start, and the running maximum of their ends (built when first needed). */
  private order: readonly number[] = NOT_INDEXED;
  private maxEnd: readonly Bound[] = NOT_INDEXED;
  /** The shared sides that are not the whole domain, one bit per dimension: the only ones worth testing. */
  readonly restricted: number;

  constructor(
    /** The shared sides; the varying side is ignored. */
    readonly key: Box,
    /** -1: the group's rules match everything (catch-alls). */
    readonly dim: number,
    readonly verdict: string,
    /** The key's narrowed dimensions (narrowedDims), the varying one left out. */
    restricted: number,
  ) {
    this.restricted = restricted;
  }

  /** Whether a rule with this verdict, varying dimension, box and narrowed dimensions (without `dim`) belongs here. */
  fits(verdict: string, dim: number, box: Box, restricted: number): boolean {
    if (verdict !== this.verdict || dim !== this.dim || restricted !== this.restricted) return false;
    for (let m = restricted, d = 0; m !== 0; m >>= 1, d++) if (m & 1 && !this.key[d].equals(box[d])) return false;
    return true;
  }

  add(position: number, side: IntervalSet | undefined): void {
    this.version++;
    if (!side) {
      this.members.push(position, 0, 0);
      return;
    }
    this.members.push(position, side.bounds[0], side.bounds[side.bounds.length - 1]);
    if (this.union) this.union.add(side);
    else if (!this.side) this.side = side;
    else {
      this.union = new GrowingUnion();
      this.union.add(this.side);
      this.union.add(side);
      this.side = undefined;
    }
  }

  /** `add` for a member whose varying side is the one interval [start, end). */
  addInterval(position: number, start: Bound, end: Bound): void {
    if (!this.union) {
      this.add(position, IntervalSet.of(start, end));
      return;
    }
    this.version++;
    this.members.push(position, start, end);
    this.union.addInterval(start, end);
  }

  /** Whether the group's union holds this one packet (one value per dimension). */
  holds(point: readonly Bound[]): boolean {
    for (let m = this.restricted, d = 0; m !== 0; m >>= 1, d++) if (m & 1 && !this.key[d].has(point[d])) return false;
    return this.dim < 0 || (this.union ? this.union.has(point[this.dim]) : this.side!.has(point[this.dim]));
  }

  /** Grows with every member: a kept answer of `holdsWitness` is good while it has not changed. */
  private version = 0;
  private kept = { version: -1, dim: -1, held: false };

  /**
   * `holds` for a blocklist entry's witness: the lowest packet but for its block's side `blockDim`.
   * When the group neither tests nor varies in that side, the answer is the same for every entry of
   * a blocklist, and it is kept until the group grows.
   */
  holdsWitness(point: readonly Bound[], blockDim: number): boolean {
    if (this.dim === blockDim || (this.restricted >> blockDim) & 1) return this.holds(point);
    const kept = this.kept;
    if (kept.version !== this.version || kept.dim !== blockDim) {
      kept.held = this.holds(point);
      kept.version = this.version;
      kept.dim = blockDim;
    }
    return kept.held;
  }

  /** `holds` for a single-block member about to join: the union remembers where the block goes. */
  holdsJoining(point: readonly Bound[]): boolean {
    return this.union ? this.union.locateHas(point[this.dim]) : this.holds(point);
  }

  /** `box` minus this group's union, as disjoint boxes; `undefined` when they do not meet. */
  cut(box: Box): Box[] | undefined {
    for (let m = this.restricted, d = 0; m !== 0; m >>= 1, d++) if (m & 1 && !this.key[d].intersects(box[d])) return undefined;
    if (this.dim >= 0 && !(this.union ? this.union.intersects(box[this.dim]) : this.side!.intersects(box[this.dim]))) return undefined;
    const out: Box[] = [];
    let current = box;
    for (let d = 0; d <= DIM_COUNT; d++) {
      // The shared sides in order, then the varying one.
      const dim = d < DIM_COUNT ? d : this.dim;
      if (d < DIM_COUNT ? !((this.restricted >> d) & 1) : dim < 0) continue;
      let rest: IntervalSet;
      let inside: IntervalSet;
      if (d === DIM_COUNT) {
        rest = this.union ? this.union.subtractFrom(current[dim]) : current[dim].subtract(this.side!);
        inside = current[dim].subtract(rest);
      } else {
        if (this.key[dim].covers(current[dim])) continue;
        rest = current[dim].subtract(this.key[dim]);
        inside = current[dim].intersect(this.key[dim]);
      }
      if (!rest.isEmpty) {
        const piece = current.slice();
        piece[dim] = rest;
        out.push(piece);
      }
      current = current.slice();
      current[dim] = inside;
    }
    return out;
  }

  /** Chain positions of members whose match meets one of `boxes` (at most `limit`). */
  membersMeeting(boxes: Box[], limit: number, spaceAt: SpaceAt): number[] {
    const out: number[] = [];
    const members = this.members;
    const count = members.length / 3;
    const consider = (i: number) => {
      const position = members[3 * i] as number;
      if (out.length < limit && !out.includes(position) && spaceAt(position).boxes.some((m) => boxes.some((b) => meetsBox(m, b)))) out.push(position);
    };
    if (this.dim < 0 || count <= 256) {
      for (let i = 0; i < count && out.length < limit; i++) consider(i);
      return out;
    }
    // The first few questions are answered by a scan in the order the index would give (a sort
    // only pays off for a blocklist with many duplicates). After that, members added since the last
    // sort are scanned one by one; sorting again only pays off once there are many of them.
    const unindexed = count - this.order.length > Math.max(1024, this.order.length >> 3);
    if (unindexed && this.order.length === 0 && this.scans < SCANS_BEFORE_INDEX) {
      this.scans++;
      const found = boxes.map((box) => this.meetingHulls(box[this.dim].bounds[0], box[this.dim].bounds[box[this.dim].bounds.length - 1]));
      if (found.every((meeting) => meeting !== undefined)) {
        for (const meeting of found) for (let k = 0; k < meeting!.length && out.length < limit; k++) consider(meeting![k]);
        return out;
      }
    }
    if (unindexed) this.reindex();
    for (const box of boxes) {
      const side = box[this.dim].bounds;
      const qStart = side[0];
      const qEnd = side[side.length - 1];
      // Last member starting before the query's end; walk back while some earlier member still reaches it.
      let lo = 0;
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (members[3 * this.order[mid] + 1] < qEnd) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo - 1; k >= 0 && this.maxEnd[k] > qStart && out.length < limit; k--) {
        if (members[3 * this.order[k] + 2] > qStart) consider(this.order[k]);
      }
      for (let i = this.order.length; i < count && out.length < limit; i++) {
        if (members[3 * i + 1] < qEnd && members[3 * i + 2] > qStart) consider(i);
      }
    }
    return out;
  }

  private scans = 0;

  /**
   * Members whose hull meets [qStart, qEnd), latest start first (ties: latest member first), as the
   * index walks them; undefined when there are too many for a scan to beat the index.
   */
  private meetingHulls(qStart: Bound, qEnd: Bound): number[] | undefined {
    const members = this.members;
    const meeting: number[] = [];
    for (let i = 0; i < members.length / 3; i++) {
      if (members[3 * i + 1] < qEnd && members[3 * i + 2] > qStart && meeting.push(i) > MAX_SCANNED_MEETING) return undefined;
    }
    return meeting.sort((a, b) => (members[3 * a + 1] < members[3 * b + 1] ? 1 : members[3 * a + 1] > members[3 * b + 1] ? -1 : b - a));
  }

  private reindex(): void {
    const members = this.members;
    const count = members.length / 3;
    if (typeof members[1] === 'number' && count < PACKED_INDEXES) {
      // IPv4 starts (below 2^32) and member indexes fit together in one double: a native sort of
      // the packed values is the stable sort by start, many times faster than a comparator.
      const packed = new Float64Array(count);
      for (let i = 0; i < count; i++) packed[i] = (members[3 * i + 1] as number) * PACKED_INDEXES + i;
      packed.sort();
      const order: number[] = [];
      for (let k = 0; k < count; k++) order.push(packed[k] % PACKED_INDEXES);
      this.order = order;
    } else {
      const order: number[] = [];
      for (let i = 0; i < count; i++) order.push(i);
      this.order = order.sort((a, b) => (members[3 * a + 1] < members[3 * b + 1] ? -1 : members[3 * a + 1] > members[3 * b + 1] ? 1 : 0));
    }
    const maxEnd: Bound[] = [];
    let max = members[3 * this.order[0] + 2];
    for (const i of this.order) {
      if (members[3 * i + 2] > max) max = members[3 * i + 2];
      maxEnd.push(max);
    }
    this.maxEnd = maxEnd;
  }
}

/** The index of a group nobody has asked yet. */
const NOT_INDEXED: readonly never[] = [];

/** Questions a large group answers by scanning its members before it builds its index, and how many members a scan may find. */
const SCANS_BEFORE_INDEX = 4;
const MAX_SCANNED_MEETING = 1024;

/** Member indexes below this pack with an IPv4 start into one double (2^21 · 2^32 < 2^53). */
const PACKED_INDEXES = 2 ** 21;

function meetsBox(a: Box, b: Box): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (!a[d].intersects(b[d])) return false;
  return true;
}

/** The lowest packet of each family's space: the witness of a single-block rule starts from it. */
const LOWEST: Record<Family, Bound[]> = { ipv4: domains('ipv4').map((d) => d.lo), ipv6: domains('ipv6').map((d) => d.lo) };

/** The answer for a chain with no rule before its last: nothing before it can decide its packets. */
const NONE_DEAD: readonly DeadRule[] = Object.freeze([]);

/**
 * The dead rules of one chain, in one pass: each rule's match is cut by the groups of earlier
 * deciding rules (exact, unconditional, terminal). Only rules whose match is fully consumed are dead.
 * `blocks` (a long chain's single-block rules) lets a blocklist entry be judged and grouped without
 * building its box.
 */
export function findDeadRules(chain: ChainState, family: Family, spaceOf: (e: RuleEntry) => RuleSpace, blocks?: AddressBlocks): readonly DeadRule[] {
  if (chain.rules.length < 2) return NONE_DEAD;
  return new DeadRulePass(chain.rules, family, spaceOf, blocks).run();
}

/**
 * The state of findDeadRules over one chain. A class rather than closures: a ruleset of thousands of
 * short chains (one per tenant) would otherwise build half a dozen functions and their context per chain.
 */
class DeadRulePass {
  readonly dead: DeadRule[] = [];
  readonly groups: BlockerGroup[] = [];
  private groupByKey: Map<string, BlockerGroup> | undefined = undefined;
  /** The destination ports of the earlier rules that may decide packets (or more): their sets, or all ports. */
  private readonly deciderPorts: IntervalSet[] = [];
  private deciderTakesAnyPort = false;

  constructor(
    private readonly rules: readonly RuleEntry[],
    private readonly family: Family,
    private readonly spaceOf: (e: RuleEntry) => RuleSpace,
    private readonly blocks: AddressBlocks | undefined,
  ) {}

  /** A rule's space by its position in the chain. */
  private spaceAt(position: number): RuleSpace {
    return this.blocks && this.blocks.dim[position] >= 0 ? this.blocks.space(position) : this.spaceOf(this.rules[position]);
  }

  run(): DeadRule[] {
    const { rules, blocks, groups, spaceOf } = this;
    let visits = 0;
    // Single-block rules (when the chain has them): their groups per verdict, for sources and for
    // destinations, and the witness they share.
    const blockGroups: (BlockerGroup | undefined)[][] = blocks ? [[], []] : [];
    const lowest = LOWEST[this.family];
    /** Rules before this position are in their groups (the port test lets a short chain put that off). */
    let grouped = 0;
    const witness = blocks ? lowest.slice() : lowest;
    for (let i = 0; i < rules.length; i++) {
      const blockDim = blocks ? blocks.dim[i] : -1;
      if (blockDim >= 0) {
        // A blocklist entry: its witness is the lowest packet of its block, its group the verdict's
        // (read from the compact form: the rule itself is not visited again).
        const joins = (blocks!.flags[i] & DECIDES) !== 0;
        const verdict = blocks!.verdict[i];
        const known = blockGroups[blockDim === Dim.Source ? 0 : 1];
        let group = joins ? known[verdict] : undefined;
        if (visits < MAX_VISITS_PER_CHAIN && groups.length > 0) {
          visits += groups.length;
          witness[blockDim] = blocks!.start[i];
          let held = false;
          for (const g of groups) if ((held = g === group ? g.holdsJoining(witness) : g.holdsWitness(witness, blockDim))) break;
          witness[blockDim] = lowest[blockDim];
          if (held) this.judgeIfDead(i, blocks!.space(i).boxes);
        }
        if (!joins) continue;
        if (!group) {
          group = this.groupFor(blocks!.verdicts[verdict], blocks!.space(i).boxes[0], 1 << blockDim);
          known[verdict] = group;
        }
        group.addInterval(i, blocks!.start[i], blocks!.end[i]);
        grouped = i + 1;
        continue;
      }
      if (!blocks && this.portsCanTell(i)) continue;
      // Rules passed over by the port test join their groups now, in chain order, as if never skipped.
      for (; grouped < i; grouped++) this.joinGroups(grouped, spaceOf(rules[grouped]));
      const entry = rules[i];
      // A rule that joins no group needs its space only when its lowest packet is decided already:
      // most jumps of a chain of them (one per tenant) are let go without a box built.
      if ((entry.conditional || !isTerminal(verdictOf(entry))) && lowestPacketOf(entry.rule, WITNESS)) {
        if (visits < MAX_VISITS_PER_CHAIN && groups.length > 0) {
          visits += groups.length;
          if (heldByAny(WITNESS, groups)) this.judgeIfDead(i, spaceOf(entry).boxes);
        }
        grouped = i + 1;
        continue;
      }
      const space = spaceOf(entry);
      if (visits < MAX_VISITS_PER_CHAIN && space.boxes.length > 0 && groups.length > 0) {
        visits += groups.length * space.boxes.length;
        if (witnessesDecided(space.boxes, groups)) this.judgeIfDead(i, space.boxes);
      }
      this.joinGroups(i, space);
      grouped = i + 1;
    }
    return this.dead;
  }

  /** The group of a box whose narrowed dimensions are `narrowed`, made when there is none yet. */
  private groupFor(verdict: string, box: Box, narrowed: number): BlockerGroup {
    const groups = this.groups;
    let dim = -1;
    for (const d of VARYING_ORDER) {
      if ((narrowed >> d) & 1) {
        dim = d;
        break;
      }
    }
    const restricted = dim < 0 ? narrowed : narrowed & ~(1 << dim);
    let group: BlockerGroup | undefined;
    if (groups.length > GROUPS_COMPARED) {
      let byKey = this.groupByKey;
      if (!byKey) {
        byKey = this.groupByKey = new Map();
        for (const g of groups) byKey.set(groupKey(g.verdict, g.dim, g.key, g.restricted), g);
      }
      const key = groupKey(verdict, dim, box, restricted);
      group = byKey.get(key);
      if (group) return group;
      byKey.set(key, (group = new BlockerGroup(box, dim, verdict, restricted)));
    } else {
      for (const g of groups) if (g.fits(verdict, dim, box, restricted)) return g;
      group = new BlockerGroup(box, dim, verdict, restricted);
    }
    groups.push(group);
    return group;
  }

  private joinGroups(position: number, space: RuleSpace): void {
    const entry = this.rules[position];
    if (!space.exact || entry.conditional || !isTerminal(verdictOf(entry))) return;
    const verdict = verdictClass(entry);
    for (const box of space.boxes) {
      const group = this.groupFor(verdict, box, narrowedDims(this.family, box));
      group.add(position, group.dim < 0 ? undefined : box[group.dim]);
    }
  }

  /**
   * A first test that needs no space at all (a short chain builds none when it passes everywhere):
   * rule `i` is certainly not dead when its destination ports are not all among those of the earlier
   * rules that may decide packets — a box covered by others is covered in every one of its sides.
   * Earlier rules count with the ports they name, or all ports when they name them other than plainly.
   */
  private portsCanTell(i: number): boolean {
    const entry = this.rules[i];
    const ports = plainDestinationPorts(entry.rule);
    // With no earlier decider at all there is nothing to test either.
    const canTell = (this.deciderPorts.length === 0 && !this.deciderTakesAnyPort) || (ports !== undefined && !this.portsCovered(ports));
    if (!entry.conditional && isTerminal(verdictOf(entry)) && !this.deciderTakesAnyPort) {
      if (ports) this.deciderPorts.push(ports);
      else this.deciderTakesAnyPort = true;
    }
    return canTell;
  }

  /** Whether the earlier deciders' ports cover `ports`: a single port needs no union built. */
  private portsCovered(ports: IntervalSet): boolean {
    if (this.deciderTakesAnyPort) return true;
    const start = ports.bounds[0];
    if (ports.intervalCount === 1 && ports.bounds[1] === (start as number) + 1) {
      for (const set of this.deciderPorts) if (set.has(start)) return true;
      return false;
    }
    return this.deciderPorts.reduce((union, set) => union.union(set), IntervalSet.EMPTY).covers(ports);
  }

  private judgeIfDead(position: number, boxes: Box[]): void {
    const deciders = consume(boxes, this.groups);
    if (deciders) this.dead.push(judge(this.rules, position, boxes, deciders, (p) => this.spaceAt(p)));
  }
}

/** The text that names a group: its verdict, varying dimension and the shared sides that are not whole. */
function groupKey(verdict: string, dim: number, box: Box, restricted: number): string {
  let key = `${verdict}|${dim}`;
  for (let m = restricted, d = 0; m !== 0; m >>= 1, d++) if (m & 1) key += `|${d}:${box[d].key()}`;
  return key;
}

/** Past this many earlier rules meeting a dead rule, it is called overruled without naming who decides what. */
const MAX_ORDERED_BLOCKERS = 256;

/**
 * Which earlier rules decide a dead rule's packets, in chain order (the first rule that meets a
 * packet decides it). Redundant (IPT302) when rules with its own verdict alone cover it and decide
 * at least some of its packets first: earlier exceptions such as `-i lo -j ACCEPT` do not turn a
 * duplicate DROP into an overruled one, but an earlier DROP of everything it accepts does.
 */
function judge(rules: readonly RuleEntry[], position: number, boxes: Box[], groups: BlockerGroup[], spaceAt: SpaceAt): DeadRule {
  const entry = rules[position];
  const own = verdictClass(entry);
  const sameGroups = groups.filter((g) => g.verdict === own);
  const coveredBySame = isTerminal(verdictOf(entry)) && sameGroups.length > 0 && consume(boxes, sameGroups) !== undefined;
  const candidates = new Set<number>();
  for (const g of groups) for (const m of g.membersMeeting(boxes, MAX_ORDERED_BLOCKERS + 1, spaceAt)) candidates.add(m);
  const ordered = [...candidates].sort((a, b) => a - b);
  const same: RuleEntry[] = [];
  const other: RuleEntry[] = [];
  const inOrder = ordered.length <= MAX_ORDERED_BLOCKERS;
  if (inOrder) {
    let remaining = boxes;
    for (const b of ordered) {
      if (remaining.length === 0 || remaining.length > MAX_PIECES * 4) break;
      let next: Box[] = remaining;
      for (const cut of spaceAt(b).boxes) next = next.flatMap((r) => subtractBox(r, cut));
      if (next.length === remaining.length && next.every((r, i) => r === remaining[i])) continue;
      (verdictClass(rules[b]) === own ? same : other).push(rules[b]);
      remaining = next;
    }
  }
  if (coveredBySame && (!inOrder || same.length > 0)) {
    const named = same.length > 0 ? same : sameGroups.flatMap((g) => g.membersMeeting(boxes, MAX_BLOCKERS_NAMED, spaceAt).map((p) => rules[p]));
    return { entry, blockers: named.slice(0, MAX_BLOCKERS_NAMED), sameVerdict: true };
  }
  const named = other.length > 0 ? other : ordered.map((p) => rules[p]);
  return { entry, blockers: named.slice(0, MAX_BLOCKERS_NAMED), sameVerdict: false };
}

/**
 * A cheap filter before the box arithmetic: the lowest packet of each box must already be decided,
 * otherwise the rule certainly matches something. Most rules of a blocklist stop here.
 */
const WITNESS: Bound[] = new Array(DIM_COUNT).fill(0);

function witnessesDecided(boxes: Box[], groups: BlockerGroup[]): boolean {
  for (const box of boxes) {
    for (let d = 0; d < DIM_COUNT; d++) WITNESS[d] = box[d].bounds[0];
    if (!heldByAny(WITNESS, groups)) return false;
  }
  return true;
}

/** Whether some group holds this packet. */
function heldByAny(point: readonly Bound[], groups: BlockerGroup[]): boolean {
  for (const g of groups) if (g.holds(point)) return true;
  return false;
}

/** The groups that together consume every box, or undefined when something remains (or it got too complex). */
function consume(boxes: Box[], groups: BlockerGroup[]): BlockerGroup[] | undefined {
  let remaining = boxes;
  const used: BlockerGroup[] = [];
  for (const group of groups) {
    let changed = false;
    const next: Box[] = [];
    for (const box of remaining) {
      const pieces = group.cut(box);
      if (!pieces) {
        next.push(box);
        continue;
      }
      changed = true;
      next.push(...pieces);
    }
    if (!changed) continue;
    used.push(group);
    remaining = next;
    if (remaining.length === 0) return used;
    if (remaining.length > MAX_PIECES) return undefined;
  }
  return undefined;
}

// Groups live as long as one dead-rule pass: see keepHiddenClassesOf.
keepHiddenClassesOf(new BlockerGroup([], -1, '', 0), new DeadRulePass([], 'ipv4', () => ({ boxes: [], exact: true, notModelled: [] }), undefined));
