import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../../server/src/checks/registry';
import { renderCheckDoc } from '../../server/src/checks/docs';
import { analyze } from '../../server/src/engine/analyze';

// Every check documents itself, and its documentation is executable: the example must make the
// check fire and the "use instead" version must not. A stale docs/rules page fails the build.
describe('check documentation', () => {
  it('registers checks with unique, well-formed codes', () => {
    assert.ok(allChecks.length > 0, 'no checks registered');
    const codes = allChecks.map((c) => c.code);
    assert.deepEqual(codes.filter((c, i) => codes.indexOf(c) !== i), [], 'duplicate codes');
    for (const code of codes) assert.match(code, /^IPT\d{3}$/);
  });

  for (const check of allChecks) {
    describe(`${check.code} ${check.title}`, () => {
      it('has every section of its docs filled in', () => {
        assert.ok(check.title.trim().length > 0);
        for (const key of ['what', 'why'] as const) {
          assert.ok(check.docs[key].trim().length > 20, `${check.code}: docs.${key} is missing or too short`);
        }
        // A one-line example is fine (`iptables -X INPUT`), an empty one is not.
        for (const key of ['example', 'useInstead'] as const) {
          assert.ok(check.docs[key].trim().length > 0, `${check.code}: docs.${key} is missing`);
        }
        assert.notEqual(check.docs.example.trim(), check.docs.useInstead.trim(), 'example and "use instead" are the same');
      });

      it('fires on its example', () => {
        const a = analyze(check.docs.example, { languageId: check.docs.exampleLanguage });
        assert.ok(a, 'analysis was cancelled');
        const codes = a.findings.map((f) => f.code);
        assert.ok(codes.includes(check.code), `${check.code} did not fire on its example; got [${codes.join(', ')}]`);
      });

      it('is silent on its "use instead"', () => {
        const a = analyze(check.docs.useInstead, { languageId: check.docs.exampleLanguage });
        assert.ok(a, 'analysis was cancelled');
        const mine = a.findings.filter((f) => f.code === check.code);
        assert.deepEqual(mine.map((f) => f.message), [], `${check.code} fired on its own "use instead"`);
      });

      it('has an up-to-date page in docs/rules (run `npm run docs`)', () => {
        const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', `${check.code}.md`), 'utf8');
        assert.equal(page, renderCheckDoc(check));
      });
    });
  }
});
