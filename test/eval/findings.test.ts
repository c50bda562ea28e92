import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';

// The shell layer's problems reach the user through the checks that own their codes.
describe('IPT001 and IPT002 findings', () => {
  function findings(text: string) {
    const analysis = analyze(text, { languageId: 'shellscript' });
    assert.ok(analysis);
    return analysis.findings.filter((f) => f.code === 'IPT001' || f.code === 'IPT002');
  }

  it('reports a missing fi as an error at the if', () => {
    const [f, ...rest] = findings('iptables -P INPUT DROP\nif [ -f /etc/ssh-open ]; then\n  iptables -A INPUT -p tcp --dport 22 -j ACCEPT\n');
    assert.deepEqual(rest, []);
    assert.deepEqual([f.code, f.severity, f.range], ['IPT001', 'error', { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }]);
  });

  it('reports an unfollowable iptables call as information on the command', () => {
    const [f] = findings('RULE="-A INPUT -j ACCEPT"\neval "iptables $RULE"\n');
    assert.deepEqual([f.code, f.severity, f.range.start.line, f.range.end.character], ['IPT002', 'info', 1, 21]);
  });

  it('says nothing on a clean script', () => {
    assert.deepEqual(findings('IPT=/sbin/iptables\n$IPT -A INPUT -i lo -j ACCEPT\n'), []);
  });
});
