import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { IntervalSet } from '../../server/src/analysis/intervals';
import { addressSet } from '../../server/src/analysis/space';
import { factsOf } from '../../server/src/analysis/context';
import { probeFilterChain, type PacketClass } from '../../server/src/analysis/probe';
import { analyze } from '../../server/src/engine/analyze';

const NEW_SSH: PacketClass = { protocol: 6, destinationPort: 22, states: ['NEW'], inInterface: { name: 'lo', negated: true } };

function probe(script: string, cls: PacketClass = NEW_SSH) {
  const a = analyze(script, { languageId: 'shellscript' })!;
  const result = probeFilterChain(a.ruleset, factsOf(a.ruleset), 'ipv4', 'INPUT', cls)!;
  return { certain: result.certainlyDropped, droppers: result.droppedBy.map((d) => (d.kind === 'rule' ? d.entry.statement.command.range.start.line + 1 : 'policy')) };
}

// Blocklist runs (-s X -j DROP …) are cut from the packets in one batch; these pin down that the batch
// gives the same answers as rule-by-rule subtraction would.
describe('probing a chain through blocklist runs', () => {
  it('two halves of the address space drop every source: the SSH accept after them is never reached', () => {
    const r = probe(['iptables -A INPUT -s 0.0.0.0/1 -j DROP', 'iptables -A INPUT -s 128.0.0.0/1 -j DROP', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', ''].join('\n'));
    assert.deepEqual(r, { certain: true, droppers: [1, 2] });
  });

  it('a duplicate entry drops nothing more and is not named; the rest of the sources reach the accept', () => {
    const r = probe(['iptables -A INPUT -s 192.0.2.0/24 -j DROP', 'iptables -A INPUT -s 192.0.2.7 -j DROP', 'iptables -A INPUT -s 198.51.100.0/24 -j DROP', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -P INPUT DROP', ''].join('\n'));
    assert.deepEqual(r, { certain: false, droppers: [1, 3] });
  });

  it('a run that switches from sources to destinations still covers what both cut', () => {
    const r = probe(
      ['iptables -P INPUT DROP', 'iptables -A INPUT -s 0.0.0.0/1 -j DROP', 'iptables -A INPUT -d 0.0.0.0/1 -j DROP', 'iptables -A INPUT -d 128.0.0.0/1 -j DROP', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', ''].join('\n'),
    );
    assert.deepEqual(r, { certain: true, droppers: [2, 3, 4] });
  });

  it('a long run with nested, duplicate and touching blocks names exactly the entries that drop something new', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 20, max: 32 })), { minLength: 70, maxLength: 200 }), (picks) => {
        const blocks = picks.map(([n, bits]) => `10.0.${n >> 4}.${(n & 15) << 4}/${bits}`);
        const script = [...blocks.map((b) => `iptables -A INPUT -s ${b} -j DROP`), 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -P INPUT DROP', ''].join('\n');
        for (const source of [undefined, '10.0.0.0/19']) {
          // What rule-by-rule subtraction gives: an entry drops something when part of its block is
          // among the probed sources and not already dropped.
          const probed = source ? addressSet(source, 'ipv4')! : IntervalSet.of(0, 2 ** 32);
          let dropped = IntervalSet.EMPTY;
          const droppers: number[] = [];
          blocks.forEach((b, i) => {
            const set = addressSet(b, 'ipv4')!.intersect(probed);
            if (!set.subtract(dropped).isEmpty) droppers.push(i + 1);
            dropped = dropped.union(set);
          });
          assert.deepEqual(probe(script, { ...NEW_SSH, source }), { certain: dropped.covers(probed), droppers });
        }
      }),
      { numRuns: 15 },
    );
  });

  it('a conditional or inexact entry is not batched and never gives certainty', () => {
    const conditional = probe(['if [ -f /etc/block-all ]; then', '  iptables -A INPUT -s 0.0.0.0/0 -j DROP', 'fi', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', ''].join('\n'));
    assert.equal(conditional.certain, false);
    const limited = probe(['iptables -A INPUT -s 0.0.0.0/0 -m limit --limit 5/min -j DROP', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -P INPUT DROP', ''].join('\n'));
    assert.equal(limited.certain, false);
  });
});
