import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Range } from '../../server/src/core/range';
import type { Problem } from '../../server/src/engine/problem';
import { evaluateScript } from '../../server/src/eval/evaluate';
import type { Invocation } from '../../server/src/eval/invocation';
import { parseShell } from '../../server/src/shell/parser';
import { forEachSimpleCommand } from '../../server/src/shell/walk';

// Bad input never throws and never points outside the document: random mutations of the realistic
// fixture scripts (quotes, brackets, keywords, binary bytes, lone surrogates, very long lines), plus
// the hand-picked worst cases of issue #2.

const FIXTURES = join(__dirname, '..', 'fixtures', 'scripts');
const scripts = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.sh'))
  .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

/** Lengths of every line, split the way LSP splits (\n, \r\n, lone \r). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function assertInside(range: Range, lengths: number[], what: string): void {
  const { start, end } = range;
  const ok =
    start.line >= 0 &&
    end.line < lengths.length &&
    (start.line < end.line || (start.line === end.line && start.character <= end.character)) &&
    start.character >= 0 &&
    start.character <= lengths[start.line] &&
    end.character >= 0 &&
    end.character <= lengths[end.line];
  assert.ok(ok, `${what} ${JSON.stringify(range)} lies outside the document (lines: ${lengths.length})`);
}

function analyseEverything(text: string): { problems: Problem[]; invocations: Invocation[] } {
  const parsed = parseShell(text);
  const evaluated = evaluateScript(parsed.script, text);
  const lengths = lineLengths(text);
  const problems = [...parsed.problems, ...evaluated.problems];
  for (const p of problems) assertInside(p.range, lengths, `problem "${p.message}"`);
  forEachSimpleCommand(parsed.script.body, (command) => {
    assertInside(parsed.script.lines.range(command.start, command.end), lengths, 'command');
    for (const w of command.words) assertInside(parsed.script.lines.range(w.start, w.end), lengths, 'word');
  });
  for (const inv of evaluated.invocations) {
    assertInside(inv.range, lengths, 'invocation');
    assertInside(inv.programRange, lengths, 'program');
    for (const a of inv.args) assertInside(a.range, lengths, `argument ${a.value}`);
    for (const o of inv.origins) assertInside(o.range, lengths, 'origin');
    for (const line of inv.restoreInput ?? []) {
      assert.ok(line.line >= 0 && line.line < lengths.length && line.character >= 0 && line.character <= lengths[line.line], 'restore line outside the document');
    }
  }
  return { problems, invocations: evaluated.invocations };
}

const NASTY = ['"', "'", '`', '$(', '${', ')', '(', '}', '{', '\\', '\n', '\r', '\r\n', '#', ';;', '<<EOF\n', '<<-', 'EOF\n', 'fi', 'done', 'esac', 'if ', 'then', 'do ', 'case ', ' in ', '&&', '|', '$((', '[[', ']]', '\0', '\x01', '\uFFFD', '\uD800', '\uDC00', '🔥', 'ü', '=(', '$\'', '\t'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...NASTY) }),
  fc.record({ kind: fc.constant('binary' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('longLine' as const), at: fc.nat(), length: fc.integer({ min: 1000, max: 20000 }), fill: fc.constantFrom('a', '"', '$(', '\\', ' x') }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'replace':
      return text.slice(0, at) + m.text + text.slice(at + m.text.length);
    case 'binary':
      return text.slice(0, at) + String.fromCharCode(...m.bytes) + text.slice(at);
    case 'longLine':
      return text.slice(0, at) + m.fill.repeat(Math.ceil(m.length / m.fill.length)) + text.slice(at);
  }
}

describe('shell front end and evaluator on bad input', function () {
  this.timeout(300_000);

  it('never throw and keep every range inside the document on mutated fixture scripts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: scripts.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        let text = scripts[index];
        for (const m of mutations) text = mutate(text, m);
        analyseEverything(text);
      }),
      { numRuns: 400 },
    );
  });

  it('survives arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        analyseEverything(text);
      }),
      { numRuns: 500 },
    );
  });

  it('reads binary garbage without throwing', () => {
    let seed = 12345;
    let text = '';
    for (let i = 0; i < 200_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      text += String.fromCharCode(seed & 0xff);
    }
    analyseEverything(text);
  });

  it('reads a 10 MB line quickly', () => {
    const rule = 'iptables -A INPUT -s 198.51.100.7 -j DROP; ';
    const text = rule.repeat(Math.ceil(10_000_000 / rule.length)) + '\n';
    const started = Date.now();
    const { problems, invocations } = analyseEverything(text);
    assert.deepEqual(problems, []);
    assert.equal(invocations.length, Math.ceil(10_000_000 / rule.length));
    assert.ok(Date.now() - started < 20_000, 'a 10 MB line took more than 20 s');
  });

  it('reports an unterminated quote on a 10 MB line as one clear problem', () => {
    const text = `iptables -A INPUT -m comment --comment "${'x'.repeat(10_000_000)}\n`;
    const { problems } = analyseEverything(text);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'IPT001');
    assert.match(problems[0].message, /unterminated double quote/);
    assert.deepEqual(problems[0].range, { start: { line: 0, character: 39 }, end: { line: 0, character: 40 } });
  });

  it('reports nesting too deep instead of overflowing the stack', () => {
    for (const opener of ['$(', '(', '{ ', 'if true; then ', 'f() { ', '"$(', '${X:-', '`$(']) {
      const { problems } = analyseEverything(`${opener.repeat(20_000)}iptables -F\n`);
      assert.ok(problems.length > 0 && problems.every((p) => p.code === 'IPT001'), `no IPT001 for ${JSON.stringify(opener)} × 20000`);
    }
  });

  it('evaluates long flat chains and deep expressions without recursion trouble', () => {
    const elifs = `if [ "$1" = 0 ]; then iptables -N C0\n${Array.from({ length: 20_000 }, (_, i) => `elif [ "$1" = ${i + 1} ]; then iptables -N C${i + 1}`).join('\n')}\nfi\n`;
    assert.equal(analyseEverything(elifs).invocations.length, 20_001);
    const parens = `#!/bin/bash\niptables --dport $((${'('.repeat(50_000)}1${')'.repeat(50_000)})) {${'{a,b}'.repeat(5_000)}}\n`;
    const [inv] = analyseEverything(parens).invocations;
    assert.equal(inv.args[1].known, false);
    const deepBody = `f() { ${'{ '.repeat(150)}iptables -N X; f; ${'} '.repeat(150)}}\nf\n`;
    const deep = analyseEverything(deepBody);
    assert.ok(deep.invocations.length >= 1 && deep.problems.some((p) => p.code === 'IPT002'));
    const sums = `iptables --dport $((${'1+'.repeat(500_000)}1))\n`;
    assert.equal(analyseEverything(sums).invocations[0].args[1].value, '500001');
  });

  it('keeps a construct it does not know from hiding the rest of the script', () => {
    const { problems, invocations } = analyseEverything('coproc fw { cat; }\niptables -P INPUT DROP\nwhile true; do; done\niptables -P OUTPUT DROP\n');
    assert.ok(problems.every((p) => p.code === 'IPT001'));
    assert.deepEqual(invocations.map((i) => i.args.map((a) => a.value).join(' ')), ['-P INPUT DROP', '-P OUTPUT DROP']);
  });
});
