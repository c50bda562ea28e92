import type { ChainState, RuleEntry, TableState } from '../model/ruleset';
import { GrowingUnion } from './intervals';
import { type Box, boxCovers, boxesIntersect, boxIsEmpty, Dim, DIM_COUNT, intersectBoxes, isFull, type RuleSpace, subtractBox } from './space';
import { verdictOf } from './verdict';

/** What decides a packet: a rule, or the policy at the end of a built-in chain. */
export type Decider = { kind: 'rule'; chain: ChainState; entry: RuleEntry } | { kind: 'policy'; chain: ChainState };

/** Where a set of packets entering a chain can end up. */
export interface Fate {
  /** Some of the packets may be accepted: the first rule or policy that may do it. */
  mayAcceptBy?: Decider;
  /** The analysis could not follow (too many pieces, a jump loop): assume some may be accepted. */
  gaveUp?: boolean;
  /** What certainly drops (part of) the packets, in the order they meet it. */
  droppedBy: Decider[];
  /** User chains: the packets that come back to the caller (RETURN, end of chain, goto's return). */
  returned: Box[];
}

const MAX_PIECES = 64;
const MAX_DEPTH = 32;

/**
 * Follow packets through a chain as the kernel does: first terminal verdict wins, jumps come back on
 * RETURN, goto returns to the last jump's caller, the end of a built-in chain applies the policy.
 * Sound for "certainly dropped": only unconditional rules whose match is fully modelled take packets
 * out of the flow; anything that might accept (an inexact ACCEPT, NFQUEUE, an uncertain policy) counts.
 * Stops at the first possible acceptance when `stopAtAccept` is set.
 */
export function followPackets(
  table: TableState,
  chain: ChainState,
  packets: Box[],
  spaceOf: (e: RuleEntry) => RuleSpace,
  stopAtAccept = true,
): Fate {
  return walk(table, chain, packets, spaceOf, stopAtAccept, []);
}

function walk(
  table: TableState,
  chain: ChainState,
  packets: Box[],
  spaceOf: (e: RuleEntry) => RuleSpace,
  stopAtAccept: boolean,
  stack: string[],
): Fate {
  const fate: Fate = { droppedBy: [], returned: [] };
  if (stack.includes(chain.name) || stack.length > MAX_DEPTH) {
    fate.gaveUp = true;
    return fate;
  }
  let remaining = packets;
  // A run of certain DROPs that each constrain only the source (or only the destination) address —
  // a blocklist — is collected into one growing union and cut from the packets once, when the run
  // ends: one subtraction instead of one per rule.
  let pending: GrowingUnion | undefined;
  let pendingDim: Dim.Source | Dim.Destination = Dim.Source;
  const flush = () => {
    if (!pending) return;
    const cut = pending;
    remaining = remaining
      .map((p) => {
        const q = p.slice();
        q[pendingDim] = cut.subtractFrom(p[pendingDim]);
        return q;
      })
      .filter((p) => !p[pendingDim].isEmpty);
    pending = undefined;
  };
  for (const entry of chain.rules) {
    if (remaining.length === 0) break;
    const space = spaceOf(entry);
    space.addressOnly ??= space.boxes.length === 1 ? (addressOnly(space.boxes[0], table.family) ?? -1) : -1;
    const blockDim = space.addressOnly as Dim.Source | Dim.Destination | -1;
    if (blockDim !== -1 && space.exact && !entry.conditional && verdictOf(entry) === 'drop') {
      if (pending && pendingDim !== blockDim) flush();
      const set = space.boxes[0][blockDim];
      // It drops something only if part of its addresses is still in the flow.
      const host = set.intervalCount === 1 && set.bounds[1] === (typeof set.bounds[0] === 'bigint' ? set.bounds[0] + 1n : (set.bounds[0] as number) + 1) ? set.bounds[0] : undefined;
      const reaches =
        host !== undefined
          ? remaining.some((p) => p[blockDim].has(host)) && !pending?.has(host)
          : remaining.some((p) => p[blockDim].intersects(set) && (!pending || !pending.subtractFrom(p[blockDim].intersect(set)).isEmpty));
      if (reaches) {
        fate.droppedBy.push({ kind: 'rule', chain, entry });
        pending ??= new GrowingUnion();
        pendingDim = blockDim;
        pending.add(set);
      }
      continue;
    }
    flush();
    // Most rules (a blocklist's DROPs) only need a yes/no; the intersection is built for the verdicts
    // that pass packets on (RETURN, jumps). Allocation here dominated 100,000-rule chains.
    if (!touches(remaining, space.boxes)) continue;
    const certain = space.exact && !entry.conditional;
    const kind = verdictOf(entry);
    switch (kind) {
      case 'accept':
      case 'final':
      case 'unknown':
        fate.mayAcceptBy ??= { kind: 'rule', chain, entry };
        if (stopAtAccept) return fate;
        break;
      case 'drop':
        if (certain) fate.droppedBy.push({ kind: 'rule', chain, entry });
        break;
      case 'return':
        fate.returned.push(...meet(remaining, space.boxes));
        break;
      case 'jump':
      case 'goto': {
        const target = table.chains.get(entry.jumpsTo!);
        if (!target) break;
        const inner = walk(table, target, meet(remaining, space.boxes), spaceOf, stopAtAccept, [...stack, chain.name]);
        fate.droppedBy.push(...inner.droppedBy);
        if (inner.gaveUp) fate.gaveUp = true;
        if (inner.mayAcceptBy) fate.mayAcceptBy ??= inner.mayAcceptBy;
        if ((inner.gaveUp || inner.mayAcceptBy) && stopAtAccept) return fate;
        if (kind === 'goto') fate.returned.push(...inner.returned);
        else if (certain) {
          // What came back continues after the jump; the rest was decided inside.
          remaining = subtractAll(remaining, space.boxes);
          remaining.push(...inner.returned);
          if (remaining.length > MAX_PIECES) return gaveUp(fate);
          continue;
        }
        break;
      }
      case 'continue':
        continue;
    }
    if (certain) {
      remaining = subtractAll(remaining, space.boxes);
      if (remaining.length > MAX_PIECES) return gaveUp(fate);
    }
  }
  flush();
  if (!chain.builtin) {
    fate.returned.push(...remaining);
    return fate;
  }
  // In a built-in chain, RETURN and a goto's return end at the policy too.
  const toPolicy = remaining.length + fate.returned.length;
  fate.returned = [];
  if (toPolicy === 0) return fate;
  if (chain.policy === 'DROP' && !chain.policyStatement?.conditional && chain.policyStatement?.command.policy?.known !== false) {
    fate.droppedBy.push({ kind: 'policy', chain });
  } else {
    fate.mayAcceptBy ??= { kind: 'policy', chain };
  }
  return fate;
}

function gaveUp(fate: Fate): Fate {
  fate.gaveUp = true;
  return fate;
}

/** The address dimension a box constrains, when it constrains nothing else (`-s X -j DROP`). */
function addressOnly(box: Box, family: TableState['family']): Dim.Source | Dim.Destination | undefined {
  let found: Dim.Source | Dim.Destination | undefined;
  for (let d = 0; d < DIM_COUNT; d++) {
    if (isFull(family, d, box[d])) continue;
    if ((d !== Dim.Source && d !== Dim.Destination) || found !== undefined) return undefined;
    found = d;
  }
  return found;
}

function touches(packets: Box[], boxes: Box[]): boolean {
  for (const p of packets) for (const b of boxes) if (boxesIntersect(p, b)) return true;
  return false;
}

function meet(packets: Box[], boxes: Box[]): Box[] {
  const out: Box[] = [];
  for (const p of packets) for (const b of boxes) {
    const x = intersectBoxes(p, b);
    if (!boxIsEmpty(x)) out.push(x);
  }
  return out;
}

function subtractAll(packets: Box[], boxes: Box[]): Box[] {
  let out = packets;
  for (const b of boxes) out = out.flatMap((p) => subtractBox(p, b));
  return out;
}

/**
 * The decider to name when several drop parts of the packets: the policy (what most of them reach),
 * else a rule that would drop all of them (a catch-all), else the first one met.
 */
export function mainDropper(fate: Fate, packets: Box[], spaceOf: (e: RuleEntry) => RuleSpace): Decider | undefined {
  const policy = fate.droppedBy.find((d) => d.kind === 'policy');
  if (policy) return policy;
  const catchAll = fate.droppedBy.find((d) => d.kind === 'rule' && packets.every((p) => spaceOf(d.entry).boxes.some((b) => boxCovers(b, p))));
  return catchAll ?? fate.droppedBy[0];
}
