import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { factsOf } from '../../server/src/analysis/context';
import { buildRuleset } from '../../server/src/model/build';
import { statements } from '../model/statements';

/** Dead rules as "line:kind" (kind = dead or redundant), with the lines of their blockers. */
function dead(script: string, options = {}) {
  const { ruleset } = buildRuleset(statements(script, options));
  return [...factsOf(ruleset).deadRules().values()].map((d) => ({
    line: d.entry.statement.command.range.start.line,
    kind: d.sameVerdict ? 'redundant' : 'dead',
    blockers: d.blockers.map((b) => b.statement.command.range.start.line),
  }));
}

describe('dead and redundant rules', () => {
  it('an ACCEPT appended after a catch-all DROP never matches', () => {
    assert.deepEqual(dead('iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -A INPUT -j DROP\niptables -A INPUT -p tcp --dport 80 -j ACCEPT'), [
      { line: 2, kind: 'dead', blockers: [1] },
    ]);
  });
  it('a subnet inside a dropped network, a port inside a dropped range', () => {
    assert.deepEqual(dead('iptables -A INPUT -s 203.0.113.0/24 -j DROP\niptables -A INPUT -s 203.0.113.64/26 -p tcp --dport 443 -j ACCEPT'), [
      { line: 1, kind: 'dead', blockers: [0] },
    ]);
    assert.deepEqual(dead('iptables -A INPUT -p tcp --dport 6000:6063 -j REJECT\niptables -A INPUT -p tcp --dport 6010 -j ACCEPT'), [
      { line: 1, kind: 'dead', blockers: [0] },
    ]);
  });
  it('several rules together decide it (two halves of a network)', () => {
    assert.deepEqual(dead('iptables -A INPUT -s 10.0.0.0/9 -j DROP\niptables -A INPUT -s 10.128.0.0/9 -j ACCEPT\niptables -A INPUT -s 10.20.0.0/16 -j ACCEPT'), [
      { line: 2, kind: 'dead', blockers: [0] },
    ]);
    assert.deepEqual(dead('iptables -A INPUT -s 10.0.0.0/9 -j DROP\niptables -A INPUT -s 10.128.0.0/9 -j DROP\niptables -A INPUT -s 10.0.0.0/8 -j DROP'), [
      { line: 2, kind: 'redundant', blockers: [0, 1] },
    ]);
  });
  it('a jump into a user chain behind a REJECT, a LOG behind a DROP', () => {
    const found = dead('iptables -N web_in\niptables -A INPUT -i eth0 -j REJECT\niptables -A INPUT -i eth0 -p tcp -j web_in\niptables -A INPUT -i eth0 -j LOG');
    assert.deepEqual(found.map((d) => [d.line, d.kind]), [[2, 'dead'], [3, 'dead']]);
  });
  it('what it does not model, it never uses to claim a rule dead', () => {
    assert.deepEqual(dead('iptables -A INPUT -p tcp --dport 22 -m recent --update --seconds 60 -j DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT'), []);
    assert.deepEqual(dead('iptables -A INPUT -s $BLOCKED -j DROP\niptables -A INPUT -s 192.0.2.1 -j ACCEPT'), []);
    assert.deepEqual(dead('iptables -A INPUT -j DROP\niptables -A INPUT -p tcp --dport 22 -j ACCEPT', { conditionalLines: [0] }), []);
  });
  it('partial overlaps are not dead; negation and states are honoured', () => {
    assert.deepEqual(dead('iptables -A INPUT -s 192.0.2.0/25 -j DROP\niptables -A INPUT -s 192.0.2.0/24 -j ACCEPT'), []);
    assert.deepEqual(dead('iptables -A INPUT ! -s 192.0.2.0/24 -j DROP\niptables -A INPUT -s 198.51.100.0/24 -j ACCEPT'), [{ line: 1, kind: 'dead', blockers: [0] }]);
    assert.deepEqual(dead('iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT\niptables -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT'), [
      { line: 1, kind: 'redundant', blockers: [0] },
    ]);
  });
  it('RETURN decides for the chain it is in', () => {
    assert.deepEqual(dead('iptables -N ssh_in\niptables -A ssh_in -j RETURN\niptables -A ssh_in -s 198.51.100.0/24 -j ACCEPT').map((d) => d.line), [2]);
  });

  for (const size of [10_000, 100_000]) {
    it(`a ${size.toLocaleString('en')}-rule blocklist followed by services stays fast and finds the planted duplicate`, function () {
      const lines = ['iptables -A INPUT -i lo -j ACCEPT', 'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT'];
      for (let i = 0; i < size; i++) lines.push(`iptables -A INPUT -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} -j DROP`);
      lines.push('iptables -A INPUT -s 172.16.0.0/12 -j DROP');
      const planted = lines.length;
      lines.push('iptables -A INPUT -s 172.16.9.9 -j DROP');
      lines.push('iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT', 'iptables -A INPUT -s 10.0.0.7 -p tcp --dport 25 -j ACCEPT');
      const script = statements(lines.join('\n'));
      // The second run is the one measured: the first pays for compiling the code.
      factsOf(buildRuleset(script).ruleset).deadRules();
      const { ruleset } = buildRuleset(script);
      const t0 = performance.now();
      const found = [...factsOf(ruleset).deadRules().values()];
      const ms = performance.now() - t0;
      assert.deepEqual(found.map((d) => d.entry.statement.command.range.start.line), [planted, planted + 3]);
      assert.deepEqual(found[0].blockers.map((b) => b.statement.command.range.start.line), [planted - 1]);
      console.log(`      dead-rule analysis of ${size} rules: ${ms.toFixed(1)} ms`);
      // Generous bounds (shared CI machines): a regression to all-pairs comparison is 100× slower.
      assert.ok(ms < (size === 10_000 ? 250 : 1500), `${ms} ms`);
    });
  }
});
