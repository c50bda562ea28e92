import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';
import { analyzeCorpus, compileEngine, nextStepSize, startWarmUp } from '../../server/src/lsp/warmUp';
import { warmUpRestore, warmUpShellScript } from '../../server/src/lsp/warmUpCorpus';
import { fixture, startSession } from './lspSession';

describe('LSP: warming the engine up', function () {
  it('runs one step per turn of the event loop, so what arrives during a step is handled before the next', async () => {
    const ran: string[] = [];
    const step = (groups: number) => {
      ran.push(`step ${ran.length}`);
      // A message read during this step: the connection dispatches it on the next turn.
      setImmediate(() => ran.push('message'));
      return 10 * groups;
    };
    await new Promise<void>((done) => startWarmUp(() => true, step, done, 30));
    assert.ok(ran.length >= 4, ran.join(', '));
    for (let i = 0; i < ran.length; i += 2) {
      assert.match(ran[i], /^step /);
      assert.equal(ran[i + 1], 'message');
    }
  });

  it('stops for good as soon as there is real work', async () => {
    let steps = 0;
    let idle = true;
    const step = () => {
      steps++;
      if (steps === 3) idle = false; // a document arrives while this step runs
      return 1;
    };
    await new Promise<void>((done) => startWarmUp(() => idle, step, done, 1000));
    assert.equal(steps, 3);
  });

  it('ends on a step that throws or analyses nothing, and never fails the server', async () => {
    for (const broken of [
      () => {
        throw new Error('a broken step');
      },
      () => 0,
    ]) {
      let steps = 0;
      await new Promise<void>((done) =>
        startWarmUp(
          () => true,
          () => {
            steps++;
            return broken();
          },
          done,
        ),
      );
      assert.equal(steps, 1);
    }
  });

  it('starts at the smallest step and sizes the next by how long the last one took', () => {
    assert.equal(nextStepSize(1, 0.5), 2);
    assert.equal(nextStepSize(8, 0.5), 16);
    assert.equal(nextStepSize(32, 0.1), 40);
    assert.equal(nextStepSize(40, 0.1), 40);
    assert.equal(nextStepSize(8, 3), 8);
    assert.equal(nextStepSize(8, 30), 4);
    assert.equal(nextStepSize(1, 30), 1);
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
      assert.ok(analysis.statements.length >= 100, `${languageId}: ${analysis.statements.length} statements`);
      assert.deepEqual(
        analysis.findings.map((f) => `${f.code} line ${f.range.start.line + 1}: ${f.message}`),
        [],
        `${languageId} warm-up corpus`,
      );
    }
  });

  it('compiles every check on its examples; a corpus step reports the rules it analysed', () => {
    compileEngine();
    const rules = analyzeCorpus(1);
    assert.ok(rules > 50 && analyzeCorpus(2) > rules, String(rules));
  });

  it('answers the first document of a server that is still warming up, with the same diagnostics', async () => {
    // The session opens its document right after `initialized`, before the warm-up has started.
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
