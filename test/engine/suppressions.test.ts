import { strict as assert } from 'node:assert';
import type { Finding } from '../../server/src/core/finding';
import { applySuppressions, findSuppressions } from '../../server/src/engine/suppressions';

function finding(code: string, line: number): Finding {
  return {
    code,
    severity: 'warning',
    message: `${code} on line ${line}`,
    range: { start: { line, character: 0 }, end: { line, character: 10 } },
    related: [],
    fixes: [],
  };
}

describe('disable comments', () => {
  const script = [
    '#!/bin/sh',
    'iptables -P INPUT DROP',
    'iptables -A INPUT -s 10.0.0.0/8 -j ACCEPT   # iptables-lint disable=IPT302',
    '# iptables-lint disable=IPT301, IPT401',
    '# (the office range is dropped on purpose further up)',
    'iptables -A INPUT -s 10.1.0.0/16 -j ACCEPT',
    'iptables -A OUTPUT -d api.example.com -j ACCEPT',
  ].join('\n');

  it('silences a code on the same line only for that code', () => {
    const kept = applySuppressions(script, [finding('IPT302', 2), finding('IPT301', 2)]);
    assert.deepEqual(kept.map((f) => f.code), ['IPT301']);
  });

  it('applies a comment on its own line to the next command, skipping further comment lines', () => {
    const kept = applySuppressions(script, [finding('IPT301', 5), finding('IPT401', 5), finding('IPT201', 5)]);
    assert.deepEqual(kept.map((f) => f.code), ['IPT201']);
  });

  it('does not leak to other lines', () => {
    const kept = applySuppressions(script, [finding('IPT401', 6), finding('IPT302', 1)]);
    assert.deepEqual(kept.map((f) => `${f.code}@${f.range.start.line}`), ['IPT401@6', 'IPT302@1']);
  });

  it('supports disable-file and a bare disable for every code', () => {
    const text = 'iptables -A INPUT -j ACCEPT # iptables-lint disable\n# iptables-lint disable-file=ipt401\n';
    const s = findSuppressions(text);
    assert.equal(s.lines.get(0), 'all');
    assert.deepEqual(s.file, new Set(['IPT401']));
    const kept = applySuppressions(text, [finding('IPT201', 0), finding('IPT401', 5), finding('IPT202', 5)]);
    assert.deepEqual(kept.map((f) => f.code), ['IPT202']);
  });
});
