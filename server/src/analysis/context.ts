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
  /** The chains that packets of one built-in chain can reach (itself included), found from that chain alone. */
  reachedFrom(table: TableState, hook: string): Set<string>;
}

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
  const reached = new WeakMap<TableState, Map<string, Set<string>>>();
  const builtins = new WeakMap<TableState, string[]>();
  const reachedFrom = (table: TableState, hook: string): Set<string> => {
    let byHook = reached.get(table);
    if (!byHook) reached.set(table, (byHook = new Map()));
    let found = byHook.get(hook);
    if (!found) byHook.set(hook, (found = chainsReachedFrom(table, hook)));
    return found;
  };
  return {
    spaceOf,
    blocksOf,
    reachedFrom,
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
    hooksOf(table, chain) {
      let names = builtins.get(table);
      if (!names) builtins.set(table, (names = [...table.chains.values()].filter((c) => c.builtin).map((c) => c.name)));
      return new Set(names.filter((hook) => reachedFrom(table, hook).has(chain)));
    },
  };
}

/** The chains a series of jumps leads to from `from` (itself included). */
function chainsReachedFrom(table: TableState, from: string): Set<string> {
  const found = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (found.has(name)) continue;
    found.add(name);
    for (const entry of table.chains.get(name)?.rules ?? []) if (entry.jumpsTo !== undefined) queue.push(entry.jumpsTo);
  }
  return found;
}
