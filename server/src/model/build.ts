import { keepHiddenClassesOf } from '../core/hiddenClasses';
import type { Range } from '../core/range';
import type { Problem } from '../engine/problem';
import { ADDRESS_LIST, ADDRESS_MAY_BE_NAME } from '../iptables/addresses';
import { lookupMatch, lookupTarget } from '../iptables/grammar';
import type { Family, IptCommand, Negatable, Rule, TableName } from '../iptables/rule';
import { BUILTIN_CHAINS, isBuiltinChain, isTargetName } from './chains';
import { MODEL_CODES } from './codes';
import { ruleKey } from './ruleKey';
import { type ChainState, type RuleEntry, type Ruleset, type TableState, tableKey } from './ruleset';
import type { Statement } from './statement';

/** Apply the statements in execution order; the result is the state the script leaves behind. */
export function buildRuleset(statements: Statement[]): { ruleset: Ruleset; problems: Problem[] } {
  const builder = new RulesetBuilder();
  builder.ruleset.hostnameCandidates = [];
  for (const statement of statements) builder.apply(statement);
  return { ruleset: builder.ruleset, problems: builder.problems };
}

/** A statement from iptables-restore input (a restore file, or a here-document fed to iptables-restore). */
export function isRestoreStatement(statement: Statement): boolean {
  return statement.programRange === undefined;
}

/**
 * The kernel's chain state, updated one statement at a time. Checks that need the state at a point
 * in the script (e.g. "does OUTPUT block DNS when this hostname is resolved?") drive it themselves.
 */
export class RulesetBuilder {
  readonly ruleset: Ruleset = { tables: new Map(), hostnameCandidates: undefined };
  readonly problems: Problem[] = [];
  /** Bumped on every change, so callers can cache what they computed from the state. */
  version = 0;

  apply(statement: Statement): void {
    const command = statement.command;
    const rule = command.rule;
    // One look at the addresses, for comma lists and for host names: the host-name check then visits
    // only the candidates instead of every statement again (a cache miss or more per rule).
    const addresses = rule === undefined ? 0 : rule.addressTraits;
    if (addresses & ADDRESS_MAY_BE_NAME) this.ruleset.hostnameCandidates?.push(statement);
    const table = this.table(command.family, command.table);
    const chainName = command.chain?.value;
    const chain = chainName === undefined ? undefined : table.chains.get(chainName);
    const needsChain = command.op !== 'new-chain' && command.op !== 'rename-chain' && command.op !== 'delete-chain' && command.op !== 'policy';
    if (chainName !== undefined && !chain && needsChain) {
      this.report(statement, MODEL_CODES.noSuchChain, command.chain!.range, `Chain ${chainName} does not exist in the ${command.table} table${this.familyNote(command)} at this point, so iptables fails with "No chain/target/match by that name" and this command has no effect. Create it first with \`-N ${chainName}\`.`);
      return;
    }
    this.version++;
    if (command.op !== 'append' && command.op !== 'insert' && command.op !== 'new-chain' && command.op !== 'policy') this.reach.delete(table);
    switch (command.op) {
      case 'append':
      case 'insert':
        if (chain && rule) this.addRule(statement, table, chain, command, (addresses & ADDRESS_LIST) !== 0);
        return;
      case 'replace':
        if (chain && command.rule) this.replaceRule(statement, table, chain, command);
        return;
      case 'delete':
        if (chain) this.deleteRule(statement, chain, command);
        return;
      case 'flush':
        this.flush(statement, table, chain);
        return;
      case 'new-chain':
        this.newChain(statement, table, command);
        return;
      case 'delete-chain':
        this.deleteChain(statement, table, command);
        return;
      case 'policy':
        this.setPolicy(statement, table, command);
        return;
      case 'rename-chain':
        this.renameChain(statement, table, command);
        return;
      default:
        // -C, -Z, -L, -S read the state (or counters) and leave the rules as they are.
        this.version--;
    }
  }

  private lastTable?: TableState;

  /**
   * ruleKey of each rule compared so far: `-D` compares its rule with every rule of the chain, and
   * scripts that delete before they add (to run twice safely) do that for every rule they add.
   */
  private readonly keys = new WeakMap<Rule, string>();

  /**
   * Per chain that a rule spec `-D` looked in: the key of every rule added to it since. A key that
   * is not there belongs to no rule of the chain, so a `-D` of a rule never added fails without a
   * scan. Keys of rules deleted since stay: they only cost a scan that finds nothing.
   */
  private readonly addedKeys = new Map<ChainState, Set<string>>();

  private noteAdded(chain: ChainState, entry: RuleEntry): void {
    this.addedKeys.get(chain)?.add(this.keyOf(entry.rule));
  }

  private keysIn(chain: ChainState): Set<string> {
    let keys = this.addedKeys.get(chain);
    if (!keys) {
      keys = new Set();
      for (const entry of chain.rules) keys.add(this.keyOf(entry.rule));
      this.addedKeys.set(chain, keys);
    }
    return keys;
  }

  private keyOf(rule: Rule): string {
    let key = this.keys.get(rule);
    if (key === undefined) {
      key = ruleKey(rule);
      this.keys.set(rule, key);
    }
    return key;
  }

  table(family: Family, name: TableName): TableState {
    // Scripts touch one table for long stretches: skip building the key for the same one again.
    const last = this.lastTable;
    if (last && last.family === family && last.table === name) return last;
    this.lastTable = this.tableFor(family, name);
    return this.lastTable;
  }

  private tableFor(family: Family, name: TableName): TableState {
    const key = tableKey(family, name);
    let table = this.ruleset.tables.get(key);
    if (!table) {
      table = { family, table: name, chains: new Map() };
      for (const builtin of BUILTIN_CHAINS[name]) {
        table.chains.set(builtin, chainState(builtin, true, 'ACCEPT', undefined, false));
      }
      this.ruleset.tables.set(key, table);
    }
    return table;
  }

  private addRule(statement: Statement, table: TableState, chain: ChainState, command: IptCommand, hasAddressList: boolean): void {
    const rule = command.rule!;
    if (!hasAddressList) {
      // One rule (nearly always): no list of entries to build.
      const entry = this.entryFor(statement, table, rule);
      if (!entry) return;
      if (command.op === 'append') {
        chain.rules.push(entry);
      } else {
        const n = command.ruleNum?.value ?? 1;
        if (!this.checkRuleNum(statement, chain, command, n, chain.rules.length + 1, 'insert at')) return;
        chain.rules.splice(n - 1, 0, entry);
      }
      if (entry.conditional) chain.uncertain = true;
      this.noteAdded(chain, entry);
      this.noteJump(table, chain, entry);
      return;
    }
    const entries: RuleEntry[] = [];
    for (const rule of expandAddressLists(command.rule!)) {
      const entry = this.entryFor(statement, table, rule);
      if (!entry) return;
      entries.push(entry);
    }
    if (command.op === 'append') {
      for (const entry of entries) chain.rules.push(entry);
    } else {
      const n = command.ruleNum?.value ?? 1;
      if (!this.checkRuleNum(statement, chain, command, n, chain.rules.length + 1, 'insert at')) return;
      // iptables inserts the rules of a -s/-d list one by one at the same position: they end up reversed.
      chain.rules.splice(n - 1, 0, ...entries.reverse());
    }
    if (entries.some((e) => e.conditional)) chain.uncertain = true;
    for (const entry of entries) {
      this.noteAdded(chain, entry);
      this.noteJump(table, chain, entry);
    }
  }

  private replaceRule(statement: Statement, table: TableState, chain: ChainState, command: IptCommand): void {
    const n = command.ruleNum?.value ?? 1;
    if (!this.checkRuleNum(statement, chain, command, n, chain.rules.length, 'replace')) return;
    const entry = this.entryFor(statement, table, command.rule!);
    if (!entry) return;
    if (statement.conditional) {
      // The old rule may still be there: keep both, as rules that may or may not exist.
      chain.rules[n - 1] = { ...chain.rules[n - 1], conditional: true };
      chain.rules.splice(n - 1, 0, entry);
      chain.uncertain = true;
    } else {
      chain.rules[n - 1] = entry;
    }
    this.noteAdded(chain, entry);
    // The rule replaced may have been a jump; any reach worked out while checking this one is out of date.
    this.reach.delete(table);
  }

  /** The rule as stored, or undefined when iptables would refuse it (a jump to a chain that does not exist). */
  private entryFor(statement: Statement, table: TableState, rule: Rule): RuleEntry | undefined {
    // `-t $TABLE`: the rule may live in another table altogether; treat it as one that may not be here.
    // jumpsTo is always present (undefined when not a jump): every entry then has the same shape.
    const entry: RuleEntry = { rule, statement, conditional: statement.conditional || statement.command.tableKnown === false, jumpsTo: undefined };
    const target = rule.target;
    if (!target || isTargetName(target.name)) return this.hookBoundRefused(statement, table, entry) ? undefined : entry;
    const jumped = table.chains.get(target.name);
    if (!jumped) {
      // A target name the script cannot know (`-j "$CHAIN"`) is not ours to judge.
      if (/[$`…]/.test(target.name)) return entry;
      this.report(statement, MODEL_CODES.undefinedJump, target.range, `\`${target.kind === 'goto' ? '-g' : '-j'} ${target.name}\`: there is no target or chain called ${target.name} in the ${table.table} table${familyNote(table.family)} at this point, so iptables fails with "Couldn't load target" and the rule is never added. Create the chain first (\`-N ${target.name}\`) or fix the name.`);
      return undefined;
    }
    entry.jumpsTo = jumped.name;
    const loop = this.loopThrough(table, rule.chain, jumped.name);
    if (loop) {
      const path = loop.chains.join(' → ');
      this.report(
        statement,
        MODEL_CODES.jumpLoop,
        target.range,
        `\`${target.kind === 'goto' ? '-g' : '-j'} ${target.name}\` closes a loop of chains (${path}) that packets of ${loop.hook} would enter, so iptables refuses the rule ("Too many links") and it is never added. Break the loop: a chain must not jump, directly or through others, back to itself.`,
        loop.uncertain,
      );
      return undefined;
    }
    return this.hookBoundRefused(statement, table, entry) ? undefined : entry;
  }

  /** Tables holding a rule whose target or match the kernel allows under some hooks only (see hookBoundRefused). */
  private readonly hookBoundTables = new Set<TableState>();

  /**
   * A target or match the kernel allows only under some hooks (MASQUERADE: POSTROUTING; owner: OUTPUT
   * and POSTROUTING) may sit in a user chain, as long as no other built-in chain reaches that chain. The
   * kernel checks when the rule is added and when a jump makes such a rule reachable: iptables-nft
   * refuses either with "Invalid argument" (checked in test/kernel/hook-bound.test.ts). Reports and
   * returns true when this entry is refused so. In a built-in chain the parser has reported it already.
   */
  private hookBoundRefused(statement: Statement, table: TableState, entry: RuleEntry): boolean {
    const rule = entry.rule;
    const chain = table.chains.get(rule.chain);
    if (!chain) return false;
    const own = hookBounds(rule, table.table);
    if (own.length > 0) {
      this.hookBoundTables.add(table);
      if (!chain.builtin) {
        for (const reach of this.hooksReaching(table, chain.name)) {
          const bound = own.find((b) => !b.chains.includes(reach.hook));
          if (!bound) continue;
          this.report(
            statement,
            MODEL_CODES.hookBound,
            bound.range,
            `${bound.what} only works in ${bound.chains.join(', ')} (and user chains called only from there), but ${chain.name} is reached from ${reach.hook}${reach.path.length > 2 ? ` (${reach.path.join(' → ')})` : ''}, so iptables refuses the rule ("Invalid argument") and it is never added. Move the rule to a chain that only ${bound.chains.join(' or ')} jumps to.`,
            reach.uncertain,
          );
          return true;
        }
      }
    }
    const into = entry.jumpsTo;
    if (into === undefined || !this.hookBoundTables.has(table)) return false;
    // Every rule the jump would make reachable: those of the chain it enters and of the chains that one jumps to.
    const held: { entry: RuleEntry; chain: string; bound: HookBound }[] = [];
    const seen = new Set<string>();
    const stack = [into];
    while (stack.length > 0 && this.hookSearchBudget > 0) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      const rules = table.chains.get(name)?.rules ?? [];
      this.hookSearchBudget -= rules.length;
      for (const e of rules) {
        if (e.jumpsTo !== undefined) stack.push(e.jumpsTo);
        for (const bound of hookBounds(e.rule, table.table)) held.push({ entry: e, chain: name, bound });
      }
    }
    if (held.length === 0) return false;
    const reaching = chain.builtin ? [{ hook: chain.name, path: [chain.name], uncertain: false }] : this.hooksReaching(table, chain.name);
    for (const { entry: e, chain: name, bound } of held) {
      const reach = reaching.find((r) => !bound.chains.includes(r.hook));
      if (!reach) continue;
      const target = rule.target!;
      this.report(
        statement,
        MODEL_CODES.hookBound,
        target.range,
        `\`${target.kind === 'goto' ? '-g' : '-j'} ${target.name}\` would let packets of ${reach.hook} reach ${bound.what} in ${name} (line ${e.statement.command.range.start.line + 1}), which only works in ${bound.chains.join(', ')}, so iptables refuses this rule ("Invalid argument") and it is never added. Jump to ${target.name} only from ${bound.chains.join(' or ')}, or move that rule out of it.`,
        reach.uncertain || e.conditional,
      );
      return true;
    }
    return false;
  }

  /**
   * The built-in chains from which packets can reach the user chain `name` through jumps and gotos, each
   * with one path there; uncertain when every such path has a rule that may not have been added.
   */
  private hooksReaching(table: TableState, name: string): { hook: string; path: string[]; uncertain: boolean }[] {
    const chains = this.reachIn(table);
    const hooks = chains.get(name);
    if (hooks === undefined) return [];
    const out: { hook: string; path: string[]; uncertain: boolean }[] = [];
    for (const [hook, reach] of hooks) {
      const path = [name];
      // Each step back goes to the chain that gave this one its reach (at most one step per chain).
      for (let at = reach.via, steps = chains.size; at !== '' && steps > 0; steps--) {
        path.unshift(at);
        at = chains.get(at)?.get(hook)?.via ?? '';
      }
      out.push({ hook, path, uncertain: reach.level < CERTAIN });
    }
    return out;
  }

  /**
   * Per table that hookBoundRefused or loopThrough asked about: for each chain, the built-in chains
   * that reach it and how (see HookReach). Kept up to date as jumps are added; a command that may take
   * a jump away (-D, -R, -F, -X, -E) drops it, to be worked out again from the chains when next asked.
   */
  private readonly reach = new Map<TableState, Map<string, Map<string, HookReach>>>();

  private reachIn(table: TableState): Map<string, Map<string, HookReach>> {
    let chains = this.reach.get(table);
    if (chains === undefined) {
      chains = new Map();
      for (const hook of table.chains.values()) if (hook.builtin) this.spreadReach(table, chains, hook.name, hook.name, CERTAIN, '');
      this.reach.set(table, chains);
    }
    return chains;
  }

  /** A jump `entry` now in `from`: the chains it leads to are reached from wherever `from` is. */
  private noteJump(table: TableState, from: ChainState, entry: RuleEntry): void {
    const chains = this.reach.get(table);
    if (chains === undefined || entry.jumpsTo === undefined) return;
    const hooks = chains.get(from.name);
    if (hooks === undefined) return;
    const edge = entry.conditional ? UNCERTAIN : CERTAIN;
    for (const [hook, reach] of [...hooks]) this.spreadReach(table, chains, entry.jumpsTo, hook, Math.min(reach.level, edge), from.name);
  }

  /**
   * `hook` reaches `start` (from `via`) at `level`: record it there and in every chain from there on
   * that had no such reach yet. A chain's reach from a hook only ever rises (none, uncertain, certain),
   * so each chain is passed on from at most twice per hook.
   */
  private spreadReach(table: TableState, chains: Map<string, Map<string, HookReach>>, start: string, hook: string, level: number, via: string): void {
    const stack: { name: string; level: number; via: string }[] = [{ name: start, level, via }];
    while (stack.length > 0) {
      const at = stack.pop()!;
      let hooks = chains.get(at.name);
      if (hooks === undefined) chains.set(at.name, (hooks = new Map()));
      const had = hooks.get(hook);
      if (had !== undefined && had.level >= at.level) continue;
      hooks.set(hook, { level: at.level, via: at.via });
      for (const e of table.chains.get(at.name)?.rules ?? []) {
        if (e.jumpsTo !== undefined) stack.push({ name: e.jumpsTo, level: Math.min(at.level, e.conditional ? UNCERTAIN : CERTAIN), via: at.name });
      }
    }
  }

  /**
   * Rules the jump checks of hookBoundRefused may still visit in this analysis: a script with thousands
   * of such rules and jumps costs at most this much, and past it no refusal is claimed (never a false one).
   */
  private hookSearchBudget = 2_000_000;

  /**
   * iptables accepts a loop of user chains while no built-in chain reaches it, and refuses the jump
   * that makes it reachable (iptables-nft: "Too many links"). Would the jump `from → to` do that?
   * Loops are rare: the search from `to` is cheap, and reachability from the hooks is asked only then.
   */
  private loopThrough(table: TableState, from: string, to: string): { chains: string[]; hook: string; uncertain: boolean } | undefined {
    // Nearly always `to` jumps nowhere yet (a chain is filled after the jump into it): no loop can close.
    if (to !== from && !jumpsAnywhere(table.chains.get(to))) return undefined;
    const jumpsOf = (name: string): { to: string; conditional: boolean }[] => {
      const out: { to: string; conditional: boolean }[] = [];
      for (const e of table.chains.get(name)?.rules ?? []) if (e.jumpsTo) out.push({ to: e.jumpsTo, conditional: e.conditional });
      if (name === from) out.push({ to, conditional: false });
      return out;
    };
    // Depth-first from `to`, with the new edge included: a chain met again while still on the path closes a loop.
    const onPath: string[] = [];
    const conditionalOnPath: boolean[] = [];
    const done = new Set<string>();
    let cycle: { chains: string[]; uncertain: boolean } | undefined;
    const visit = (name: string, viaConditional: boolean): void => {
      if (cycle || done.has(name)) return;
      const at = onPath.indexOf(name);
      if (at >= 0) {
        cycle = { chains: [...onPath.slice(at), name], uncertain: viaConditional || conditionalOnPath.slice(at + 1).some(Boolean) };
        return;
      }
      onPath.push(name);
      conditionalOnPath.push(viaConditional);
      for (const edge of jumpsOf(name)) visit(edge.to, edge.conditional);
      onPath.pop();
      conditionalOnPath.pop();
      done.add(name);
    };
    visit(to, false);
    if (!cycle) return undefined;
    // The loop matters only when a built-in chain reaches `from` (or is `from`: a built-in chain reaches
    // itself), through any rules, certain or not: the first in the table's order names it.
    const reachedFrom = this.reachIn(table).get(from);
    if (reachedFrom) for (const hook of table.chains.values()) if (hook.builtin && reachedFrom.has(hook.name)) return { ...cycle, hook: hook.name };
    return undefined;
  }

  private checkRuleNum(statement: Statement, chain: ChainState, command: IptCommand, n: number, max: number, verb: string): boolean {
    if (n >= 1 && n <= max) return true;
    const range = command.ruleNum?.range ?? command.opRange;
    const count = chain.rules.length;
    this.report(statement, MODEL_CODES.ruleNumber, range, `Cannot ${verb} rule ${n} of ${chain.name}: ${chain.uncertain ? 'it may have' : 'it has'} ${count} rule${count === 1 ? '' : 's'} at this point, so iptables fails ("Index of ${verb === 'insert at' ? 'insertion' : verb === 'replace' ? 'replacement' : 'deletion'} too big") and nothing changes.`, chain.uncertain);
    return false;
  }

  private deleteRule(statement: Statement, chain: ChainState, command: IptCommand): void {
    const indexes: number[] = [];
    if (command.rule) {
      for (const rule of expandAddressLists(command.rule)) {
        const key = this.keyOf(rule);
        let index = -1;
        if (this.keysIn(chain).has(key)) {
          for (let i = 0; i < chain.rules.length && index < 0; i++) if (!indexes.includes(i) && this.keyOf(chain.rules[i].rule) === key) index = i;
        }
        if (index < 0) {
          this.report(statement, MODEL_CODES.deleteMissing, command.range, `No rule in ${chain.name} matches this specification at this point, so \`-D\` fails ("Bad rule (does a matching rule exist in that chain?)") and a script with \`set -e\` stops here.`, chain.uncertain);
          return;
        }
        indexes.push(index);
      }
    } else {
      const n = command.ruleNum?.value ?? 0;
      if (!this.checkRuleNum(statement, chain, command, n, chain.rules.length, 'delete')) return;
      indexes.push(n - 1);
    }
    if (statement.conditional) {
      for (const i of indexes) chain.rules[i] = { ...chain.rules[i], conditional: true };
      chain.uncertain = true;
    } else {
      const gone = new Set(indexes);
      chain.rules = chain.rules.filter((_, i) => !gone.has(i));
    }
  }

  private flush(statement: Statement, table: TableState, chain: ChainState | undefined): void {
    const chains = chain ? [chain] : [...table.chains.values()];
    for (const c of chains) {
      if (statement.conditional) {
        c.rules = c.rules.map((r) => (r.conditional ? r : { ...r, conditional: true }));
        c.uncertain = true;
      } else {
        c.rules = [];
      }
    }
    // iptables-restore replaces the whole table: user chains not declared again are gone.
    if (!chain && isRestoreStatement(statement) && !statement.conditional) {
      for (const [name, c] of table.chains) if (!c.builtin) table.chains.delete(name);
    }
  }

  private newChain(statement: Statement, table: TableState, command: IptCommand): void {
    const name = command.chain?.value;
    if (name === undefined) return;
    const existing = table.chains.get(name);
    if (existing) {
      if (isRestoreStatement(statement)) {
        // `:CHAIN - [0:0]` for a chain that exists (with --noflush) empties it.
        if (!existing.builtin && !statement.conditional) existing.rules = [];
        return;
      }
      if (!statement.conditional || !existing.uncertain) {
        this.report(statement, MODEL_CODES.chainExists, command.chain!.range, `Chain ${name} already exists${existing.builtin ? ' (it is built in)' : existing.definedAt ? ` (created on line ${existing.definedAt.command.range.start.line + 1})` : ''}, so \`-N\` fails with "Chain already exists". Scripts that run twice usually flush and delete their chains first: \`-F ${name}\` then \`-X ${name}\`.`, existing.uncertain);
      }
      return;
    }
    table.chains.set(name, chainState(name, false, undefined, statement, statement.conditional));
  }

  private deleteChain(statement: Statement, table: TableState, command: IptCommand): void {
    if (!command.chain) {
      const userChains = [...table.chains.values()].filter((c) => !c.builtin);
      const kept = new Set(userChains.filter((c) => c.uncertain || statement.conditional).map((c) => c.name));
      const deleted = userChains.filter((c) => !kept.has(c.name));
      const deletedNames = new Set(deleted.map((c) => c.name));
      const referrer = this.referrer(table, deletedNames, deletedNames);
      if (referrer) {
        this.report(statement, MODEL_CODES.chainReferenced, command.opRange, `\`-X\` deletes every user chain, but ${referrer.chain.name} still jumps to ${referrer.entry.jumpsTo} (line ${referrer.entry.statement.command.range.start.line + 1}), so iptables refuses ("Too many links") and no chain is deleted. Flush the chains first with \`-F\`.`);
        return;
      }
      for (const c of deleted) table.chains.delete(c.name);
      return;
    }
    const name = command.chain.value;
    const chain = table.chains.get(name);
    if (!chain || chain.builtin) {
      this.report(statement, MODEL_CODES.deleteChainInvalid, command.chain.range, chain ? `${name} is a built-in chain: it cannot be deleted (iptables: "Can't delete built-in chain"). To empty it use \`-F ${name}\`.` : `There is no chain ${name} in the ${table.table} table${familyNote(table.family)} at this point, so \`-X ${name}\` fails.`);
      return;
    }
    const referrer = this.referrer(table, new Set([name]), new Set());
    if (referrer) {
      this.report(statement, MODEL_CODES.chainReferenced, command.chain.range, `${name} is still the target of a rule in ${referrer.chain.name} (line ${referrer.entry.statement.command.range.start.line + 1}), so \`-X ${name}\` fails ("Too many links"). Delete or flush the rules that jump to it first.`, referrer.entry.conditional || chain.uncertain);
      return;
    }
    if (chain.rules.length > 0) {
      this.report(statement, MODEL_CODES.chainNotEmpty, command.chain.range, `${name} still has ${chain.rules.length} rule${chain.rules.length === 1 ? '' : 's'}, so \`-X ${name}\` fails ("Directory not empty"). Flush it first: \`-F ${name}\`.`, chain.uncertain);
      return;
    }
    if (statement.conditional) {
      chain.uncertain = true;
      return;
    }
    table.chains.delete(name);
  }

  /** The first rule, outside the chains in `exclude`, that jumps into one of `names`. */
  private referrer(table: TableState, names: Set<string>, exclude: Set<string>): { chain: ChainState; entry: RuleEntry } | undefined {
    for (const chain of table.chains.values()) {
      if (exclude.has(chain.name)) continue;
      for (const entry of chain.rules) if (entry.jumpsTo !== undefined && names.has(entry.jumpsTo)) return { chain, entry };
    }
    return undefined;
  }

  private setPolicy(statement: Statement, table: TableState, command: IptCommand): void {
    const name = command.chain?.value;
    const policy = command.policy;
    if (name === undefined || !policy) return;
    const chain = table.chains.get(name);
    // A policy on a user chain, or one other than ACCEPT/DROP, is refused by iptables; the parser
    // reports both (IPT115, IPT121) since they do not depend on the state: here it just changes nothing.
    if (!chain || !chain.builtin) return;
    if (!policy.known) {
      chain.policyStatement = statement;
      chain.policyRange = policy.range;
      chain.uncertain = true;
      return;
    }
    if (policy.value !== 'ACCEPT' && policy.value !== 'DROP') return;
    chain.policy = policy.value;
    chain.policyStatement = statement;
    chain.policyRange = policy.range;
    if (statement.conditional) chain.uncertain = true;
  }

  private renameChain(statement: Statement, table: TableState, command: IptCommand): void {
    const oldName = command.chain?.value;
    const newName = command.newName?.value;
    if (oldName === undefined || newName === undefined) return;
    const chain = table.chains.get(oldName);
    if (chain?.builtin) {
      // iptables-nft does rename a base chain (iptables-legacy refuses): the renamed chain keeps its hook
      // and rules, but iptables can no longer list the table, and the next rule for OLD makes a second
      // base chain of that name on the same hook. The model keeps the chain as it was: its rules still filter.
      this.problems.push({
        code: MODEL_CODES.renameClash,
        range: command.range,
        message: `\`-E ${oldName} ${newName}\` renames a built-in chain. iptables-nft does it (iptables-legacy refuses): ${newName} keeps ${oldName}'s hook and rules, \`iptables -S\` can no longer list the table ("incompatible base-chains"), and the next rule for ${oldName} creates a second ${oldName}. Rename a chain of your own instead, or leave the built-in one alone.`,
        severity: 'warning',
      });
      return;
    }
    let why: string | undefined;
    if (!chain) why = `there is no chain ${oldName} at this point`;
    else if (table.chains.has(newName) || isBuiltinChain(table.table, newName)) why = `a chain called ${newName} already exists`;
    else if (isTargetName(newName)) why = `${newName} is the name of a target`;
    if (why || !chain) {
      this.report(statement, MODEL_CODES.renameClash, command.range, `\`-E ${oldName} ${newName}\` fails: ${why}.`);
      return;
    }
    table.chains.delete(oldName);
    chain.name = newName;
    if (statement.conditional) chain.uncertain = true;
    table.chains.set(newName, chain);
    for (const c of table.chains.values()) {
      for (const entry of c.rules) if (entry.jumpsTo === oldName) entry.jumpsTo = newName;
    }
  }

  private familyNote(command: IptCommand): string {
    return familyNote(command.family);
  }

  private report(statement: Statement, code: string, range: Range, message: string, uncertain = false): void {
    // A statement that may not run, or a state that conditional commands may have changed, gives no certainty.
    const maybe = statement.conditional || uncertain;
    // iptables-restore commits a table all at once: one failing line and none of it is loaded.
    const whole = isRestoreStatement(statement) ? ' In iptables-restore input this fails the whole table: none of it is loaded.' : '';
    this.problems.push({
      code,
      range,
      message: maybe ? `${message}${whole} (This depends on commands that may or may not run.)` : `${message}${whole}`,
      severity: maybe ? 'warning' : undefined,
    });
  }
}

/** Every chain with all its properties, in one order: built-in and user chains share one shape. */
function chainState(name: string, builtin: boolean, policy: ChainState['policy'], definedAt: Statement | undefined, uncertain: boolean): ChainState {
  return { name, builtin, policy, policyStatement: undefined, policyRange: undefined, definedAt, rules: [], uncertain };
}

/** How a built-in chain reaches a chain: through rules that are all there (CERTAIN), or not (UNCERTAIN). */
interface HookReach {
  level: number;
  /** The chain the reach came through ('' for the built-in chain itself). */
  via: string;
}
const CERTAIN = 2;
const UNCERTAIN = 1;

/** A restriction to some hooks, of a rule's target or of one of its matches. */
interface HookBound {
  /** `the MASQUERADE target`, `the owner match`. */
  what: string;
  chains: readonly string[];
  range: Range;
}

const NO_BOUNDS: readonly HookBound[] = [];

/**
 * The hooks a rule's target and matches are restricted to, where the restriction leaves out some
 * built-in chain of the table (REJECT's INPUT, FORWARD and OUTPUT are all of filter's): empty for
 * nearly every rule.
 */
function hookBounds(rule: Rule, table: TableName): readonly HookBound[] {
  let out: HookBound[] | undefined;
  const target = rule.target;
  if (target && isTargetName(target.name)) {
    const spec = lookupTarget(target.name);
    // A target in the wrong table (or family) is the parser's to report: it never gets this far in iptables.
    if (spec?.chains && (!spec.tables || spec.tables.includes(table)) && (!spec.family || spec.family === rule.family) && leavesOutAHook(spec.chains, table)) {
      (out ??= []).push({ what: `the ${spec.name} target`, chains: spec.chains, range: target.range });
    }
  }
  for (const match of rule.matches) {
    const spec = lookupMatch(match.name);
    if (spec?.chains && (!spec.family || spec.family === rule.family) && leavesOutAHook(spec.chains, table)) {
      (out ??= []).push({ what: `the ${spec.name} match`, chains: spec.chains, range: match.range });
    }
  }
  return out ?? NO_BOUNDS;
}

function leavesOutAHook(chains: readonly string[], table: TableName): boolean {
  for (const hook of BUILTIN_CHAINS[table]) if (!chains.includes(hook)) return true;
  return false;
}

function jumpsAnywhere(chain: ChainState | undefined): boolean {
  if (chain) for (const e of chain.rules) if (e.jumpsTo !== undefined) return true;
  return false;
}

/** `-s a,b` or `-d c,d`: a rule that may stand for several (expandAddressLists). */
function hasAddressList(rule: Rule): boolean {
  return (rule.source !== undefined && rule.source.value.includes(',')) || (rule.destination !== undefined && rule.destination.value.includes(','));
}

/**
 * iptables turns `-s a,b -d c,d` into one rule per combination (sources outer, destinations inner),
 * as `iptables -S` shows. Host names stay as they are: how many addresses they give is not known.
 */
export function expandAddressLists(rule: Rule): Rule[] {
  if (!hasAddressList(rule)) return [rule];
  const split = (v: Rule['source']) => (v && v.known && v.value.includes(',') ? v.value.split(',').map((part) => ({ value: part, range: v.range, known: v.known, negated: v.negated })) : [v]);
  const sources = split(rule.source);
  const destinations = split(rule.destination);
  if (sources.length === 1 && destinations.length === 1) return [rule];
  const out: Rule[] = [];
  for (const source of sources) for (const destination of destinations) out.push({ ...rule, source, destination });
  return out;
}

function familyNote(family: Family): string {
  return family === 'ipv6' ? ' (IPv6, ip6tables)' : '';
}

// A builder per analysis: see keepHiddenClassesOf.
keepHiddenClassesOf(new RulesetBuilder());
