import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ALL_NEW, type Bound, GrowingUnion, IntervalSet, NOTHING_NEW, PART_NEW } from '../../server/src/analysis/intervals';
import { boxCovers, Dim, lowestPacketOf, portSet, ruleSpace, subtractBox } from '../../server/src/analysis/space';
import { command } from '../model/statements';

const spaceOf = (text: string) => ruleSpace(command(text).rule!);
const set = (...pairs: [number, number][]) => IntervalSet.fromIntervals(pairs);

describe('interval sets', () => {
  it('union, intersection, difference and complement stay sorted and merged', () => {
    const a = set([0, 10], [20, 30]);
    const b = set([5, 25]);
    assert.deepEqual(a.union(b).bounds, [0, 30]);
    assert.deepEqual(a.intersect(b).bounds, [5, 10, 20, 25]);
    assert.deepEqual(a.subtract(b).bounds, [0, 5, 25, 30]);
    assert.deepEqual(a.complement(0, 40).bounds, [10, 20, 30, 40]);
    assert.ok(a.covers(set([21, 29])));
    assert.ok(!a.covers(set([9, 21])));
    assert.ok(set([10, 20]).union(set([20, 30])).isRange(10, 30), 'adjacent intervals merge');
  });
  it('works on bigints (IPv6, interface names)', () => {
    const a = IntervalSet.of(0n, 1n << 128n);
    assert.deepEqual(a.subtract(IntervalSet.of(5n, 7n)).bounds, [0n, 5n, 7n, 1n << 128n]);
  });
});

describe('packet space of a rule', () => {
  it('protocol, ports, addresses with prefixes and negation', () => {
    const s = spaceOf('iptables -A INPUT -s 192.0.2.0/24 ! -d 198.51.100.7 -p tcp --dport 1024:65535 -j ACCEPT');
    assert.equal(s.exact, true);
    const box = s.boxes[0];
    assert.deepEqual(box[Dim.Protocol].bounds, [6, 7]);
    assert.deepEqual(box[Dim.Source].bounds, [3221225984, 3221226240]);
    assert.equal(box[Dim.Destination].intervalCount, 2);
    assert.deepEqual(box[Dim.DestinationPort].bounds, [1024, 65536]);
  });
  it('multiport lists, service names and --ports as two alternatives', () => {
    assert.deepEqual(spaceOf('iptables -A INPUT -p tcp -m multiport --dports http,https,8000:8080 -j ACCEPT').boxes[0][Dim.DestinationPort].bounds, [80, 81, 443, 444, 8000, 8081]);
    const either = spaceOf('iptables -A INPUT -p tcp -m multiport --ports 22 -j ACCEPT');
    assert.equal(either.boxes.length, 2);
  });
  it('conntrack and state are the same dimension; negation complements', () => {
    const a = spaceOf('iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT').boxes[0][Dim.State];
    const b = spaceOf('iptables -A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT').boxes[0][Dim.State];
    assert.ok(a.equals(b));
    const notNew = spaceOf('iptables -A INPUT -m conntrack ! --ctstate NEW -j DROP').boxes[0][Dim.State];
    assert.ok(notNew.covers(a) && !notNew.has(1));
  });
  it('interfaces: exact names and + wildcards', () => {
    const eth = spaceOf('iptables -A INPUT -i eth+ -j ACCEPT').boxes[0][Dim.InInterface];
    const eth0 = spaceOf('iptables -A INPUT -i eth0 -j ACCEPT').boxes[0][Dim.InInterface];
    const wlan = spaceOf('iptables -A INPUT -i wlan0 -j ACCEPT').boxes[0][Dim.InInterface];
    assert.ok(eth.covers(eth0));
    assert.ok(!eth.intersects(wlan));
  });
  it('ICMP types by name, with and without a code', () => {
    const echo = spaceOf('iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT').boxes[0][Dim.Icmp];
    assert.deepEqual(echo.bounds, [8 * 256, 9 * 256]);
  });
  it('IPv6 prefixes', () => {
    const s = ruleSpace(command('ip6tables -A INPUT -s 2001:db8::/32 -j DROP').rule!);
    assert.deepEqual(s.boxes[0][Dim.Source].bounds, [0x20010db8n << 96n, 0x20010db9n << 96n]);
  });
  it('unmodelled matches, unknown values and host names make the rule inexact', () => {
    assert.equal(spaceOf('iptables -A INPUT -p tcp --dport 22 -m limit --limit 3/min -j ACCEPT').exact, false);
    assert.equal(spaceOf('iptables -A INPUT -p tcp --dport $SSH_PORT -j ACCEPT').exact, false);
    assert.equal(spaceOf('iptables -A OUTPUT -d api.stripe.com -j ACCEPT').exact, false);
    assert.equal(spaceOf('iptables -A INPUT -p tcp --dport 22 -m comment --comment ssh -j ACCEPT').exact, true);
  });
  it('the lowest packet read from plain fields is the lowest corner of the box, and other rules give none', () => {
    const plain = [
      'iptables -A INPUT -i eth0 -s 10.0.5.0/24 -j TENANT_5',
      'iptables -A FORWARD -p udp -d 192.0.2.7 -o eth1+ -f -j ACCEPT',
      'iptables -A INPUT -p tcp -m comment --comment web -j LOG',
      'ip6tables -A INPUT -s 2001:db8::/32 -i lo -j ACCEPT',
    ];
    for (const text of plain) {
      const rule = command(text).rule!;
      const out: Bound[] = [];
      assert.ok(lowestPacketOf(rule, out), text);
      assert.deepEqual(out, ruleSpace(rule).boxes[0].map((side) => side.bounds[0]), text);
    }
    const other = [
      'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
      'iptables -A INPUT ! -s 10.0.0.0/8 -j DROP',
      'iptables -A INPUT -s 10.0.0.1,10.0.0.2 -j DROP',
      'iptables -A INPUT -s $NET -j DROP',
      'iptables -A OUTPUT -d api.example.com -j ACCEPT',
    ];
    for (const text of other) assert.equal(lowestPacketOf(command(text).rule!, []), false, text);
  });
  it('box difference cuts only the dimensions that differ', () => {
    const all = spaceOf('iptables -A INPUT -p tcp --dport 22 -j ACCEPT').boxes[0];
    const blocked = spaceOf('iptables -A INPUT -s 192.0.2.0/24 -j DROP').boxes[0];
    const pieces = subtractBox(all, blocked);
    assert.equal(pieces.length, 1);
    assert.equal(pieces[0][Dim.Source].intervalCount, 2);
    assert.ok(boxCovers(blocked, spaceOf('iptables -A INPUT -s 192.0.2.9 -p udp -j ACCEPT').boxes[0]));
  });
});

describe('growing union (the blocklist structure) agrees with a plain union', () => {
  it('for random additions and queries, across chunk splits', () => {
    fc.assert(
      fc.property(
        // A wide domain keeps most intervals apart, so chunks fill up and split.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 40 })), { minLength: 600, maxLength: 1500 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200_100 }), fc.integer({ min: 1, max: 5000 })), { minLength: 1, maxLength: 20 }),
        (additions, queries) => {
          const growing = new GrowingUnion();
          let plain = IntervalSet.EMPTY;
          additions.forEach(([start, length], i) => {
            const set = IntervalSet.of(start, start + length);
            growing.add(set);
            plain = plain.union(set);
            if (i % 97 !== 0) return;
            for (const [qs, ql] of queries) {
              const q = IntervalSet.of(qs, qs + ql);
              assert.deepEqual(growing.subtractFrom(q).bounds, q.subtract(plain).bounds);
              assert.equal(growing.intersects(q), q.intersects(plain));
              assert.equal(growing.has(qs), plain.has(qs));
            }
          });
          const everything = IntervalSet.of(0, 210_000);
          assert.deepEqual(growing.subtractFrom(everything).bounds, everything.subtract(plain).bounds);
        },
      ),
      { numRuns: 25 },
    );
  });
  it('tells what each addition adds, remembers where a tested value goes, and works on bigints', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 60 }), fc.boolean()), { minLength: 300, maxLength: 900 }),
        fc.boolean(),
        (additions, big) => {
          const bound = (n: number) => (big ? BigInt(n) : n);
          const growing = new GrowingUnion();
          let plain = IntervalSet.EMPTY;
          for (const [start, length, tested] of additions) {
            const set = IntervalSet.of(bound(start), bound(start + length));
            if (tested) assert.equal(growing.locateHas(bound(start)), plain.has(bound(start)));
            const fresh = set.subtract(plain);
            const added = growing.addInterval(bound(start), bound(start + length));
            assert.equal(added, fresh.isEmpty ? NOTHING_NEW : fresh.equals(set) ? ALL_NEW : PART_NEW);
            if (added === PART_NEW) assert.deepEqual(growing.added.bounds, fresh.bounds);
            plain = plain.union(set);
          }
          const everything = IntervalSet.of(bound(0), bound(21_000));
          assert.deepEqual(growing.subtractFrom(everything).bounds, everything.subtract(plain).bounds);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('rule space: port numbers as each match reads them', () => {
  it('reads tcp ports as C numbers, udp ports as decimal, and a reversed udp range as no port', () => {
    // iptables 1.8.9: tcp --dport 022 is port 18, udp --dport 022 is port 22, udp 2000:1000 matches nothing.
    assert.deepEqual(portSet('022', 'tcp')?.bounds, [18, 19]);
    assert.deepEqual(portSet('022', 'udp')?.bounds, [22, 23]);
    assert.deepEqual(portSet('0x16,80', 'multiport')?.bounds, [22, 23, 80, 81]);
    assert.deepEqual(portSet('70000', 'udp')?.bounds, [4464, 4465]);
    assert.equal(portSet('2000:1000', 'udp')?.isEmpty, true);
    assert.equal(portSet('080', 'tcp'), undefined);
  });
});
