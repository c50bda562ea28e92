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
    let found = false;
    this.walkOverlaps(other, () => (found = true));
    return found;
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
 * A union that grows one set at a time (the source sets of a blocklist, in rule order) and answers
 * "what of this is not yet covered?" in between. The intervals live in sorted chunks of a few hundred,
 * so an addition moves a few hundred values at most and a query is two binary searches: 100,000
 * additions stay far from the O(n²) of one flat array.
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
      this.overlapping(s, e, (bs, be) => {
        if (bs > s) out.push(s, bs);
        s = be;
        return s >= e;
      });
      if (s < e) out.push(s, e);
    }
    return IntervalSet.fromSorted(out);
  }

  has(value: Bound): boolean {
    const c = this.chunkFor(value);
    if (c < 0) return false;
    const chunk = this.chunks[c];
    const j = firstEndingAfter(chunk, value);
    return j < chunk.length && chunk[j] <= value;
  }

  intersects(set: IntervalSet): boolean {
    let found = false;
    for (let i = 0; i < set.bounds.length && !found; i += 2) this.overlapping(set.bounds[i], set.bounds[i + 1], () => (found = true));
    return found;
  }

  /** Calls `visit(start, end)` for each stored interval meeting [s, e), in order, until it returns true. */
  private overlapping(s: Bound, e: Bound, visit: (start: Bound, end: Bound) => boolean): void {
    for (let c = Math.max(0, this.chunkFor(s)); c < this.chunks.length && this.firsts[c] < e; c++) {
      const chunk = this.chunks[c];
      for (let j = firstEndingAfter(chunk, s); j < chunk.length && chunk[j] < e; j += 2) {
        if (visit(chunk[j], chunk[j + 1])) return;
      }
    }
  }

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

  private addInterval(s: Bound, e: Bound): void {
    if (this.chunks.length === 0) {
      this.chunks.push([s, e]);
      this.firsts.push(s);
      return;
    }
    const first = Math.max(0, this.chunkFor(s));
    // Chunks the new interval touches (adjacency merges too): usually just one.
    let last = first;
    while (last + 1 < this.chunks.length && this.firsts[last + 1] <= e) last++;
    const chunk = last === first ? this.chunks[first] : ([] as Bound[]).concat(...this.chunks.slice(first, last + 1));
    // Intervals [from, to) of the chunk merge with [s, e).
    const from = firstEndingAtOrAfter(chunk, s);
    let to = from;
    let ms = s;
    let me = e;
    while (to < chunk.length && chunk[to] <= e) {
      if (chunk[to] < ms) ms = chunk[to];
      if (chunk[to + 1] > me) me = chunk[to + 1];
      to += 2;
    }
    chunk.splice(from, to - from, ms, me);
    if (last === first && chunk.length <= 2 * CHUNK_BOUNDS) {
      // The usual case: one chunk, still small enough.
      this.firsts[first] = chunk[0];
      return;
    }
    const pieces: Bound[][] = [chunk];
    if (chunk.length > 2 * CHUNK_BOUNDS) {
      pieces.length = 0;
      for (let i = 0; i < chunk.length; i += CHUNK_BOUNDS) pieces.push(chunk.slice(i, i + CHUNK_BOUNDS));
    }
    this.chunks.splice(first, last - first + 1, ...pieces);
    this.firsts.splice(first, last - first + 1, ...pieces.map((p) => p[0]));
  }
}

/** Bounds per chunk (two per interval). */
const CHUNK_BOUNDS = 512;

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
