import type { Family } from '../iptables/rule';
import type { ChainState, Ruleset, RuleEntry, TableState } from '../model/ruleset';
import { AddressBlocks, DropRuns, type SpaceSource, worthCompacting } from './chainSpaces';
import { type DeadRule, findDeadRules } from './shadow';
import { entrySpace, type RuleSpace } from './space';

/**
 * What the checks share about one ruleset, computed once on first use: each rule's packet space
 * (a blocklist's rules in compact form), each chain's drop runs, the dead rules, and which built-in
 * chains reach each user chain.
 */
export interface RulesetFacts extends SpaceSource {
  /** Dead rules of every chain of every table. */
  deadRules(): Map<RuleEntry, DeadRule>;
  /** The built-in chains whose packets can reach `chain` (itself, for a built-in chain). */
  hooksOf(table: TableState, chain: string): Set<string>;
  /** The same, as a mask of HOOK_BITS: no set per chain (a ruleset may have 25,000 chains). */
  hookMask(table: TableState, chain: string): number;
}

/** One bit per built-in chain, for hookMask. */
export const HOOK_BITS: Readonly<Record<string, number>> = { PREROUTING: 1, INPUT: 2, FORWARD: 4, OUTPUT: 8, POSTROUTING: 16 };

const cache = new WeakMap<Ruleset, RulesetFacts>();

export function factsOf(ruleset: Ruleset): RulesetFacts {
  let facts = cache.get(ruleset);
  if (!facts) {
    facts = computeFacts(ruleset);
    cache.set(ruleset, facts);
  }
  return facts;
}

function computeFacts(ruleset: Ruleset): RulesetFacts {
  // A Map, not a WeakMap: 100,000 entries in a WeakMap cost far more in garbage collection.
  const spaces = new Map<RuleEntry, RuleSpace>();
  const spaceOf = (entry: RuleEntry): RuleSpace => {
    let s = spaces.get(entry);
    if (!s) {
      s = entrySpace(entry);
      spaces.set(entry, s);
    }
    return s;
  };
  const blocks = new Map<ChainState, AddressBlocks>();
  const blocksOf = (chain: ChainState, family: Family): AddressBlocks | undefined => {
    if (!worthCompacting(chain)) return undefined;
    let found = blocks.get(chain);
    if (!found) blocks.set(chain, (found = new AddressBlocks(chain.rules, family)));
    return found;
  };
  const runs = new Map<ChainState, DropRuns>();
  let dead: Map<RuleEntry, DeadRule> | undefined;
  const hooks = new WeakMap<TableState, { masks: Map<string, number>; builtins: string[] }>();
  const hooksIn = (table: TableState) => {
    let found = hooks.get(table);
    if (!found) {
      found = { masks: reachability(table), builtins: [...table.chains.values()].filter((c) => c.builtin).map((c) => c.name) };
      hooks.set(table, found);
    }
    return found;
  };
  const hookMask = (table: TableState, chain: string): number => hooksIn(table).masks.get(chain) ?? 0;
  return {
    spaceOf,
    blocksOf,
    runsOf(chain, family) {
      let r = runs.get(chain);
      if (!r) {
        r = new DropRuns(chain, family, spaceOf, blocksOf(chain, family));
        runs.set(chain, r);
      }
      return r;
    },
    deadRules() {
      if (!dead) {
        dead = new Map();
        // Spaces computed here are not kept (the walks keep those they need): a chain of 100,000
        // rules leaves no garbage behind.
        const peek = (e: RuleEntry) => spaces.get(e) ?? entrySpace(e);
        for (const table of ruleset.tables.values()) {
          for (const chain of table.chains.values()) {
            for (const d of findDeadRules(chain, table.family, peek, blocksOf(chain, table.family))) dead.set(d.entry, d);
          }
        }
      }
      return dead;
    },
    hookMask,
    hooksOf(table, chain) {
      const { masks, builtins } = hooksIn(table);
      const mask = masks.get(chain) ?? 0;
      return new Set(builtins.filter((name) => mask & (HOOK_BITS[name] ?? 0)));
    },
  };
}

/** For every chain, the built-in chains from which a series of jumps leads to it (as HOOK_BITS). */
function reachability(table: TableState): Map<string, number> {
  const out = new Map<string, number>();
  for (const chain of table.chains.values()) {
    const bit = chain.builtin ? HOOK_BITS[chain.name] : undefined;
    if (!bit) continue;
    const queue = [chain.name];
    while (queue.length > 0) {
      const name = queue.pop()!;
      const mask = out.get(name) ?? 0;
      if (mask & bit) continue;
      out.set(name, mask | bit);
      for (const entry of table.chains.get(name)?.rules ?? []) if (entry.jumpsTo !== undefined) queue.push(entry.jumpsTo);
    }
  }
  return out;
}
