import type { Family } from '../iptables/rule';
import type { ChainState, RuleEntry } from '../model/ruleset';
import { type Bound, GrowingUnion, IntervalSet, PART_NEW } from './intervals';
import { addressBlockOf, BLOCK, type Box, Dim, DIM_COUNT, fullBox, isFull, type RuleSpace } from './space';
import { verdictOf } from './verdict';

/**
 * What the chain walk and the dead-rule pass read about rules. One per analysis, so each rule's
 * space and each chain's blocklist runs are worked out once and shared by every check.
 */
export interface SpaceSource {
  spaceOf(entry: RuleEntry): RuleSpace;
  /** The chain's single-block rules in compact form; undefined for a short chain (read rule by rule). */
  blocksOf(chain: ChainState, family: Family): AddressBlocks | undefined;
  runsOf(chain: ChainState, family: Family): DropRuns;
}

/** Chains shorter than this are read rule by rule: the compact form would cost more than it saves. */
const COMPACT_MIN_RULES = 16;

/**
 * Each rule of a chain whose match is one address block in one direction (a blocklist entry), as a
 * dimension and two bounds in flat arrays: a blocklist of 100,000 rules costs three arrays, not
 * 100,000 boxes that the garbage collector would have to copy around.
 */
export class AddressBlocks {
  /** Dim.Source or Dim.Destination for a single-block rule, -1 for any other rule. */
  readonly dim: Int8Array;
  readonly start: Bound[] = [];
  readonly end: Bound[] = [];

  constructor(
    rules: readonly RuleEntry[],
    private readonly family: Family,
  ) {
    this.dim = new Int8Array(rules.length);
    const none: Bound = family === 'ipv4' ? 0 : 0n;
    for (let i = 0; i < rules.length; i++) {
      const d = addressBlockOf(rules[i]);
      this.dim[i] = d;
      this.start.push(d < 0 ? none : BLOCK.start);
      this.end.push(d < 0 ? none : BLOCK.end);
    }
  }

  /** The space of single-block rule `i`, built on demand (not kept). */
  space(i: number): RuleSpace {
    const box = fullBox(this.family);
    box[this.dim[i]] = IntervalSet.of(this.start[i], this.end[i]);
    return { boxes: [box], exact: true, notModelled: [] };
  }
}

/** Whether a chain is long enough for AddressBlocks. */
export function worthCompacting(chain: ChainState): boolean {
  return chain.rules.length >= COMPACT_MIN_RULES;
}

/**
 * A run of consecutive rules that each certainly drop one address block in the same dimension: a
 * blocklist. A walk cuts the whole run from its packets at once, and names the members that drop
 * something not already dropped by an earlier member.
 */
export interface DropRun {
  /** The index after its last rule. */
  end: number;
  dim: Dim.Source | Dim.Destination;
  /** Everything the run drops. */
  union: GrowingUnion;
  /**
   * Per member (by offset in the run), what it drops that earlier members do not: 0 nothing, 1 the
   * interval [freshStart, freshEnd), 2 the set in `freshSets`.
   */
  fresh: Uint8Array;
  freshStart: Bound[];
  freshEnd: Bound[];
  freshSets: Map<number, IntervalSet>;
}

/**
 * The drop runs of one chain, worked out as walks reach them and kept for later walks. A member's
 * "fresh" part does not depend on the packets: a member drops some of them exactly when its fresh part
 * meets them (what earlier members drop is gone from the flow by then).
 */
export class DropRuns {
  private readonly byStart = new Map<number, DropRun | null>();

  constructor(
    private readonly chain: ChainState,
    private readonly family: Family,
    private readonly spaceOf: (entry: RuleEntry) => RuleSpace,
    private readonly blocks: AddressBlocks | undefined,
  ) {}

  /** The run that starts at rule `i`; undefined when rule `i` is not a certain single-block DROP. */
  at(i: number): DropRun | undefined {
    let run = this.byStart.get(i);
    if (run === undefined) {
      run = this.build(i);
      this.byStart.set(i, run);
    }
    return run ?? undefined;
  }

  /** The dimension of a certain DROP of one address block, or -1 (its set is left in `memberSet`). */
  private memberDim(i: number): number {
    const entry = this.chain.rules[i];
    if (entry.conditional || verdictOf(entry) !== 'drop') return -1;
    if (this.blocks && this.blocks.dim[i] >= 0) {
      memberStart = this.blocks.start[i];
      memberEnd = this.blocks.end[i];
      memberSet = undefined;
      return this.blocks.dim[i];
    }
    const space = this.spaceOf(entry);
    if (!space.exact || space.boxes.length !== 1) return -1;
    const d = addressOnly(space.boxes[0], this.family);
    if (d < 0) return -1;
    memberSet = space.boxes[0][d];
    return d;
  }

  private build(first: number): DropRun | null {
    const dim = this.memberDim(first);
    if (dim < 0) return null;
    const run: DropRun = {
      end: first,
      dim: dim as Dim.Source | Dim.Destination,
      union: new GrowingUnion(),
      fresh: new Uint8Array(0),
      freshStart: [],
      freshEnd: [],
      freshSets: new Map(),
    };
    const states: number[] = [];
    const rules = this.chain.rules;
    for (let i = first; i < rules.length && (i === first || this.memberDim(i) === dim); i++) {
      // What the member adds to the union: nothing (0), one interval (1), or a set (2).
      let state = 0;
      let fresh: IntervalSet | undefined;
      if (memberSet === undefined) {
        state = run.union.addInterval(memberStart, memberEnd);
        if (state === PART_NEW) fresh = run.union.added;
      } else {
        fresh = run.union.subtractFrom(memberSet);
        run.union.add(memberSet);
      }
      if (fresh) state = fresh.isEmpty ? 0 : fresh.intervalCount === 1 ? 1 : 2;
      run.freshStart.push(fresh && state === 1 ? fresh.bounds[0] : memberStart);
      run.freshEnd.push(fresh && state === 1 ? fresh.bounds[1] : memberEnd);
      if (state === 2) run.freshSets.set(i - first, fresh!);
      states.push(state);
      run.end = i + 1;
    }
    run.fresh = Uint8Array.from(states);
    return run;
  }
}

/** What `memberDim` found: a block [memberStart, memberEnd) of a compact chain, or else memberSet. */
let memberSet: IntervalSet | undefined;
let memberStart: Bound = 0;
let memberEnd: Bound = 0;

/** The address dimension a box constrains, when it constrains nothing else (`-s X -j DROP`); -1 otherwise. */
function addressOnly(box: Box, family: Family): number {
  let found = -1;
  for (let d = 0; d < DIM_COUNT; d++) {
    if (isFull(family, d, box[d])) continue;
    if ((d !== Dim.Source && d !== Dim.Destination) || found >= 0) return -1;
    found = d;
  }
  return found;
}

/** A SpaceSource with nothing kept between calls but rule spaces: for a ruleset that is still changing. */
export function liveSpaces(spaceOf: (entry: RuleEntry) => RuleSpace): SpaceSource {
  return {
    spaceOf,
    blocksOf: () => undefined,
    runsOf: (chain, family) => new DropRuns(chain, family, spaceOf, undefined),
  };
}
