import { keepHiddenClassesOf } from '../core/hiddenClasses';
import type { Family } from '../iptables/rule';
import type { ChainState, RuleEntry } from '../model/ruleset';
import { type Bound, GrowingUnion, IntervalSet, PART_NEW } from './intervals';
import { addressBlockOf, BLOCK, type Box, Dim, DIM_COUNT, fullBox, isFull, type RuleSpace } from './space';
import { isTerminal, verdictClass, verdictOf } from './verdict';

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
  /** IPv4 bounds live outside the JavaScript heap, where the garbage collector never copies them. */
  readonly start: ArrayLike<Bound> & { [i: number]: Bound };
  readonly end: ArrayLike<Bound> & { [i: number]: Bound };
  /** Single-block rules: DECIDES and CERTAIN_DROP bits, so later passes need not visit the rule again. */
  readonly flags: Uint8Array;
  /** Single-block rules: the verdict class (verdictClass), as an index into `verdicts`. */
  readonly verdict: Uint8Array;
  readonly verdicts: string[] = [];

  constructor(
    rules: readonly RuleEntry[],
    private readonly family: Family,
  ) {
    const n = rules.length;
    this.dim = new Int8Array(n);
    this.start = family === 'ipv4' ? new Float64Array(n) : new Array<bigint>(n).fill(0n);
    this.end = family === 'ipv4' ? new Float64Array(n) : new Array<bigint>(n).fill(0n);
    this.flags = new Uint8Array(n);
    this.verdict = new Uint8Array(n);
    const verdictIndex = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const entry = rules[i];
      let d = addressBlockOf(entry);
      const kind = d < 0 ? undefined : verdictOf(entry);
      const verdict = d < 0 ? '' : verdictClass(entry);
      let index = verdictIndex.get(verdict);
      if (index === undefined && d >= 0) {
        // Past 256 verdict classes (jumps to as many chains) the rest are read rule by rule.
        if (this.verdicts.length === 256) d = -1;
        else verdictIndex.set(verdict, (index = this.verdicts.push(verdict) - 1));
      }
      this.dim[i] = d;
      if (d < 0) continue;
      this.start[i] = BLOCK.start;
      this.end[i] = BLOCK.end;
      this.verdict[i] = index!;
      if (!entry.conditional) this.flags[i] = (isTerminal(kind!) ? DECIDES : 0) | (kind === 'drop' ? CERTAIN_DROP : 0);
    }
  }

  /** The space of single-block rule `i`, built on demand (not kept). */
  space(i: number): RuleSpace {
    const box = fullBox(this.family);
    box[this.dim[i]] = IntervalSet.of(this.start[i], this.end[i]);
    return { boxes: [box], exact: true, notModelled: [] };
  }
}

/** AddressBlocks flags: the rule decides the packets it matches for sure (unconditional, terminal). */
export const DECIDES = 1;
/** AddressBlocks flags: the rule certainly drops (or rejects) the packets it matches. */
export const CERTAIN_DROP = 2;

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
   * Per member (by offset in the run), what it drops that earlier members do not: 0 nothing, 1 all
   * it matches, 2 a part of it.
   */
  fresh: Uint8Array;
  /** Whether member `offset`'s fresh part meets `side`. */
  freshMeets(offset: number, side: IntervalSet): boolean;
}

/**
 * The drop runs of one chain, worked out as walks reach them and kept for later walks. A member's
 * "fresh" part does not depend on the packets: a member drops some of them exactly when its fresh part
 * meets them (what earlier members drop is gone from the flow by then).
 */
export class DropRuns {
  private readonly byStart = new Map<number, DropRun>();

  constructor(
    private readonly chain: ChainState,
    private readonly family: Family,
    private readonly spaceOf: (entry: RuleEntry) => RuleSpace,
    private readonly blocks: AddressBlocks | undefined,
  ) {}

  /** The run that starts at rule `i`; undefined when rule `i` is not a certain single-block DROP. */
  at(i: number): DropRun | undefined {
    let run = this.byStart.get(i);
    if (!run) {
      // Only runs are kept: a walk through a long chain of other rules leaves no entry per rule.
      run = this.build(i);
      if (run) this.byStart.set(i, run);
    }
    return run;
  }

  /** The dimension of a certain DROP of one address block, or -1 (its set is left in `memberSet`). */
  private memberDim(i: number): number {
    if (this.blocks && this.blocks.dim[i] >= 0) {
      if (!(this.blocks.flags[i] & CERTAIN_DROP)) return -1;
      memberStart = this.blocks.start[i];
      memberEnd = this.blocks.end[i];
      memberSet = undefined;
      return this.blocks.dim[i];
    }
    const entry = this.chain.rules[i];
    if (entry.conditional || verdictOf(entry) !== 'drop') return -1;
    const space = this.spaceOf(entry);
    if (!space.exact || space.boxes.length !== 1) return -1;
    const d = addressOnly(space.boxes[0], this.family);
    if (d < 0) return -1;
    memberSet = space.boxes[0][d];
    return d;
  }

  private build(first: number): DropRun | undefined {
    const dim = this.memberDim(first);
    if (dim < 0) return undefined;
    const rules = this.chain.rules;
    const { blocks, spaceOf } = this;
    const freshSets = new Map<number, IntervalSet>();
    const union = new GrowingUnion();
    const states: number[] = [];
    let end = first;
    for (let i = first; i < rules.length && (i === first || this.memberDim(i) === dim); i++) {
      states.push(addMember(union, i - first, freshSets));
      end = i + 1;
    }
    return {
      end,
      dim: dim as Dim.Source | Dim.Destination,
      union,
      fresh: Uint8Array.from(states),
      freshMeets(offset, side) {
        const i = first + offset;
        if (this.fresh[offset] === 2) return side.intersects(freshSets.get(offset)!);
        if (blocks && blocks.dim[i] >= 0) return side.intersectsRange(blocks.start[i], blocks.end[i]);
        return side.intersects(spaceOf(rules[i]).boxes[0][dim]);
      },
    };
  }
}

/**
 * Adds the member `memberDim` just found (at `offset` in its run) to the run's union and tells what it
 * adds: nothing (0), all it matches (1), or a part of it (2, kept in `freshSets`).
 */
function addMember(union: GrowingUnion, offset: number, freshSets: Map<number, IntervalSet>): number {
  if (memberSet === undefined) {
    const state = union.addInterval(memberStart, memberEnd);
    if (state === PART_NEW) freshSets.set(offset, union.added);
    return state;
  }
  const fresh = union.subtractFrom(memberSet);
  union.add(memberSet);
  if (fresh.isEmpty) return 0;
  if (fresh === memberSet) return 1;
  freshSets.set(offset, fresh);
  return 2;
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

// One per long chain and analysis: see keepHiddenClassesOf.
keepHiddenClassesOf(new AddressBlocks([], 'ipv4'));
