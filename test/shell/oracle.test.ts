import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { parseShell } from '../../server/src/shell/parser';
import { forEachSimpleCommand } from '../../server/src/shell/walk';

// Verification item 2 of issue #2: on every fixture script, our shell front end and tree-sitter-bash
// (what bash-language-server uses) must find the same simple commands with the same argument words:
// same source text, same start position (both count columns in UTF-16 code units).
//
// Normalisation, where the two grammars model the same text differently:
// - tree-sitter makes `local`/`export`/`declare`/`readonly`/`typeset` a declaration_command and
//   `unset` an unset_command; we parse them as simple commands (the evaluator gives them meaning).
//   Both sides drop them.
// - tree-sitter makes `[ … ]` a test_command; for us `[` is a command like `test`. Both sides drop it.
// - A command of assignments only (`WAN=eth0`) is a variable_assignment in tree-sitter, not a command;
//   ours has no words: both sides compare only commands that have a command name.

const FIXTURES = join(__dirname, '..', 'fixtures', 'scripts');
const SKIPPED_NAMES = new Set(['local', 'export', 'declare', 'readonly', 'typeset', 'unset', '[']);

interface Found {
  words: { text: string; line: number; character: number }[];
}

function describeCommand(c: Found): string {
  return `${c.words[0].line + 1}:${c.words[0].character} ${c.words.map((w) => w.text).join(' ␣ ')}`;
}

function treeSitterCommands(root: Node): Found[] {
  const out: Found[] = [];
  const visit = (node: Node) => {
    if (node.type === 'command') {
      const words: Found['words'] = [];
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'variable_assignment' || child.type.endsWith('_redirect')) continue;
        words.push({ text: child.text, line: child.startPosition.row, character: child.startPosition.column });
      }
      if (words.length > 0 && !SKIPPED_NAMES.has(words[0].text)) out.push({ words });
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
  return out;
}

function ourCommands(text: string): Found[] {
  const { script } = parseShell(text);
  const out: Found[] = [];
  forEachSimpleCommand(script.body, (command) => {
    if (command.words.length === 0) return;
    const words = command.words.map((w) => {
      const start = script.lines.position(w.start);
      return { text: text.slice(w.start, w.end), line: start.line, character: start.character };
    });
    if (!SKIPPED_NAMES.has(words[0].text)) out.push({ words });
  });
  return out;
}

/** Source order, as tree-sitter's depth-first walk yields nested commands after their parents. */
function sorted(commands: Found[]): Found[] {
  return [...commands].sort((a, b) => a.words[0].line - b.words[0].line || a.words[0].character - b.words[0].character);
}

describe('shell front end vs tree-sitter-bash (oracle)', () => {
  let parser: Parser;
  before(async () => {
    await Parser.init();
    const language = await Language.load(join(__dirname, '..', '..', 'node_modules', 'tree-sitter-bash', 'tree-sitter-bash.wasm'));
    parser = new Parser();
    parser.setLanguage(language);
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
      const theirs = sorted(treeSitterCommands(tree.rootNode)).map(describeCommand);
      const ours = sorted(ourCommands(text)).map(describeCommand);
      assert.ok(ours.length > 0);
      assert.deepEqual(ours, theirs);
      tree.delete();
    });
  }
});
