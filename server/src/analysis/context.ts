import type { Ruleset, RuleEntry, TableState } from '../model/ruleset';
import { type DeadRule, findDeadRules } from './shadow';
import { entrySpace, type RuleSpace } from './space';

/**
 * What the checks share about one ruleset, computed once on first use: each rule's packet space,
 * the dead rules, and which built-in chains reach each user chain.
 */
export interface RulesetFacts {
  spaceOf(entry: RuleEntry): RuleSpace;
  /** Dead rules of every chain of every table. */
  deadRules(): Map<RuleEntry, DeadRule>;
  /** The built-in chains whose packets can reach `chain` (itself, for a built-in chain). */
  hooksOf(table: TableState, chain: string): Set<string>;
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
  let dead: Map<RuleEntry, DeadRule> | undefined;
  const hooks = new WeakMap<TableState, Map<string, Set<string>>>();
  return {
    spaceOf,
    deadRules() {
      if (!dead) {
        dead = new Map();
        for (const table of ruleset.tables.values()) {
          for (const chain of table.chains.values()) {
            // One pass per chain: spaces computed here are not cached, so a blocklist leaves no garbage behind.
            for (const d of findDeadRules(chain, table.family, (e) => spaces.get(e) ?? entrySpace(e))) dead.set(d.entry, d);
          }
        }
      }
      return dead;
    },
    hooksOf(table, chain) {
      let map = hooks.get(table);
      if (!map) {
        map = reachability(table);
        hooks.set(table, map);
      }
      return map.get(chain) ?? new Set();
    },
  };
}

/** For every chain, the built-in chains from which a series of jumps leads to it. */
function reachability(table: TableState): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const chain of table.chains.values()) {
    if (!chain.builtin) continue;
    const queue = [chain.name];
    while (queue.length > 0) {
      const name = queue.pop()!;
      let set = out.get(name);
      if (!set) out.set(name, (set = new Set()));
      if (set.has(chain.name)) continue;
      set.add(chain.name);
      for (const entry of table.chains.get(name)?.rules ?? []) if (entry.jumpsTo !== undefined) queue.push(entry.jumpsTo);
    }
  }
  return out;
}
