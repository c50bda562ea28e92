import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/engine/analyze';

const FIXTURES = join(__dirname, '..', 'fixtures', 'scripts');
const EXAMPLES = join(__dirname, '..', '..', 'examples');

describe('analysis timings', () => {
  const script = readFileSync(join(FIXTURES, 'functions.sh'), 'utf8');

  it('times the whole and the front end, but not its split, unless asked', () => {
    const { timings } = analyze(script, { languageId: 'shellscript' })!;
    assert.equal(timings.shellParse, undefined);
    assert.equal(timings.evaluate, undefined);
    assert.equal(timings.iptablesParse, undefined);
    assert.ok(timings.frontEnd > 0);
    assert.ok(timings.total >= timings.frontEnd + timings.model + timings.checks - 1e-6);
  });

  it('splits a script\'s front end into its three steps when asked, and they fit within it', () => {
    const { timings } = analyze(script, { languageId: 'shellscript', timePhases: true })!;
    for (const phase of ['shellParse', 'evaluate', 'iptablesParse'] as const) assert.ok(timings[phase]! > 0, phase);
    const split = timings.shellParse! + timings.evaluate! + timings.iptablesParse!;
    // The rest of the front end is collecting the problems of the three at the end.
    assert.ok(split <= timings.frontEnd + 1e-6 && split > timings.frontEnd / 2, `${split} vs ${timings.frontEnd}`);
  });

  it('gives the same findings timed or not', () => {
    const untimed = analyze(script, { languageId: 'shellscript' })!;
    const timed = analyze(script, { languageId: 'shellscript', timePhases: true })!;
    assert.deepEqual(JSON.stringify(timed.findings), JSON.stringify(untimed.findings));
    assert.ok(untimed.findings.length > 0);
  });

  it('counts a restore file\'s front end as its iptables parse', () => {
    const { timings } = analyze(readFileSync(join(EXAMPLES, 'rules.v4'), 'utf8'), { languageId: 'iptables' })!;
    assert.equal(timings.shellParse, 0);
    assert.equal(timings.evaluate, 0);
    assert.equal(timings.iptablesParse, timings.frontEnd);
  });
});
