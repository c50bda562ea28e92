import type { Family } from '../iptables/rule';
import type { ChainState, RuleEntry, TableState } from '../model/ruleset';
import type { DropRun, SpaceSource } from './chainSpaces';
import { type Box, boxCovers, boxesIntersect, boxIsEmpty, intersectBoxes, isFull, type RuleSpace, subtractBox } from './space';
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
export function followPackets(table: TableState, chain: ChainState, packets: Box[], spaces: SpaceSource, stopAtAccept = true): Fate {
  return walk(table, chain, packets, spaces, stopAtAccept, []);
}

function walk(table: TableState, chain: ChainState, packets: Box[], spaces: SpaceSource, stopAtAccept: boolean, stack: string[]): Fate {
  const fate: Fate = { droppedBy: [], returned: [] };
  if (stack.includes(chain.name) || stack.length > MAX_DEPTH) {
    fate.gaveUp = true;
    return fate;
  }
  let remaining = packets;
  const runs = spaces.runsOf(chain, table.family);
  const rules = chain.rules;
  for (let i = 0; i < rules.length; i++) {
    if (remaining.length === 0) break;
    // A run of certain DROPs of one address block each — a blocklist — is cut from the packets at once.
    const run = runs.at(i);
    if (run) {
      remaining = cutRun(run, i, chain, table.family, remaining, fate.droppedBy);
      i = run.end - 1;
      continue;
    }
    const entry = rules[i];
    const space = spaces.spaceOf(entry);
    // Most rules only need a yes/no; the intersection is built for the verdicts that pass packets on
    // (RETURN, jumps).
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
        const inner = walk(table, target, meet(remaining, space.boxes), spaces, stopAtAccept, [...stack, chain.name]);
        for (const d of inner.droppedBy) fate.droppedBy.push(d);
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

/**
 * The packets that get past a drop run (starting at rule `first`); the members that drop some of
 * them go to `droppedBy`, in order: those whose fresh part meets the packets.
 */
function cutRun(run: DropRun, first: number, chain: ChainState, family: Family, packets: Box[], droppedBy: Decider[]): Box[] {
  const dim = run.dim;
  let everywhere = true;
  for (const p of packets) if (!isFull(family, dim, p[dim])) everywhere = false;
  let reached = false;
  for (let k = 0; k < run.fresh.length; k++) {
    const state = run.fresh[k];
    if (state === 0) continue;
    if (!everywhere) {
      let meets = false;
      for (const p of packets) {
        if (run.freshMeets(k, p[dim])) {
          meets = true;
          break;
        }
      }
      if (!meets) continue;
    }
    reached = true;
    droppedBy.push({ kind: 'rule', chain, entry: chain.rules[first + k] });
  }
  if (!reached) return packets;
  const out: Box[] = [];
  for (const p of packets) {
    const rest = run.union.subtractFrom(p[dim]);
    if (rest.isEmpty) continue;
    if (rest === p[dim]) {
      out.push(p);
      continue;
    }
    const q = p.slice();
    q[dim] = rest;
    out.push(q);
  }
  return out;
}

function gaveUp(fate: Fate): Fate {
  fate.gaveUp = true;
  return fate;
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
