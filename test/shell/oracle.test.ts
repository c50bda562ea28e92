import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { loadTreeSitterBash, ourCommands, treeSitterCommands } from './treeSitterOracle';

// Verification item 2 of issue #2: on every fixture script, our shell front end and tree-sitter-bash
// (what bash-language-server uses) must find the same simple commands with the same argument words:
// same source text, same start position. Normalisation: see treeSitterOracle.ts.

const FIXTURES = join(__dirname, '..', 'fixtures', 'scripts');

describe('shell front end vs tree-sitter-bash (oracle)', () => {
  let parser: Parser;
  before(async () => {
    parser = await loadTreeSitterBash();
  });

  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.sh'));
  it('has at least 12 fixture scripts to compare', () => {
    assert.ok(files.length >= 12, `only ${files.length} fixtures`);
  });

  for (const file of files) {
    it(`finds the same commands and words in ${file}`, () => {
      const text = readFileSync(join(FIXTURES, file), 'utf8');
      const tree = parser.parse(text);
      assert.ok(tree, 'tree-sitter gave no tree');
      assert.equal(tree.rootNode.hasError, false, `tree-sitter itself failed to parse ${file}`);
      const theirs = treeSitterCommands(tree.rootNode);
      tree.delete();
      const ours = ourCommands(text);
      assert.ok(ours.length > 0);
      assert.deepEqual(ours, theirs);
    });
  }
});
