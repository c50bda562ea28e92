import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';
import { SAMPLE_RESTORE, SAMPLE_SCRIPT } from '../../server/src/engine/hiddenClassSample';

// The samples are analysed when the engine loads, so that every kind of object keeps its layout
// between analyses. A sample the engine misreads would keep too little: it must parse cleanly.
describe('the layout samples the engine keeps', () => {
  it('the script sample runs every part of the pipeline without a problem', () => {
    const analysis = analyze(SAMPLE_SCRIPT, { languageId: 'shellscript' })!;
    assert.deepEqual(analysis.problems, []);
    assert.equal(analysis.findings.filter((f) => f.code === 'IPT000').length, 0);
    // Loops, a function call, an `if`, a here-document fed to iptables-restore and IPv6 all made rules.
    assert.ok(analysis.statements.some((s) => s.origins.some((o) => o.kind === 'loop')));
    assert.ok(analysis.statements.some((s) => s.origins.some((o) => o.kind === 'call')));
    assert.ok(analysis.statements.some((s) => s.conditional));
    assert.ok(analysis.statements.some((s) => s.invocation?.restoreInput !== undefined));
    assert.ok(analysis.statements.some((s) => s.command.family === 'ipv6'));
    assert.ok(analysis.ruleset.tables.size >= 2);
    // And the checks found what a reader sees: the SSH accept after the catch-all REJECT is dead.
    assert.ok(analysis.findings.some((f) => f.code === 'IPT301'));
  });

  it('the restore sample reads as a clean iptables-save file', () => {
    const analysis = analyze(SAMPLE_RESTORE, { languageId: 'iptables' })!;
    assert.deepEqual(analysis.problems, []);
    assert.equal(analysis.statements.filter((s) => s.command.rule !== undefined).length, 10);
  });
});
