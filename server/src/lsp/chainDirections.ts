import type { Analysis } from '../engine/analysis';
import type { Family, TableName } from '../iptables/rule';
import { isBuiltinChain } from './grammarAdapter';

/** What traffic a built-in chain sees, in the words the hover and inlay hints use. */
export const HOOK_DIRECTION: Record<string, string> = {
  INPUT: 'ingress',
  OUTPUT: 'egress',
  FORWARD: 'forwarded',
  PREROUTING: 'pre-routing',
  POSTROUTING: 'post-routing',
};

/**
 * For each chain of each family/table: the built-in chains whose traffic reaches it through `-j`/`-g`
 * (a user chain called from INPUT and FORWARD sees both). Linear in the number of statements.
 */
export function chainHooks(analysis: Analysis): (family: Family, table: TableName, chain: string) => readonly string[] {
  const calls = new Map<string, Set<string>>();
  for (const s of analysis.statements) {
    const c = s.command;
    const target = c.rule?.target?.name;
    if (!c.chain || !target || c.op === 'delete') continue;
    const from = `${c.family}/${c.table}/${c.chain.value}`;
    let set = calls.get(from);
    if (!set) calls.set(from, (set = new Set()));
    set.add(target);
  }
  const memo = new Map<string, string[]>();
  const reach = (family: Family, table: TableName): void => {
    const prefix = `${family}/${table}/`;
    if (memo.has(`${prefix}#done`)) return;
    memo.set(`${prefix}#done`, []);
    for (const hook of Object.keys(HOOK_DIRECTION)) {
      const queue = [hook];
      const seen = new Set(queue);
      while (queue.length) {
        const chain = queue.pop()!;
        const key = prefix + chain;
        const hooks = memo.get(key) ?? [];
        if (!hooks.includes(hook)) hooks.push(hook);
        memo.set(key, hooks);
        for (const next of calls.get(key) ?? []) {
          if (!seen.has(next) && !isBuiltinChain(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
    }
  };
  return (family, table, chain) => {
    if (isBuiltinChain(chain)) return [chain];
    reach(family, table);
    return memo.get(`${family}/${table}/${chain}`) ?? [];
  };
}

/** `ingress`, `ingress, forwarded`, or undefined for a chain nothing jumps to. */
export function directionLabel(hooks: readonly string[]): string | undefined {
  if (hooks.length === 0) return undefined;
  return hooks.map((h) => HOOK_DIRECTION[h] ?? h.toLowerCase()).join(', ');
}
