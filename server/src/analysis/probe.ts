import type { Family } from '../iptables/rule';
import type { ChainState, Ruleset, TableState } from '../model/ruleset';
import { tableKey } from '../model/ruleset';
import type { RulesetFacts } from './context';
import { IntervalSet } from './intervals';
import { addressSet, complementIn, Dim, fullBox, interfaceSet, stateBit, type Box } from './space';
import type { CT_STATES } from './names';
import { followPackets, type Decider } from './walk';

/** A class of packets described the way a person would: "new TCP to port 22, not on loopback". */
export interface PacketClass {
  /** IP protocol number (6 tcp, 17 udp, 1 icmp); absent: any. */
  protocol?: number;
  destinationPort?: number;
  sourcePort?: number;
  states?: (typeof CT_STATES)[number][];
  source?: string;
  destination?: string;
  inInterface?: { name: string; negated: boolean };
  outInterface?: { name: string; negated: boolean };
  /** ICMP type and code. */
  icmp?: [number, number];
}

export interface ProbeResult {
  table: TableState;
  chain: ChainState;
  /** No part of the class can be accepted: something certainly drops all of it. */
  certainlyDropped: boolean;
  /** What drops (parts of) the class, in the order the packets meet it. */
  droppedBy: Decider[];
  /** The first rule or policy that may accept part of the class. */
  mayAcceptBy?: Decider;
}

export function packetBox(family: Family, cls: PacketClass): Box {
  const box = fullBox(family);
  const restrict = (dim: Dim, set: IntervalSet | undefined, negated = false) => {
    if (!set) return;
    box[dim] = box[dim].intersect(negated ? complementIn(family, dim, set) : set);
  };
  if (cls.protocol !== undefined) restrict(Dim.Protocol, IntervalSet.of(cls.protocol, cls.protocol + 1));
  if (cls.destinationPort !== undefined) restrict(Dim.DestinationPort, IntervalSet.of(cls.destinationPort, cls.destinationPort + 1));
  if (cls.sourcePort !== undefined) restrict(Dim.SourcePort, IntervalSet.of(cls.sourcePort, cls.sourcePort + 1));
  if (cls.states) {
    let states = IntervalSet.EMPTY;
    for (const s of cls.states) states = states.union(stateBit(s));
    restrict(Dim.State, states);
  }
  if (cls.source) restrict(Dim.Source, addressSet(cls.source, family));
  if (cls.destination) restrict(Dim.Destination, addressSet(cls.destination, family));
  if (cls.inInterface) restrict(Dim.InInterface, interfaceSet(cls.inInterface.name), cls.inInterface.negated);
  if (cls.outInterface) restrict(Dim.OutInterface, interfaceSet(cls.outInterface.name), cls.outInterface.negated);
  if (cls.icmp) {
    const v = cls.icmp[0] * 256 + cls.icmp[1];
    restrict(Dim.Icmp, IntervalSet.of(v, v + 1));
  }
  return box;
}

/**
 * Send a class of packets through a built-in chain of the filter table as the script leaves it.
 * Undefined when the script never touched that family's filter table (the kernel default: accept).
 */
export function probeFilterChain(ruleset: Ruleset, facts: RulesetFacts, family: Family, chainName: string, cls: PacketClass): ProbeResult | undefined {
  const table = ruleset.tables.get(tableKey(family, 'filter'));
  const chain = table?.chains.get(chainName);
  if (!table || !chain) return undefined;
  const fate = followPackets(table, chain, [packetBox(family, cls)], facts, true);
  return {
    table,
    chain,
    certainlyDropped: !fate.mayAcceptBy && !fate.gaveUp && fate.droppedBy.length > 0,
    droppedBy: fate.droppedBy,
    mayAcceptBy: fate.mayAcceptBy,
  };
}
