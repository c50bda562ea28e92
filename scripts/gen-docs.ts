// Writes docs/rules/IPTnnn.md (and the index) from the check files themselves.
// Run: npm run docs. test/checks/docs.test.ts fails when a page is out of date.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../server/src/checks/registry';
import { renderCheckDoc, renderCheckIndex } from '../server/src/checks/docs';

const dir = join(__dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const wanted = new Set(allChecks.map((c) => `${c.code}.md`));
for (const name of readdirSync(dir)) {
  if (/^IPT\d+\.md$/.test(name) && !wanted.has(name)) rmSync(join(dir, name));
}
for (const check of allChecks) writeFileSync(join(dir, `${check.code}.md`), renderCheckDoc(check));
writeFileSync(join(dir, 'README.md'), renderCheckIndex(allChecks));
console.log(`wrote ${allChecks.length} rule pages to docs/rules/`);
