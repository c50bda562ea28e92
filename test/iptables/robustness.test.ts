import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { ArgWord } from '../../server/src/eval/invocation';
import { CORE_OPTIONS, MATCHES, TARGETS } from '../../server/src/iptables/grammar';
import { parseArgs } from '../../server/src/iptables/parseCommand';
import { parseRestore } from '../../server/src/iptables/restore';
import { commandToSaveForm } from '../../server/src/iptables/saveForm';
import { span, WHOLE_LINE } from './words';

// Words a fuzzer should reach for: every option and name iptables knows, values of every shape, junk.
const VOCABULARY = [
  ...CORE_OPTIONS.map((o) => o.long),
  ...['-A', '-I', '-D', '-R', '-N', '-X', '-P', '-F', '-E', '-L', '-S', '-Z', '-C', '-t', '-p', '-s', '-d', '-i', '-o', '-j', '-g', '-m', '-f', '-w', '-4', '-6', '!'],
  ...MATCHES.flatMap((m) => [m.name, ...m.options.map((o) => o.name)]),
  ...TARGETS.flatMap((t) => [t.name, ...t.options.map((o) => o.name)]),
  ...['INPUT', 'OUTPUT', 'FORWARD', 'nat', 'filter', 'tcp', 'udp', '22', '1024:', ':', '0x10/0xff', '192.0.2.0/24', '2001:db8::/32', 'NEW,ESTABLISHED', '', '--', '-', '=', '--dport=', '\u0000', 'x'.repeat(300)],
];

const word = fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const argList = fc.array(fc.tuple(word, fc.boolean()), { maxLength: 24 }).map((items): ArgWord[] =>
  items.map(([value, known], i) => ({ value, known, range: span(0, i * 10, i * 10 + 5) })),
);

function inside(r: { start: { line: number; character: number }; end: { line: number; character: number } }, maxLine: number): boolean {
  return r.start.line >= 0 && r.end.line <= maxLine && (r.start.line < r.end.line || r.start.character <= r.end.character);
}

describe('iptables layer on arbitrary input', () => {
  it('never throws on any argument list, and every range it reports is a real range', () => {
    fc.assert(
      fc.property(argList, fc.constantFrom('ipv4', 'ipv6') as fc.Arbitrary<'ipv4' | 'ipv6'>, (args, family) => {
        const result = parseArgs(args, family, WHOLE_LINE);
        for (const p of result.problems) assert.ok(inside(p.range, 0), JSON.stringify(p));
        const command = result.command ?? result.partial;
        if (command) commandToSaveForm(command);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on any restore file', () => {
    const line = fc.oneof(
      fc.constantFrom('*filter', '*nat', '*bogus', 'COMMIT', ':INPUT DROP [0:0]', ':x - [0:0]', ':', '#', '  # x', '', '[1:2]', '"'),
      fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 10 }).map((ws) => ws.join(' ')),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('ipv4', 'ipv6') as fc.Arbitrary<'ipv4' | 'ipv6'>, fc.boolean(), (lines, family, noflush) => {
        const source = lines.map((text, i) => ({ text, line: i, character: 0 }));
        const { commands, problems } = parseRestore(source, family, { noflush });
        for (const p of problems) assert.ok(inside(p.range, lines.length), JSON.stringify(p));
        for (const c of commands) commandToSaveForm(c);
      }),
      { numRuns: 2000 },
    );
  });
});
