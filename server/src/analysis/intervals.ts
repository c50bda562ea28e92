import { keepHiddenClassesOf } from '../core/hiddenClasses';

/**
 * Sets of integers as sorted, disjoint, non-adjacent half-open intervals [start, end), stored flat:
 * [s0, e0, s1, e1, …]. Bounds are numbers (ports, protocols, IPv4) or bigints (IPv6, interface
 * names): one dimension never mixes the two. Values are immutable; every operation returns a new set.
 */
export type Bound = number | bigint;

export class IntervalSet {
  private constructor(readonly bounds: readonly Bound[]) {}

  static readonly EMPTY = new IntervalSet([]);

  static of(start: Bound, end: Bound): IntervalSet {
    return start < end ? new IntervalSet([start, end]) : IntervalSet.EMPTY;
  }

  /** From intervals in any order, possibly overlapping. */
  static fromIntervals(pairs: [Bound, Bound][]): IntervalSet {
    const sorted = pairs.filter(([s, e]) => s < e).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: Bound[] = [];
    for (const [s, e] of sorted) {
      const n = out.length;
      if (n > 0 && s <= out[n - 1]) {
        if (e > out[n - 1]) out[n - 1] = e;
      } else {
        out.push(s, e);
      }
    }
    return new IntervalSet(out);
  }

  /** Already sorted, disjoint and non-adjacent (the caller guarantees it). */
  static fromSorted(bounds: Bound[]): IntervalSet {
    return bounds.length === 0 ? IntervalSet.EMPTY : new IntervalSet(bounds);
  }

  get isEmpty(): boolean {
    return this.bounds.length === 0;
  }

  get intervalCount(): number {
    return this.bounds.length / 2;
  }

  /** True when the set is exactly [lo, hi). */
  isRange(lo: Bound, hi: Bound): boolean {
    return this.bounds.length === 2 && this.bounds[0] === lo && this.bounds[1] === hi;
  }

  has(value: Bound): boolean {
    const i = this.firstEndingAfter(value);
    return i < this.bounds.length && this.bounds[i] <= value;
  }

  /** Index (even) of the first interval whose end is greater than `value`. */
  private firstEndingAfter(value: Bound): number {
    return firstEndingAfter(this.bounds, value);
  }

  complement(lo: Bound, hi: Bound): IntervalSet {
    const out: Bound[] = [];
    let cursor = lo;
    for (let i = 0; i < this.bounds.length; i += 2) {
      if (this.bounds[i] > cursor) out.push(cursor, this.bounds[i]);
      cursor = this.bounds[i + 1];
    }
    if (cursor < hi) out.push(cursor, hi);
    return IntervalSet.fromSorted(out);
  }

  union(other: IntervalSet): IntervalSet {
    if (other.isEmpty) return this;
    if (this.isEmpty) return other;
    const a = this.bounds;
    const b = other.bounds;
    const out: Bound[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      let s: Bound;
      let e: Bound;
      if (j >= b.length || (i < a.length && a[i] <= b[j])) {
        s = a[i];
        e = a[i + 1];
        i += 2;
      } else {
        s = b[j];
        e = b[j + 1];
        j += 2;
      }
      const n = out.length;
      if (n > 0 && s <= out[n - 1]) {
        if (e > out[n - 1]) out[n - 1] = e;
      } else {
        out.push(s, e);
      }
    }
    return IntervalSet.fromSorted(out);
  }

  intersect(other: IntervalSet): IntervalSet {
    const out: Bound[] = [];
    this.walkOverlaps(other, (s, e) => {
      out.push(s, e);
      return false;
    });
    return IntervalSet.fromSorted(out);
  }

  intersects(other: IntervalSet): boolean {
    const small = this.bounds.length <= other.bounds.length ? this : other;
    const big = small === this ? other : this;
    for (let i = 0; i < small.bounds.length; i += 2) if (big.intersectsRange(small.bounds[i], small.bounds[i + 1])) return true;
    return false;
  }

  /** Whether the set holds some value of [s, e). */
  intersectsRange(s: Bound, e: Bound): boolean {
    const i = this.firstEndingAfter(s);
    return i < this.bounds.length && this.bounds[i] < e;
  }

  /**
   * Calls `visit` with each non-empty overlap of an interval of this set and one of `other`, in
   * order; stops when it returns true. Binary search per interval of the smaller side keeps a
   * small set against a huge one (a blocklist) cheap.
   */
  private walkOverlaps(other: IntervalSet, visit: (s: Bound, e: Bound) => boolean): void {
    const small = this.bounds.length <= other.bounds.length ? this : other;
    const big = small === this ? other : this;
    const b = big.bounds;
    for (let i = 0; i < small.bounds.length; i += 2) {
      const s = small.bounds[i];
      const e = small.bounds[i + 1];
      for (let j = big.firstEndingAfter(s); j < b.length && b[j] < e; j += 2) {
        if (visit(b[j] > s ? b[j] : s, b[j + 1] < e ? b[j + 1] : e)) return;
      }
    }
  }

  /** This set minus `other`. */
  subtract(other: IntervalSet): IntervalSet {
    if (other.isEmpty || this.isEmpty) return this;
    const out: Bound[] = [];
    const b = other.bounds;
    for (let i = 0; i < this.bounds.length; i += 2) {
      let s = this.bounds[i];
      const e = this.bounds[i + 1];
      for (let j = other.firstEndingAfter(s); j < b.length && b[j] < e; j += 2) {
        if (b[j] > s) out.push(s, b[j]);
        s = b[j + 1];
        if (s >= e) break;
      }
      if (s < e) out.push(s, e);
    }
    return IntervalSet.fromSorted(out);
  }

  /** True when every value of `other` is in this set. */
  covers(other: IntervalSet): boolean {
    const b = this.bounds;
    for (let i = 0; i < other.bounds.length; i += 2) {
      const j = this.firstEndingAfter(other.bounds[i]);
      if (j >= b.length || b[j] > other.bounds[i] || b[j + 1] < other.bounds[i + 1]) return false;
    }
    return true;
  }

  equals(other: IntervalSet): boolean {
    if (this.bounds.length !== other.bounds.length) return false;
    for (let i = 0; i < this.bounds.length; i++) if (this.bounds[i] !== other.bounds[i]) return false;
    return true;
  }

  /** The intervals, for describing a set to a person. */
  *intervals(): Iterable<[Bound, Bound]> {
    for (let i = 0; i < this.bounds.length; i += 2) yield [this.bounds[i], this.bounds[i + 1]];
  }

  private memoKey?: string;

  /** A text equal for equal sets (grouping rules that agree on a dimension). */
  key(): string {
    return (this.memoKey ??= this.bounds.join(','));
  }
}

/**
 * A union that grows one interval at a time (the source sets of a blocklist, in rule order) and
 * answers "what of this is not yet covered?" in between. The intervals live in sorted chunks of a few
 * dozen, so an addition shifts a few dozen values in place and a query is two binary searches:
 * 100,000 additions stay far from the O(n²) of one flat array, and allocate nothing but new chunks.
 */
export class GrowingUnion {
  private chunks: Bound[][] = [];
  /** First start of each chunk, for the binary search. */
  private firsts: Bound[] = [];

  add(set: IntervalSet): void {
    for (let i = 0; i < set.bounds.length; i += 2) this.addInterval(set.bounds[i], set.bounds[i + 1]);
  }

  /** `set` minus everything added so far. */
  subtractFrom(set: IntervalSet): IntervalSet {
    const out: Bound[] = [];
    for (let i = 0; i < set.bounds.length; i += 2) {
      let s = set.bounds[i];
      const e = set.bounds[i + 1];
      for (let c = Math.max(0, this.chunkFor(s)); c < this.chunks.length && this.firsts[c] < e && s < e; c++) {
        const chunk = this.chunks[c];
        for (let j = firstEndingAfter(chunk, s); j < chunk.length && chunk[j] < e; j += 2) {
          if (chunk[j] > s) out.push(s, chunk[j]);
          s = chunk[j + 1];
          if (s >= e) break;
        }
      }
      if (s < e) out.push(s, e);
    }
    return out.length === set.bounds.length && out.every((b, k) => b === set.bounds[k]) ? set : IntervalSet.fromSorted(out);
  }

  has(value: Bound): boolean {
    const c = this.chunkFor(value);
    if (c < 0) return false;
    const chunk = this.chunks[c];
    const j = firstEndingAfter(chunk, value);
    return j < chunk.length && chunk[j] <= value;
  }

  intersects(set: IntervalSet): boolean {
    for (let i = 0; i < set.bounds.length; i += 2) if (this.meetsRange(set.bounds[i], set.bounds[i + 1])) return true;
    return false;
  }

  /** Whether some added value lies in [s, e). */
  meetsRange(s: Bound, e: Bound): boolean {
    for (let c = Math.max(0, this.chunkFor(s)); c < this.chunks.length && this.firsts[c] < e; c++) {
      const chunk = this.chunks[c];
      const j = firstEndingAfter(chunk, s);
      if (j < chunk.length) return chunk[j] < e;
    }
    return false;
  }

  /**
   * `has(value)` that also remembers where `value` belongs: an `addInterval` from `value` right
   * after it (with no change in between) skips the search. A blocklist entry is first tested, then
   * added: one search instead of two.
   */
  locateHas(value: Bound): boolean {
    const c = this.chunkFor(value);
    this.cursorChunk = Math.max(0, c);
    this.cursorFrom = c < 0 ? 0 : firstEndingAtOrAfter(this.chunks[c], value);
    this.cursorValue = value;
    if (c < 0) return false;
    const chunk = this.chunks[c];
    const j = this.cursorFrom;
    // An interval ending exactly at `value` does not hold it, and the next one starts after it.
    return j < chunk.length && chunk[j] <= value && chunk[j + 1] > value;
  }

  private cursorValue: Bound | undefined;
  private cursorChunk = 0;
  private cursorFrom = 0;

  /** What the last `addInterval` added, when it added part of the interval (PART_NEW). */
  added: IntervalSet = IntervalSet.EMPTY;

  /** Index of the last chunk whose first start is ≤ value (-1 if none). */
  private chunkFor(value: Bound): number {
    let lo = 0;
    let hi = this.firsts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.firsts[mid] <= value) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Adds [s, e) (s < e) and tells how much of it is new: NOTHING_NEW, ALL_NEW, or PART_NEW (see `added`). */
  addInterval(s: Bound, e: Bound): number {
    const located = this.cursorValue === s;
    this.cursorValue = undefined;
    if (this.chunks.length === 0) {
      this.chunks.push([s, e]);
      this.firsts.push(s);
      return ALL_NEW;
    }
    const first = located ? this.cursorChunk : Math.max(0, this.chunkFor(s));
    // Chunks the new interval touches (adjacency merges too): usually just one.
    let last = first;
    while (last + 1 < this.chunks.length && this.firsts[last + 1] <= e) last++;
    if (last !== first) {
      // The merged chunk starts with chunk `first` as it was: a remembered position stays right.
      const merged = ([] as Bound[]).concat(...this.chunks.slice(first, last + 1));
      this.chunks.splice(first, last - first + 1, merged);
      this.firsts.splice(first, last - first + 1, merged[0]);
    }
    const chunk = this.chunks[first];
    // Intervals [from, to) of the chunk merge with [s, e); those that overlap it (not only touch it) hide part of it.
    const from = located ? this.cursorFrom : firstEndingAtOrAfter(chunk, s);
    let to = from;
    let ms = s;
    let me = e;
    let overlapping = 0;
    while (to < chunk.length && chunk[to] <= e) {
      if (chunk[to] < e && chunk[to + 1] > s) overlapping++;
      if (chunk[to] < ms) ms = chunk[to];
      if (chunk[to + 1] > me) me = chunk[to + 1];
      to += 2;
    }
    if (to - from === 2 && chunk[from] <= s && chunk[from + 1] >= e) return NOTHING_NEW;
    if (overlapping > 0) this.added = newPart(chunk, from, to, s, e);
    // splice moves the tail with one native copy: several times faster than a loop of JavaScript
    // assignments over the few dozen values after the insertion point.
    if (to === from) {
      chunk.splice(from, 0, ms, me);
    } else {
      // It swallowed several: drop all but the first, which becomes the merged interval.
      if (to - from > 2) chunk.splice(from + 2, to - from - 2);
      chunk[from] = ms;
      chunk[from + 1] = me;
    }
    this.firsts[first] = chunk[0];
    if (chunk.length > 2 * CHUNK_BOUNDS) {
      const pieces: Bound[][] = [];
      for (let i = CHUNK_BOUNDS; i < chunk.length; i += CHUNK_BOUNDS) pieces.push(chunk.slice(i, i + CHUNK_BOUNDS));
      chunk.length = CHUNK_BOUNDS;
      this.chunks.splice(first + 1, 0, ...pieces);
      this.firsts.splice(first + 1, 0, ...pieces.map((p) => p[0]));
    }
    return overlapping > 0 ? PART_NEW : ALL_NEW;
  }
}

/** What `GrowingUnion.addInterval` added. */
export const NOTHING_NEW = 0;
export const ALL_NEW = 1;
export const PART_NEW = 2;

/** [s, e) minus the stored intervals bounds[from, to) (sorted). */
function newPart(bounds: readonly Bound[], from: number, to: number, s: Bound, e: Bound): IntervalSet {
  const out: Bound[] = [];
  let cursor = s;
  for (let k = from; k < to; k += 2) {
    if (bounds[k] > cursor) out.push(cursor, bounds[k] < e ? bounds[k] : e);
    if (bounds[k + 1] > cursor) cursor = bounds[k + 1];
  }
  if (cursor < e) out.push(cursor, e);
  return IntervalSet.fromSorted(out);
}

/** Bounds per chunk after a split (two per interval); a chunk splits at twice this. */
const CHUNK_BOUNDS = 64;

/** Like firstEndingAfter, but an interval ending exactly at `value` (adjacent) counts. */
function firstEndingAtOrAfter(bounds: readonly Bound[], value: Bound): number {
  let lo = 0;
  let hi = bounds.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[2 * mid + 1] < value) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

function firstEndingAfter(bounds: readonly Bound[], value: Bound): number {
  let lo = 0;
  let hi = bounds.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[2 * mid + 1] <= value) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

// Unions live as long as one analysis: see keepHiddenClassesOf.
keepHiddenClassesOf(new GrowingUnion());
