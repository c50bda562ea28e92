import { strict as assert } from 'node:assert';
import { OffsetRange, containsPosition, spanRanges, type Range } from '../../server/src/core/range';
import { evaluateScript } from '../../server/src/eval/evaluate';
import { parseShell } from '../../server/src/shell/parser';
import { LineIndex } from '../../server/src/shell/lineIndex';

/** A range as plain data: what JSON (the LSP, the CLI) and an editor see. */
function plain(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

describe('compact ranges', () => {
  const text = 'iptables -A INPUT \\\n  -s 192.0.2.1 -j DROP\r\nipt\u00e9 -F\n';
  const lines = new LineIndex(text);

  it('give the same positions as the line index, across lines, CRLF and non-ASCII text', () => {
    for (const [start, end] of [[0, 8], [9, 11], [18, 25], [33, 36], [41, 45], [46, 46], [0, text.length]]) {
      assert.deepEqual(plain(lines.offsetRange(start, end)), lines.range(start, end), `${start}…${end}`);
    }
  });

  it('serialise to plain positions, as the language server and the CLI send them', () => {
    const r = lines.offsetRange(22, 33);
    assert.equal(JSON.stringify({ range: r }), '{"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":13}}}');
    assert.deepEqual(r.toJSON(), plain(r));
  });

  it('are what the evaluator keeps for arguments, programs, commands and origins', () => {
    const script = 'for p in 22; do\n  iptables -A INPUT --dport $p\ndone\n';
    const { invocations } = evaluateScript(parseShell(script).script, script);
    const [inv] = invocations;
    for (const r of [inv.programRange, inv.range, inv.origins[0].range, ...inv.args.map((a) => a.range)]) assert.ok(r instanceof OffsetRange);
    assert.deepEqual(plain(inv.range), { start: { line: 1, character: 2 }, end: { line: 1, character: 30 } });
    // An argument is its own range: as JSON, a range.
    const port = inv.args[3];
    assert.equal(port.range, port);
    assert.deepEqual([port.value, port.known, plain(port.range)], ['22', true, { start: { line: 1, character: 28 }, end: { line: 1, character: 30 } }]);
    assert.equal(JSON.stringify(port.range), '{"start":{"line":1,"character":28},"end":{"line":1,"character":30}}');
  });

  it('combine into one compact range, without positions, and equal the plain combination', () => {
    const a = lines.offsetRange(9, 11);
    const b = lines.offsetRange(22, 33);
    const covering = spanRanges(b, a);
    assert.ok(covering instanceof OffsetRange);
    assert.deepEqual(plain(covering), spanRanges(plain(b), plain(a)));
    const whole = lines.offsetRange(0, 40);
    assert.equal(spanRanges(whole, a), whole);
  });

  it('mix with plain ranges', () => {
    const a = lines.offsetRange(9, 11);
    const p: Range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };
    assert.deepEqual(plain(spanRanges(a, p)), { start: { line: 0, character: 9 }, end: { line: 1, character: 4 } });
    assert.ok(containsPosition(a, { line: 0, character: 10 }));
    assert.ok(!containsPosition(a, { line: 1, character: 10 }));
  });

  it('keep ranges of different texts apart', () => {
    const other = new LineIndex('x\n'.repeat(10));
    const mixed = spanRanges(lines.offsetRange(0, 2), other.offsetRange(4, 6));
    assert.ok(!(mixed instanceof OffsetRange));
    assert.deepEqual(plain(mixed), { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } });
  });
});
