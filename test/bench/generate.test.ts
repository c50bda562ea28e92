import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Generated {
  text: string;
  languageId: 'shellscript' | 'iptables';
  rules: number;
  planted: { code: string; line: number }[];
}
type Generator = (rules: number, seed?: number) => Generated;
interface GeneratorModule {
  generateBlocklist: Generator;
  generateServices: Generator;
  generateRestore: Generator;
}

const load = async (): Promise<GeneratorModule> =>
  (await import(pathToFileURL(join(__dirname, '..', '..', 'bench', 'generate.mjs')).href)) as GeneratorModule;

/** The IPv4 networks a line drops with `-s`, as [first address, last address] integers. */
function droppedRange(line: string): [number, number] | undefined {
  const m = /-s (\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))? -j DROP/.exec(line);
  if (!m) return undefined;
  const address = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0;
  const size = 2 ** (32 - Number(m[5] ?? 32));
  return [address, address + size - 1];
}

describe('benchmark generators', () => {
  it('are deterministic for a seed and differ between seeds', async () => {
    const { generateBlocklist, generateServices, generateRestore } = await load();
    for (const generate of [generateBlocklist, generateServices, generateRestore]) {
      assert.equal(generate(1000, 7).text, generate(1000, 7).text);
      assert.notEqual(generate(1000, 7).text, generate(1000, 8).text);
    }
  });

  it('write one rule per -A line in the blocklist and the restore file, as many as asked', async () => {
    const { generateBlocklist, generateRestore } = await load();
    for (const generate of [generateBlocklist, generateRestore]) {
      for (const size of [200, 1000, 10000]) {
        const g = generate(size);
        const appends = g.text.split('\n').filter((l) => /^(iptables )?-A /.test(l)).length;
        assert.equal(g.rules, size);
        assert.equal(appends, size);
      }
    }
  });

  it('count the rules the services script makes once its loops are unrolled', async () => {
    const { generateServices } = await load();
    for (const size of [200, 1000, 10000]) {
      const g = generateServices(size);
      const lines = g.text.split('\n');
      let rules = 0;
      for (let i = 0; i < lines.length; i++) {
        const loop = /^for \w+ in (.*); do$/.exec(lines[i]);
        const ports = loop ? loop[1].split(' ').length : 1;
        if (loop) i++; // the loop body is the next line: one rule per value
        if (/\$IPT -A |^allow_tcp /.test(lines[i])) rules += /\$DNS_SERVERS/.test(lines[i - 1]) ? 2 : ports;
      }
      // The helper's own body is a template, not a rule.
      rules -= 1;
      assert.equal(g.rules, size);
      assert.equal(rules, size);
    }
  });

  it('drop no source twice and nest no source in another, except the one planted redundancy', async () => {
    const { generateBlocklist, generateRestore } = await load();
    for (const g of [generateBlocklist(20000), generateRestore(20000)]) {
      const lines = g.text.split('\n');
      const ranges = lines.map(droppedRange).map((r, line) => ({ r, line })).filter((x) => x.r !== undefined);
      const sorted = ranges.sort((a, b) => a.r![0] - b.r![0] || b.r![1] - a.r![1]);
      const overlapping: number[] = [];
      for (let i = 1; i < sorted.length; i++) if (sorted[i].r![0] <= sorted[i - 1].r![1]) overlapping.push(sorted[i].line);
      assert.deepEqual(overlapping, g.planted.map((p) => p.line));
      assert.equal(g.planted.length, 1);
      assert.equal(g.planted[0].code, 'IPT302');
    }
  });
});
