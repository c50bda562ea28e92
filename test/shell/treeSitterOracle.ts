import { join } from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { parseShell } from '../../server/src/shell/parser';
import { forEachSimpleCommand } from '../../server/src/shell/walk';

// Shared by the oracle tests: the simple commands tree-sitter-bash finds and the ones we find, as
// comparable lines `line:column words…` (both count columns in UTF-16 code units), in source order.
//
// Normalisation, where the two grammars model the same text differently:
// - tree-sitter makes `local`/`export`/`declare`/`readonly`/`typeset` a declaration_command and
//   `unset` an unset_command; we parse them as simple commands (the evaluator gives them meaning).
//   Both sides drop them.
// - tree-sitter makes `[ … ]` a test_command; for us `[` is a command like `test`. Both sides drop it.
// - A command of assignments only (`WAN=eth0`) is a variable_assignment in tree-sitter, not a command;
//   ours has no words: both sides compare only commands that have a command name.

const SKIPPED_NAMES = new Set(['local', 'export', 'declare', 'readonly', 'typeset', 'unset', '[']);

export async function loadTreeSitterBash(): Promise<Parser> {
  await Parser.init();
  const language = await Language.load(join(__dirname, '..', '..', 'node_modules', 'tree-sitter-bash', 'tree-sitter-bash.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

interface FoundWord {
  text: string;
  line: number;
  character: number;
}

function describe(words: FoundWord[]): string {
  return `${words[0].line + 1}:${words[0].character} ${words.map((w) => w.text).join(' ␣ ')}`;
}

function inSourceOrder(commands: FoundWord[][]): string[] {
  return [...commands].sort((a, b) => a[0].line - b[0].line || a[0].character - b[0].character).map(describe);
}

export function treeSitterCommands(root: Node): string[] {
  const out: FoundWord[][] = [];
  const visit = (node: Node) => {
    if (node.type === 'command') {
      const words: FoundWord[] = [];
      for (const child of node.namedChildren) {
        if (!child || child.type === 'variable_assignment' || child.type.endsWith('_redirect')) continue;
        words.push({ text: child.text, line: child.startPosition.row, character: child.startPosition.column });
      }
      if (words.length > 0 && !SKIPPED_NAMES.has(words[0].text)) out.push(words);
    }
    for (const child of node.namedChildren) if (child) visit(child);
  };
  visit(root);
  return inSourceOrder(out);
}

export function ourCommands(text: string): string[] {
  const { script } = parseShell(text);
  const out: FoundWord[][] = [];
  forEachSimpleCommand(script.body, (command) => {
    if (command.words.length === 0) return;
    const words = command.words.map((w) => {
      const start = script.lines.position(w.start);
      return { text: text.slice(w.start, w.end), line: start.line, character: start.character };
    });
    if (!SKIPPED_NAMES.has(words[0].text)) out.push(words);
  });
  return inSourceOrder(out);
}
