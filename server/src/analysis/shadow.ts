import type { Family } from '../iptables/rule';
import type { ChainState, RuleEntry } from '../model/ruleset';
import { GrowingUnion, IntervalSet } from './intervals';
import { type Box, DIM_COUNT, isFull, type RuleSpace, subtractBox } from './space';
import { isTerminal, verdictOf } from './verdict';

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

/**
 * Earlier deciding rules with the same verdict that agree on every dimension but one: their union
 * is one box whose varying side is the union of theirs, so a blocklist of 100,000 `-s X -j DROP`
 * rules is a single box with a 100,000-interval source side. Members are kept in flat arrays (no
 * object per rule): at that size, every object that survives costs garbage-collection time.
 */
class BlockerGroup {
  readonly union = new GrowingUnion();
  private readonly entries: RuleEntry[] = [];
  /** Hull of each member's set in the varying dimension, for the stabbing index. */
  private readonly starts: (bigint | number)[] = [];
  private readonly ends: (bigint | number)[] = [];
  /** Member indexes sorted by start, and the running maximum of their ends. */
  private order: number[] = [];
  private maxEnd: (bigint | number)[] = [];
  /** The shared sides that are not the whole domain: the only ones worth testing. */
  private readonly restricted: number[];

  constructor(
    /** The shared sides; the varying side is ignored. */
    readonly key: Box,
    /** -1: the group's rules match everything (catch-alls). */
    readonly dim: number,
    readonly verdict: string,
    family: Family,
    private readonly spaceOf: (e: RuleEntry) => RuleSpace,
  ) {
    this.restricted = [];
    for (let d = 0; d < DIM_COUNT; d++) if (d !== dim && !isFull(family, d, key[d])) this.restricted.push(d);
  }

  add(entry: RuleEntry, box: Box): void {
    const side = this.dim < 0 ? undefined : box[this.dim];
    this.entries.push(entry);
    this.starts.push(side ? side.bounds[0] : 0);
    this.ends.push(side ? side.bounds[side.bounds.length - 1] : 0);
    if (side) this.union.add(side);
  }

  /** Whether the group's union holds this one packet (one value per dimension). */
  holds(point: readonly (bigint | number)[]): boolean {
    for (const d of this.restricted) if (!this.key[d].has(point[d])) return false;
    return this.dim < 0 || this.union.has(point[this.dim]);
  }

  /** `box` minus this group's union, as disjoint boxes; `undefined` when they do not meet. */
  cut(box: Box): Box[] | undefined {
    for (const d of this.restricted) if (!this.key[d].intersects(box[d])) return undefined;
    if (this.dim >= 0 && !this.union.intersects(box[this.dim])) return undefined;
    const out: Box[] = [];
    let current = box;
    const dims = this.dim < 0 ? this.restricted : [...this.restricted, this.dim];
    for (const d of dims) {
      let rest: IntervalSet;
      let inside: IntervalSet;
      if (d === this.dim) {
        rest = this.union.subtractFrom(current[d]);
        inside = current[d].subtract(rest);
      } else {
        if (this.key[d].covers(current[d])) continue;
        rest = current[d].subtract(this.key[d]);
        inside = current[d].intersect(this.key[d]);
      }
      if (!rest.isEmpty) {
        const piece = current.slice();
        piece[d] = rest;
        out.push(piece);
      }
      current = current.slice();
      current[d] = inside;
    }
    return out;
  }

  /** Members whose match meets one of `boxes` (at most `limit`). */
  membersMeeting(boxes: Box[], limit: number): RuleEntry[] {
    const out: RuleEntry[] = [];
    const consider = (i: number) => {
      const entry = this.entries[i];
      if (out.length < limit && !out.includes(entry) && this.spaceOf(entry).boxes.some((m) => boxes.some((b) => meetsBox(m, b)))) out.push(entry);
    };
    if (this.dim < 0 || this.entries.length <= 256) {
      for (let i = 0; i < this.entries.length && out.length < limit; i++) consider(i);
      return out;
    }
    // Members added since the last sort are scanned one by one; sorting again only pays off once
    // there are many of them (a blocklist with many duplicates asks often).
    if (this.entries.length - this.order.length > Math.max(1024, this.order.length >> 3)) this.reindex();
    for (const box of boxes) {
      const side = box[this.dim].bounds;
      const qStart = side[0];
      const qEnd = side[side.length - 1];
      // Last member starting before the query's end; walk back while some earlier member still reaches it.
      let lo = 0;
      let hi = this.order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.starts[this.order[mid]] < qEnd) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo - 1; k >= 0 && this.maxEnd[k] > qStart && out.length < limit; k--) {
        if (this.ends[this.order[k]] > qStart) consider(this.order[k]);
      }
      for (let i = this.order.length; i < this.entries.length && out.length < limit; i++) {
        if (this.starts[i] < qEnd && this.ends[i] > qStart) consider(i);
      }
    }
    return out;
  }

  private reindex(): void {
    this.order = this.entries.map((_, i) => i).sort((a, b) => (this.starts[a] < this.starts[b] ? -1 : this.starts[a] > this.starts[b] ? 1 : 0));
    this.maxEnd = [];
    let max: bigint | number = this.ends[this.order[0]];
    for (const i of this.order) {
      if (this.ends[i] > max) max = this.ends[i];
      this.maxEnd.push(max);
    }
  }
}

function meetsBox(a: Box, b: Box): boolean {
  for (let d = 0; d < DIM_COUNT; d++) if (!a[d].intersects(b[d])) return false;
  return true;
}

/** How a deciding rule's verdict is compared: DROP and REJECT differ (a timeout is not a refusal). */
function verdictClass(entry: RuleEntry): string {
  const target = entry.rule.target;
  if (!target) return 'continue';
  return target.kind === 'goto' ? `goto ${entry.jumpsTo ?? target.name}` : target.name;
}

/**
 * The dead rules of one chain, in one pass: each rule's match is cut by the groups of earlier
 * deciding rules (exact, unconditional, terminal). Only rules whose match is fully consumed are dead.
 */
export function findDeadRules(chain: ChainState, family: Family, spaceOf: (e: RuleEntry) => RuleSpace): DeadRule[] {
  const dead: DeadRule[] = [];
  const groups: BlockerGroup[] = [];
  const groupByKey = new Map<string, BlockerGroup>();
  let visits = 0;
  // Chain positions, only needed (and built once) when some rule turns out dead.
  let position: Map<RuleEntry, number> | undefined;
  const positions = () => (position ??= new Map(chain.rules.map((e, i) => [e, i])));
  for (const entry of chain.rules) {
    const space = spaceOf(entry);
    const kind = verdictOf(entry);
    if (visits < MAX_VISITS_PER_CHAIN && space.boxes.length > 0 && groups.length > 0) {
      visits += groups.length * space.boxes.length;
      const deciders = witnessesDecided(space.boxes, groups) ? consume(space.boxes, groups) : undefined;
      if (deciders) dead.push(judge(entry, space.boxes, deciders, positions(), spaceOf));
    }
    if (!space.exact || entry.conditional || !isTerminal(kind)) continue;
    for (const box of space.boxes) {
      const dim = VARYING_ORDER.find((d) => !isFull(family, d, box[d])) ?? -1;
      let key = `${verdictClass(entry)}|${dim}`;
      for (let d = 0; d < DIM_COUNT; d++) if (d !== dim && !isFull(family, d, box[d])) key += `|${d}:${box[d].key()}`;
      let group = groupByKey.get(key);
      if (!group) {
        group = new BlockerGroup(box, dim, verdictClass(entry), family, spaceOf);
        groupByKey.set(key, group);
        groups.push(group);
      }
      group.add(entry, box);
    }
  }
  return dead;
}

/** Past this many earlier rules meeting a dead rule, it is called overruled without naming who decides what. */
const MAX_ORDERED_BLOCKERS = 256;

/**
 * Which earlier rules decide a dead rule's packets, in chain order (the first rule that meets a
 * packet decides it). Redundant (IPT302) when rules with its own verdict alone cover it and decide
 * at least some of its packets first: earlier exceptions such as `-i lo -j ACCEPT` do not turn a
 * duplicate DROP into an overruled one, but an earlier DROP of everything it accepts does.
 */
function judge(entry: RuleEntry, boxes: Box[], groups: BlockerGroup[], position: Map<RuleEntry, number>, spaceOf: (e: RuleEntry) => RuleSpace): DeadRule {
  const own = verdictClass(entry);
  const sameGroups = groups.filter((g) => g.verdict === own);
  const coveredBySame = isTerminal(verdictOf(entry)) && sameGroups.length > 0 && consume(boxes, sameGroups) !== undefined;
  const candidates = new Set<RuleEntry>();
  for (const g of groups) for (const m of g.membersMeeting(boxes, MAX_ORDERED_BLOCKERS + 1)) candidates.add(m);
  const ordered = [...candidates].sort((a, b) => position.get(a)! - position.get(b)!);
  const same: RuleEntry[] = [];
  const other: RuleEntry[] = [];
  const inOrder = ordered.length <= MAX_ORDERED_BLOCKERS;
  if (inOrder) {
    let remaining = boxes;
    for (const b of ordered) {
      if (remaining.length === 0 || remaining.length > MAX_PIECES * 4) break;
      let next: Box[] = remaining;
      for (const cut of spaceOf(b).boxes) next = next.flatMap((r) => subtractBox(r, cut));
      if (next.length === remaining.length && next.every((r, i) => r === remaining[i])) continue;
      (verdictClass(b) === own ? same : other).push(b);
      remaining = next;
    }
  }
  if (coveredBySame && (!inOrder || same.length > 0)) {
    const named = same.length > 0 ? same : sameGroups.flatMap((g) => g.membersMeeting(boxes, MAX_BLOCKERS_NAMED));
    return { entry, blockers: named.slice(0, MAX_BLOCKERS_NAMED), sameVerdict: true };
  }
  const named = other.length > 0 ? other : ordered;
  return { entry, blockers: named.slice(0, MAX_BLOCKERS_NAMED), sameVerdict: false };
}

/**
 * A cheap filter before the box arithmetic: the lowest packet of each box must already be decided,
 * otherwise the rule certainly matches something. Most rules of a blocklist stop here.
 */
const WITNESS: (bigint | number)[] = new Array(DIM_COUNT).fill(0);

function witnessesDecided(boxes: Box[], groups: BlockerGroup[]): boolean {
  for (const box of boxes) {
    for (let d = 0; d < DIM_COUNT; d++) WITNESS[d] = box[d].bounds[0];
    if (!groups.some((g) => g.holds(WITNESS))) return false;
  }
  return true;
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
