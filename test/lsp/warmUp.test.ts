import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';
import { compileEngine, startWarmUp, warmUpSteps } from '../../server/src/lsp/warmUp';
import { warmUpRestore, warmUpShellScript } from '../../server/src/lsp/warmUpCorpus';
import { fixture, startSession } from './lspSession';

describe('LSP: warming the engine up', function () {
  it('runs its steps one per turn of the event loop, so what arrives during a step is handled before the next', async () => {
    const ran: string[] = [];
    const steps = ['a', 'b', 'c'].map((name) => () => {
      ran.push(name);
      // A message read during this step: the connection dispatches it on the next turn.
      setImmediate(() => ran.push(`message after ${name}`));
    });
    await new Promise<void>((done) => startWarmUp(() => true, steps, done));
    assert.deepEqual(ran, ['a', 'message after a', 'b', 'message after b', 'c', 'message after c']);
  });

  it('stops for good as soon as there is real work, and never fails on a step that throws', async () => {
    const ran: number[] = [];
    let idle = true;
    const steps = [
      () => ran.push(0),
      () => {
        throw new Error('a broken step');
      },
      () => {
        ran.push(2);
        idle = false; // a document arrives while this step runs
      },
      () => ran.push(3),
    ];
    await new Promise<void>((done) => startWarmUp(() => idle, steps, done));
    assert.deepEqual(ran, [0, 2]);
  });

  it('warms up on firewalls of realistic size that a careful admin writes: hundreds of rules, no finding', () => {
    for (const [text, languageId] of [
      [warmUpShellScript(8), 'shellscript'],
      [warmUpRestore(8), 'iptables'],
      [warmUpShellScript(40), 'shellscript'],
      [warmUpRestore(40), 'iptables'],
    ] as const) {
      const analysis = analyze(text, { languageId, fileName: languageId === 'iptables' ? 'rules.v4' : 'gateway.sh' });
      assert.ok(analysis);
      assert.ok(analysis.ruleset && analysis.statements.length >= 100, `${languageId}: ${analysis.statements.length} statements`);
      assert.deepEqual(
        analysis.findings.map((f) => `${f.code} line ${f.range.start.line + 1}: ${f.message}`),
        [],
        `${languageId} warm-up corpus`,
      );
    }
  });

  it('compiles every check on its examples, then analyses the corpus step by step', () => {
    compileEngine();
    const steps = warmUpSteps();
    assert.ok(steps.length >= 10);
    for (const step of steps) step();
  });

  it('answers the first document of a server that is still warming up, with the same diagnostics', async () => {
    // The session opens its document right after `initialized`, when the warm-up has barely started.
    const session = await startSession();
    try {
      const text = fixture('relay.sh');
      const { diagnostics } = await session.open('relay.sh', 'shellscript', text);
      const fresh = analyze(text, { languageId: 'shellscript', fileName: 'relay.sh' });
      assert.ok(fresh && fresh.findings.length > 0);
      assert.deepEqual(
        diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
        fresh.findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character}`),
      );
    } finally {
      await session.stop();
    }
  });
});
