import { strict as assert } from 'node:assert';
import { parseNetwork, plainIPv4Prefix } from '../../server/src/iptables/addresses';
import { LineRange, spanRanges } from '../../server/src/core/range';
import { splitRestoreLine } from '../../server/src/iptables/restore';

const positions = (r: { start: unknown; end: unknown }) => ({ start: r.start, end: r.end });

describe('iptables parser fast paths', () => {
  it('plainIPv4Prefix reads the common -s/-d forms as parseNetwork does, and leaves the rest to it', () => {
    const cases = ['192.0.2.1', '192.0.2.0/24', '10/8', '10.1', '0.0.0.0/0', '255.255.255.255/32'];
    for (const text of cases) {
      const parsed = parseNetwork(text, 'ipv4');
      assert.equal(parsed.kind, 'network', text);
      assert.equal(plainIPv4Prefix(text, 0, text.length), parsed.kind === 'network' ? parsed.prefix : undefined, text);
    }
    // A leading 0 makes iptables read octal (`/032` is /26, `010.0.0.1` is 8.0.0.1): parseNetwork's to read.
    const others = ['1.2.3.4/33', '1.2.3.256', '1.2.3.4.5', '1.2.3.', '.1', '1..2', '0x0a000001', '1.2.3.4/255.255.0.0', 'host.example', '::1', '', '1.2.3.4/', '1.2.3.4/00000000032', '1234.1.1.1', '1.2.3.4/00', '1.2.3.4/032', '010.0.0.1'];
    for (const text of others) assert.equal(plainIPv4Prefix(text, 0, text.length), -1, text);
    assert.deepEqual(parseNetwork('10.0.0.0/032', 'ipv4'), { kind: 'network', canonical: '10.0.0.0/26', prefix: 26 });
    // One element of a comma list, in place.
    assert.equal(plainIPv4Prefix('192.0.2.1,198.51.100.0/24', 10, 25), 24);
  });

  it('spans of two parts of one line stay line ranges; other ranges are spanned as usual', () => {
    const a = new LineRange(3, 4, 6);
    const b = new LineRange(3, 10, 14);
    const ab = spanRanges(a, b);
    assert.ok(ab instanceof LineRange);
    assert.deepEqual(positions(ab), { start: { line: 3, character: 4 }, end: { line: 3, character: 14 } });
    assert.equal(spanRanges(new LineRange(3, 0, 20), b).end.character, 20, 'a range that covers the other is the span');
    const plain = { start: { line: 5, character: 1 }, end: { line: 5, character: 2 } };
    assert.deepEqual(positions(spanRanges(a, plain)), { start: { line: 3, character: 4 }, end: { line: 5, character: 2 } });
    assert.equal(JSON.stringify(a), '{"start":{"line":3,"character":4},"end":{"line":3,"character":6}}');
  });

  it('restore words are their own line ranges: spans of them stay compact, JSON sees the range', () => {
    const [a, , b] = splitRestoreLine({ text: '-A INPUT -s 10.0.0.1', line: 4, character: 0 }).words;
    assert.ok(a instanceof LineRange);
    assert.equal(a.range, a);
    const span = spanRanges(a.range, b.range);
    assert.ok(span instanceof LineRange);
    assert.deepEqual(positions(span), { start: { line: 4, character: 0 }, end: { line: 4, character: 11 } });
    assert.equal(JSON.stringify(b), '{"start":{"line":4,"character":9},"end":{"line":4,"character":11}}');
  });

  it('splits restore lines into the same words however often a word repeats, with exact columns', () => {
    const line = (text: string, n: number) => splitRestoreLine({ text, line: n, character: 2 }).words;
    for (let n = 0; n < 3; n++) {
      const words = line('-A INPUT\t-s 10.0.0.1 -j  "DR""OP" 5$ ${Y}', n);
      assert.deepEqual(
        words.map((w) => [w.value, w.known, w.range.start.character, w.range.end.character, w.range.start.line]),
        [['-A', true, 2, 4, n], ['INPUT', true, 5, 10, n], ['-s', true, 11, 13, n], ['10.0.0.1', true, 14, 22, n], ['-j', true, 23, 25, n], ['DROP', true, 27, 35, n], ['5$', true, 36, 38, n], ['${Y}', false, 39, 43, n]],
      );
    }
  });
});
