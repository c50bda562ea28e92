import type { Family } from '../iptables/rule';
import type { ChainState, Ruleset, RuleEntry, TableState } from '../model/ruleset';
import { type RulesetFacts } from './context';
import { IntervalSet } from './intervals';
import { ICMP_REPLY_TYPES, ICMPV6_REPLY_TYPES } from './names';
import { type Box, boxesIntersect, boxIsEmpty, Dim, fullBox, interfaceSet, isFull, stateBit } from './space';
import { type Decider, type Fate, followPackets, mainDropper } from './walk';
import { verdictOf } from './verdict';

/**
 * Ports the other side of a connection picks. Remote clients (any OS) use 1024-65535; this host's
 * own outgoing connections use Linux's ip_local_port_range, 32768-60999 by default.
 */
const CLIENT_PORTS = IntervalSet.of(1024, 65536);
const LOCAL_EPHEMERAL_PORTS = IntervalSet.of(32768, 61000);

export type ConnectionDirection = 'incoming' | 'forwarded' | 'outgoing';

/** An accepted connection whose replies can never get back. */
export interface DeadReplies {
  entry: RuleEntry;
  direction: ConnectionDirection;
  table: TableState;
  /** The chain the replies go through (OUTPUT, INPUT or FORWARD). */
  replyChain: ChainState;
  /** Where the replies end: `droppedBy` names what drops them. */
  fate: Fate;
  /** The one to name first: the policy, a catch-all, or the first rule that drops them. */
  dropper: Decider;
  /** Reply-chain rules that accept traffic *to* the service port where replies come *from* it. */
  swappedPorts: RuleEntry[];
}

/**
 * Every ACCEPT that lets new connections in (or out, or through) whose replies certainly meet a
 * DROP/REJECT before any accept on their way back. Certainty only: a reply that may be accepted
 * (an inexact or conditional ACCEPT, an uncertain policy) is not reported.
 */
export function findDeadReplies(ruleset: Ruleset, facts: RulesetFacts, wanted: ConnectionDirection[]): DeadReplies[] {
  const out: DeadReplies[] = [];
  for (const table of ruleset.tables.values()) {
    if (table.table !== 'filter') continue;
    // Only directions whose reply chain can certainly drop some replies are worth a walk per rule:
    // with an early ESTABLISHED accept there is none, and the table costs a walk per direction.
    const mayDrop = new Map<string, boolean>();
    const dropsReplies = new Map<string, boolean>();
    const open = wanted.filter((direction) => {
      const replyChain = table.chains.get(REPLY_CHAIN[direction]);
      return replyChain !== undefined && chainMayDrop(table, replyChain, mayDrop) && canDropReplies(table, replyChain, facts, dropsReplies);
    });
    if (open.length === 0) continue;
    const dead = facts.deadRules();
    // Only the chains the open directions' hooks reach: with FORWARD alone open, the thousands of
    // chains INPUT jumps to are never followed.
    const reached = open.map((direction) => facts.reachedFrom(table, HOOK[direction]));
    for (const chain of table.chains.values()) {
      for (let k = 0; k < open.length; k++) {
        const direction = open[k];
        if (!reached[k].has(chain.name)) continue;
        const replyChain = table.chains.get(REPLY_CHAIN[direction])!;
        for (const entry of chain.rules) {
          if (verdictOf(entry) !== 'accept' || dead.has(entry)) continue;
          const replies = replyBoxes(facts.spaceOf(entry).boxes, table.family, direction);
          if (replies.length === 0) continue;
          const fate = followPackets(table, replyChain, replies, facts);
          if (fate.mayAcceptBy || fate.gaveUp || fate.droppedBy.length === 0) continue;
          out.push({ entry, direction, table, replyChain, fate, dropper: mainDropper(fate, replies, facts.spaceOf)!, swappedPorts: swappedPortRules(table, replyChain, facts, replies, entry) });
        }
      }
    }
  }
  return out;
}

/** The built-in chain a connection's first packet goes through, and the one its replies go through. */
const HOOK: Record<ConnectionDirection, string> = { incoming: 'INPUT', outgoing: 'OUTPUT', forwarded: 'FORWARD' };
const REPLY_CHAIN: Record<ConnectionDirection, string> = { incoming: 'OUTPUT', outgoing: 'INPUT', forwarded: 'FORWARD' };

/** The replies to the new connections a rule accepts, as they cross the firewall on their way back. */
export function replyBoxes(requests: Box[], family: Family, direction: ConnectionDirection): Box[] {
  const out: Box[] = [];
  const newState = stateBit('NEW');
  for (const request of requests) {
    if (!request[Dim.State].intersects(newState)) continue;
    // A rule with a fixed source port and any destination port is itself a stateless reply rule.
    if (!isFull(family, Dim.SourcePort, request[Dim.SourcePort]) && isFull(family, Dim.DestinationPort, request[Dim.DestinationPort])) continue;
    const reply = request.slice();
    reply[Dim.Source] = request[Dim.Destination];
    reply[Dim.Destination] = request[Dim.Source];
    reply[Dim.SourcePort] = request[Dim.DestinationPort];
    reply[Dim.DestinationPort] = isFull(family, Dim.SourcePort, request[Dim.SourcePort])
      ? direction === 'outgoing' ? LOCAL_EPHEMERAL_PORTS : CLIENT_PORTS
      : request[Dim.SourcePort];
    reply[Dim.State] = stateBit('ESTABLISHED');
    // Replies leave through the interface the request came in on, and come in where it went out.
    // Loopback connections are judged on their own (a `-i lo` rule): for a rule open to every
    // interface, the replies that matter go to remote peers, so an `-o lo -j ACCEPT` must not hide them.
    reply[Dim.OutInterface] = withoutLoopback(request[Dim.InInterface]);
    reply[Dim.InInterface] = withoutLoopback(request[Dim.OutInterface]);
    const icmp = icmpReplies(request, family);
    if (icmp === null) continue;
    if (icmp) reply[Dim.Icmp] = icmp;
    if (!boxIsEmpty(reply)) out.push(reply);
  }
  return out;
}

const LOOPBACK = interfaceSet('lo')!;

function withoutLoopback(side: IntervalSet): IntervalSet {
  const rest = side.subtract(LOOPBACK);
  return rest.isEmpty ? side : rest;
}

/**
 * ICMP requests get typed replies (echo-request → echo-reply). Returns null when a pure-ICMP rule
 * accepts only types that have no reply, undefined when the rule is not ICMP-only.
 */
function icmpReplies(request: Box, family: Family): IntervalSet | null | undefined {
  const icmpProto = family === 'ipv4' ? 1 : 58;
  if (!request[Dim.Protocol].isRange(icmpProto, icmpProto + 1)) return undefined;
  const table = family === 'ipv4' ? ICMP_REPLY_TYPES : ICMPV6_REPLY_TYPES;
  const pairs: [number, number][] = [];
  for (const [req, rep] of Object.entries(table)) {
    const type = Number(req);
    if (request[Dim.Icmp].intersects(IntervalSet.of(type * 256, type * 256 + 256))) pairs.push([rep * 256, rep * 256 + 256]);
  }
  return pairs.length ? IntervalSet.fromIntervals(pairs) : null;
}

/** Whether anything in the chain (or the chains it jumps to) can drop: otherwise no walk is needed. */
function chainMayDrop(table: TableState, chain: ChainState, memo: Map<string, boolean>): boolean {
  const known = memo.get(chain.name);
  if (known !== undefined) return known;
  memo.set(chain.name, false);
  let result = chain.builtin && chain.policy === 'DROP';
  for (const entry of chain.rules) {
    if (result) break;
    const kind = verdictOf(entry);
    if (kind === 'drop') result = true;
    else if (entry.jumpsTo !== undefined) {
      const target = table.chains.get(entry.jumpsTo);
      if (target && chainMayDrop(table, target, memo)) result = true;
    }
  }
  memo.set(chain.name, result);
  return result;
}

/**
 * Whether any reply at all (ESTABLISHED, anything else) can be certainly dropped in the chain. When
 * not, no particular connection's replies can be, and the per-rule walks are skipped: a ruleset with
 * an early ESTABLISHED accept costs one walk, not one per service.
 */
function canDropReplies(table: TableState, chain: ChainState, facts: RulesetFacts, memo: Map<string, boolean>): boolean {
  let known = memo.get(chain.name);
  if (known === undefined) {
    const replies = fullBox(table.family);
    replies[Dim.State] = stateBit('ESTABLISHED');
    const fate = followPackets(table, chain, [replies], facts, false);
    known = fate.gaveUp === true || fate.droppedBy.length > 0;
    memo.set(chain.name, known);
  }
  return known;
}

/**
 * ACCEPT rules of the reply chain written with the service port as destination (`-A OUTPUT -p tcp
 * --dport 80 -j ACCEPT` meant for a web server's replies, which come *from* port 80): with source and
 * destination port swapped, the rule would accept some of the replies, and it is not narrower than
 * where the replies go.
 */
function swappedPortRules(table: TableState, replyChain: ChainState, facts: RulesetFacts, replies: Box[], accepting: RuleEntry): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (const entry of replyChain.rules) {
    if (entry === accepting) continue;
    const space = facts.spaceOf(entry);
    // Only rules we fully understand: `-d api.example.com --dport 443` is an outgoing rule, not a reply rule.
    if (verdictOf(entry) !== 'accept' || !space.exact) continue;
    for (const box of space.boxes) {
      const dportOnly = !isFull(table.family, Dim.DestinationPort, box[Dim.DestinationPort]) && isFull(table.family, Dim.SourcePort, box[Dim.SourcePort]);
      if (!dportOnly) continue;
      const swapped = box.slice();
      swapped[Dim.SourcePort] = box[Dim.DestinationPort];
      swapped[Dim.DestinationPort] = box[Dim.SourcePort];
      const meant = replies.some((r) => boxesIntersect(swapped, r) && box[Dim.Destination].covers(r[Dim.Destination]));
      if (meant && !out.includes(entry)) out.push(entry);
    }
  }
  return out;
}
