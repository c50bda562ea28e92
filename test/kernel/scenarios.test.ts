/**
 * Direction checks verified by the kernel. Every scenario in test/kernel/scenarios/ is loaded into a
 * server namespace with real iptables and its labelled flows are tried with real TCP connections from
 * a client namespace (and UDP datagrams). Then:
 *  - each label must match what the kernel did (the scenario itself is right);
 *  - our final ruleset must be the kernel's (`iptables -S`, rule for rule);
 *  - IPT201/IPT202 exactly where a flow dies for reply reasons (blocked, but passing once the reply
 *    chain accepts ESTABLISHED traffic), and never on a rule whose flow passes;
 *  - IPT301/IPT302 only on rules the kernel never matched, never on one it matched;
 *  - the findings are the ones the scenario's header lists.
 */
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { factsOf } from '../../server/src/analysis/context';
import { type PlacedRule, ruleAt } from '../../server/src/analysis/explain';
import { encodeInterfaceName } from '../../server/src/analysis/space';
import type { Finding, TextEdit } from '../../server/src/core/finding';
import { applyEdits } from '../analysis/helpers';
import { analyze } from '../../server/src/engine/analyze';
import type { Analysis } from '../../server/src/engine/analysis';
import { toSaveLines } from '../../server/src/iptables/saveForm';
import { parseIPv4 } from '../../server/src/model/address';
import { tableKey, type RuleEntry } from '../../server/src/model/ruleset';
import { ADDRESSES, assertKernelTools, type Flow, type FlowResult, inParallel, type KernelRun, readScenario, routeOf, runInKernel, type Scenario } from './scenarios/harness';

const DIR = join(__dirname, 'scenarios');
const CODES = ['IPT201', 'IPT202', 'IPT301', 'IPT302', 'IPT401'];
const scenarios: Scenario[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.sh') || f.endsWith('.rules'))
  .sort()
  .map((f) => readScenario(join(DIR, f)));

/** The new-connection packet of a flow as the server's filter table sees it, one value per dimension. */
function flowPacket(flow: Flow): (number | bigint)[] {
  const route = routeOf(flow);
  const iface = (name: string | undefined) => (name ? encodeInterfaceName(name) : 0n);
  return [
    flow.protocol === 'tcp' ? 6 : 17,
    parseIPv4(ADDRESSES[flow.from])!,
    parseIPv4(ADDRESSES[flow.to])!,
    45678,
    flow.port,
    iface(route.inInterface),
    iface(route.outInterface),
    1, // NEW
    0,
    0,
  ];
}

/** IPT202 for connections the server opens; IPT201 for those it accepts or forwards. */
function replyCode(flow: Flow): string {
  return routeOf(flow).hook === 'OUTPUT' ? 'IPT202' : 'IPT201';
}

/** Whether the flow's first packet reaches this rule's chain (through its hook) and matches it. */
function ruleMatches(analysis: Analysis, placed: PlacedRule, flow: Flow): boolean {
  const facts = factsOf(analysis.ruleset);
  if (!facts.hooksOf(placed.table, placed.chain.name).has(routeOf(flow).hook)) return false;
  const point = flowPacket(flow);
  return facts.spaceOf(placed.entry).boxes.some((box) => box.every((side, d) => side.has(point[d])));
}

function placedOf(analysis: Analysis, finding: Finding): PlacedRule[] {
  return ruleAt(analysis, finding.range.start)?.rules ?? [];
}

function entriesOf(analysis: Analysis, finding: Finding): RuleEntry[] {
  return (ruleAt(analysis, finding.range.start)?.rules ?? []).map((r) => r.entry);
}

function isSubsequence(part: string[], whole: string[]): boolean {
  let i = 0;
  for (const line of whole) if (i < part.length && part[i] === line) i++;
  return i === part.length;
}

/** `iptables -S` lines as policies and chains (any order) plus each chain's rules (in order). */
function byChain(lines: string[]): { heads: string[]; rules: [string, string[]][] } {
  const rules = new Map<string, string[]>();
  const heads: string[] = [];
  for (const line of lines) {
    const m = /^-A (\S+) /.exec(line);
    if (m) rules.set(m[1], [...(rules.get(m[1]) ?? []), line.replace(/\/32\/32/g, '/32')]);
    else heads.push(line);
  }
  return { heads: heads.sort(), rules: [...rules.entries()].sort((a, b) => a[0].localeCompare(b[0])) };
}

/** The scenario text with the fixes (safe ones, or all) of some codes applied; undefined when there are none. */
function withFixes(scenario: Scenario, codes: string[], safeOnly: boolean): string | undefined {
  const analysis = analyze(scenario.text, { languageId: scenario.languageId })!;
  const edits = new Map<string, TextEdit>();
  for (const f of analysis.findings) {
    if (!codes.includes(f.code)) continue;
    for (const fix of f.fixes) if (fix.safe || !safeOnly) for (const e of fix.edits) edits.set(JSON.stringify(e), e);
  }
  return edits.size === 0 ? undefined : applyEdits(scenario.text, [...edits.values()]);
}

const summary = { trimmedScenarios: 0, movedScenarios: 0, movedFlows: 0, fixedScenarios: 0, flowsFixed: 0, scenarios: 0, loaded: 0, flows: 0, labelsAgree: 0, replyDeaths: 0, replyFindingsAgree: 0, deadFindings: 0, deadFindingsAgree: 0 };

describe('kernel scenarios: direction checks against real iptables and real TCP', function () {
  this.timeout(300_000);
  const runs = new Map<Scenario, KernelRun | Error>();
  const fixedRuns = new Map<Scenario, KernelRun | Error>();
  const movedRuns = new Map<Scenario, KernelRun | Error>();
  const trimmedRuns = new Map<Scenario, KernelRun | Error>();

  before(async function () {
    assertKernelTools();
    const loaded = scenarios.filter((s) => !s.lintOnly);
    // Each scenario with reply findings also runs with their safe fixes applied.
    const fixable = loaded.flatMap((s) => {
      const text = withFixes(s, ['IPT201', 'IPT202'], true);
      return text === undefined ? [] : [{ scenario: s, fixed: { ...s, text } }];
    });
    // …and each with dead rules runs with them moved above their blockers (the unsafe fix).
    const movable = loaded.flatMap((s) => {
      const text = withFixes(s, ['IPT301'], false);
      return text === undefined ? [] : [{ scenario: s, fixed: { ...s, text } }];
    });
    // …and each with redundant rules runs with them removed.
    const trimmed = loaded.flatMap((s) => {
      const text = withFixes(s, ['IPT302'], false);
      return text === undefined ? [] : [{ scenario: s, fixed: { ...s, text } }];
    });
    const variants: [typeof fixable, Map<Scenario, KernelRun | Error>][] = [[fixable, fixedRuns], [movable, movedRuns], [trimmed, trimmedRuns]];
    const all = [...loaded, ...variants.flatMap(([list]) => list.map((f) => f.fixed))];
    const results = await inParallel(all, 8, (s, i) => runInKernel(s, i).catch((e: Error) => e));
    loaded.forEach((s, i) => runs.set(s, results[i]));
    let next = loaded.length;
    for (const [list, map] of variants) for (const f of list) map.set(f.scenario, results[next++]);
  });

  after(() => {
    console.log(
      `      ${summary.scenarios} scenarios (${summary.loaded} loaded into the kernel), ${summary.flows} flows: ` +
        `${summary.labelsAgree}/${summary.flows} labels agree with the kernel, ${summary.replyFindingsAgree}/${summary.replyDeaths} reply deaths found as IPT201/IPT202, ` +
        `${summary.deadFindingsAgree}/${summary.deadFindings} IPT301/IPT302 findings on rules the kernel never matched; ` +
        `safe fixes applied in ${summary.fixedScenarios} scenarios bring back ${summary.flowsFixed} flows; ` +
        `dead ACCEPTs moved above their blockers in ${summary.movedScenarios} scenarios let ${summary.movedFlows} flows through; ` +
        `removing redundant rules in ${summary.trimmedScenarios} scenarios changes no flow`,
    );
  });

  it('has at least 40 scenarios, in shell and restore format', () => {
    assert.ok(scenarios.length >= 40, `${scenarios.length} scenarios`);
    assert.ok(scenarios.some((s) => s.languageId === 'iptables') && scenarios.some((s) => s.languageId === 'shellscript'));
  });

  for (const scenario of scenarios) {
    it(scenario.name, () => {
      summary.scenarios++;
      const analysis = analyze(scenario.text, { languageId: scenario.languageId })!;
      const findings = analysis.findings.filter((f) => CODES.includes(f.code));
      const actual = [...new Set(findings.map((f) => `${f.code}@${f.range.start.line + 1}`))].sort();
      assert.deepEqual(actual, [...scenario.findings].sort(), `findings of ${scenario.name}:\n${findings.map((f) => `${f.code}@${f.range.start.line + 1} ${f.message}`).join('\n')}`);
      if (scenario.lintOnly) return;

      const run = runs.get(scenario);
      if (run instanceof Error) throw run;
      assert.ok(run, 'the kernel run is missing');
      summary.loaded++;

      // The kernel did what the labels say.
      for (const r of run.flows) {
        summary.flows++;
        assert.equal(r.passed ? 'pass' : 'blocked', r.flow.expect, `line ${r.flow.line}: the kernel says ${r.flow.from}->${r.flow.to} ${r.flow.protocol} ${r.flow.port} ${r.passed ? 'passes' : 'is blocked'}`);
        summary.labelsAgree++;
      }

      // Our final ruleset is the kernel's: same policies and chains, same rules in the same order.
      // Rules under a condition may or may not be there: the kernel's rules must lie between our
      // certain rules and all of ours.
      const filter = analysis.ruleset.tables.get(tableKey('ipv4', 'filter'));
      const heads: string[] = [];
      const certain: string[] = [];
      const possible: string[] = [];
      const substituted = (line: string) => scenario.substitutions.reduce((l, [name, address]) => l.split(name).join(`${address}/32`), line);
      if (filter) {
        for (const chain of filter.chains.values()) heads.push(chain.builtin ? `-P ${chain.name} ${chain.policy}` : `-N ${chain.name}`);
        for (const chain of filter.chains.values()) {
          for (const e of chain.rules) {
            // Rules keep the names they were written with; -E renamed the chain and the jumps since.
            const target = e.rule.target && e.jumpsTo ? { ...e.rule.target, name: e.jumpsTo } : e.rule.target;
            const lines = toSaveLines({ ...e.rule, chain: chain.name, target }).map(substituted);
            possible.push(...lines);
            if (!e.conditional) certain.push(...lines);
          }
        }
      } else heads.push('-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT');
      const kernel = byChain(run.rules);
      assert.deepEqual(byChain(heads).heads, kernel.heads, 'our policies and chains differ from iptables -S');
      const ours = { certain: new Map(byChain(certain).rules), possible: new Map(byChain(possible).rules) };
      for (const name of new Set([...ours.possible.keys(), ...kernel.rules.map(([n]) => n)])) {
        const theirs = kernel.rules.find(([n]) => n === name)?.[1] ?? [];
        const message = `our model of chain ${name} differs from iptables -S:\n  kernel: ${theirs.join('\n          ')}\n  ours:   ${(ours.possible.get(name) ?? []).join('\n          ')}`;
        assert.ok(isSubsequence(ours.certain.get(name) ?? [], theirs) && isSubsequence(theirs, ours.possible.get(name) ?? []), message);
      }

      // IPT201/IPT202 exactly where a flow dies for reply reasons.
      const replyFindings = findings.filter((f) => f.code === 'IPT201' || f.code === 'IPT202');
      for (const r of run.flows.filter((x) => x.diesForReplies)) {
        summary.replyDeaths++;
        const code = replyCode(r.flow);
        const hit = replyFindings.some((f) => f.code === code && placedOf(analysis, f).some((p) => ruleMatches(analysis, p, r.flow)));
        assert.ok(hit, `line ${r.flow.line}: the flow dies for reply reasons, but no ${code} is reported on the rule that accepts it`);
        summary.replyFindingsAgree++;
      }
      for (const f of replyFindings) {
        const flows = run.flows.filter((r) => replyCode(r.flow) === f.code && placedOf(analysis, f).some((p) => ruleMatches(analysis, p, r.flow)));
        assert.ok(flows.length > 0, `${f.code}@${f.range.start.line + 1}: no labelled flow exercises this rule`);
        for (const r of flows) assert.ok(r.diesForReplies, `${f.code}@${f.range.start.line + 1}: the kernel says the flow of line ${r.flow.line} ${r.passed ? 'passes' : 'dies for other reasons'}`);
      }

      // The safe fix (an ESTABLISHED,RELATED accept in the reply chain) brings every such flow back,
      // and breaks none that worked.
      const fixed = fixedRuns.get(scenario);
      if (fixed instanceof Error) throw fixed;
      if (fixed) {
        summary.fixedScenarios++;
        for (const r of fixed.flows) {
          const before = run.flows.find((x) => x.flow === r.flow)!;
          if (before.passed || before.diesForReplies) {
            assert.ok(r.passed, `with the safe fixes applied, the flow of line ${r.flow.line} should pass`);
            if (before.diesForReplies) summary.flowsFixed++;
          }
        }
      }

      // A dead ACCEPT moved above its blockers takes effect: the flows it matches now pass.
      const moved = movedRuns.get(scenario);
      if (moved instanceof Error) throw moved;
      if (moved) {
        summary.movedScenarios++;
        const deadAccepts = findings.filter((f) => f.code === 'IPT301').flatMap((f) => placedOf(analysis, f)).filter((p) => p.entry.rule.target?.name === 'ACCEPT');
        for (const r of moved.flows) {
          if (!deadAccepts.some((p) => ruleMatches(analysis, p, r.flow))) continue;
          assert.ok(r.passed, `with the dead ACCEPT moved above its blockers, the flow of line ${r.flow.line} should pass`);
          summary.movedFlows++;
        }
      }

      // Removing the redundant rules changes no flow.
      const trimmed = trimmedRuns.get(scenario);
      if (trimmed instanceof Error) throw trimmed;
      if (trimmed) {
        summary.trimmedScenarios++;
        for (const r of trimmed.flows) {
          const original: FlowResult = run.flows.find((x) => x.flow === r.flow)!;
          assert.equal(r.passed, original.passed, `with the redundant rules removed, the flow of line ${r.flow.line} changed`);
        }
      }

      // IPT301/IPT302 only on rules the kernel never matched; never on one it matched.
      if (filter) {
        const deadFindings = findings.filter((f) => f.code === 'IPT301' || f.code === 'IPT302');
        const flagged = new Set(deadFindings.flatMap((f) => entriesOf(analysis, f)));
        for (const chain of filter.chains.values()) {
          const packets = run.counters.get(chain.name) ?? [];
          chain.rules.forEach((entry, i) => {
            if (flagged.has(entry)) {
              summary.deadFindings++;
              assert.equal(packets[i], 0, `rule ${i + 1} of ${chain.name} (line ${entry.statement.command.range.start.line + 1}) is reported dead but the kernel matched ${packets[i]} packets`);
              summary.deadFindingsAgree++;
            }
          });
        }
      }
    });
  }
});
