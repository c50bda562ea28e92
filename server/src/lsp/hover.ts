import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { containsPosition, type Range } from '../core/range';
import { checkByCode } from '../checks/registry';
import type { Family } from '../iptables/rule';
import { enabledDocument, type ServerContext } from './context';
import { currentAnalysis } from './documents';
import { commandAtCursor, type CommandWord } from './commandAtCursor';
import { readCommand } from './commandSoFar';
import { ruleDocsUrl } from './diagnostics';
import { explainAt } from './explainAdapter';
import { argumentValues, basicOption, findOption, implicitMatchOfProtocol, matchModule, targetSpec, type OptionSpec } from './grammarAdapter';

/**
 * Hover, most specific first: a code in a disable comment (that check's docs); an option, match
 * module or target (its documentation); anywhere else in a rule, what the rule does.
 */
export async function hover(ctx: ServerContext, params: HoverParams): Promise<Hover | null> {
  const doc = await enabledDocument(ctx, params.textDocument.uri);
  if (!doc) return null;
  const lines = doc.entry.document.getText().split(/\r?\n/);
  const line = lines[params.position.line] ?? '';

  const code = codeInDisableComment(line, params.position.line, params.position.character);
  const reply = (value: string, range?: Range): Hover => ({
    contents: { kind: ctx.client.markdownHover ? MarkupKind.Markdown : MarkupKind.PlainText, value },
    ...(range ? { range } : {}),
  });
  if (code) return reply(checkDocs(code.code), code.range);

  const at = commandAtCursor(lines, params.position, doc.entry.language);
  const word = at?.args.find((w) => containsPosition(w.range, params.position));
  if (at && word) {
    const index = at.args.indexOf(word);
    const previous = at.args[index - 1]?.text;
    const loaded = readCommand(at.args, at.family).options;
    const docText = wordDocs(word.text, previous, loaded, at.family);
    if (docText) return reply(docText, word.range);
    const value = listValueDocs(word, previous, loaded, at.family, params.position.character);
    if (value) return reply(value.doc, value.range);
  }

  const analysis = currentAnalysis(doc.entry);
  const explanation = analysis && explainAt(analysis, params.position);
  return explanation ? reply(explanation) : null;
}

function wordDocs(word: string, previous: string | undefined, loaded: OptionSpec[], family: Family): string | undefined {
  const basic = basicOption(word);
  if (basic) return `\`${basic.negatable ? '[!] ' : ''}${basic.names.join(', ')}${basic.arg ? ` <${basic.arg}>` : ''}\`\n\n${basic.doc}`;
  if (word.startsWith('--')) {
    const option = findOption(loaded, word);
    if (option) return `\`${option.negatable ? '[!] ' : ''}${[option.name, ...option.aliases].join(', ')}\`\n\n${option.doc}`;
    return undefined;
  }
  if (previous === '-m' || previous === '--match') {
    const module = matchModule(word);
    return module ? `Match \`${module.name}\`\n\n${module.doc}` : undefined;
  }
  if (previous === '-p' || previous === '--protocol') {
    const module = implicitMatchOfProtocol(word, family);
    return module ? `Protocol \`${word}\`\n\n${module.doc}` : undefined;
  }
  if (previous === '-j' || previous === '--jump' || previous === '-g' || previous === '--goto') {
    const target = targetSpec(word);
    return target ? `Target \`${target.name}\`${target.terminal ? '' : ' (non-terminating)'}\n\n${target.doc}` : undefined;
  }
  return undefined;
}

/**
 * A value from a fixed list under the cursor, e.g. `RELATED` in `--ctstate ESTABLISHED,RELATED`:
 * what that one value means. Hovering elsewhere in the rule explains the rule.
 */
function listValueDocs(word: CommandWord, previous: string | undefined, loaded: OptionSpec[], family: Family, character: number): { doc: string; range: Range } | undefined {
  const option = previous?.startsWith('--') ? findOption(loaded, previous) : undefined;
  const arg = option?.args[0];
  if (!arg || word.range.start.line !== word.range.end.line) return undefined;
  const offset = character - word.range.start.character;
  let start = 0;
  for (const element of word.text.split(',')) {
    const end = start + element.length;
    if (offset >= start && offset <= end) {
      const known = argumentValues(arg, family).find((v) => v.value === element);
      if (!known?.doc) return undefined;
      const line = word.range.start.line;
      const from = word.range.start.character + start;
      return { doc: `\`${known.value}\` (${option.name}): ${known.doc}`, range: { start: { line, character: from }, end: { line, character: from + element.length } } };
    }
    start = end + 1;
  }
  return undefined;
}

/** The IPTnnn code under the cursor inside `# iptables-lint disable=…` / `disable-file=…`. */
export function codeInDisableComment(line: string, lineNo: number, character: number): { code: string; range: Range } | undefined {
  const directive = /#\s*iptables-lint\s+disable(?:-file)?\s*=/.exec(line);
  if (!directive) return undefined;
  const codes = /[A-Za-z]+\d+/g;
  codes.lastIndex = directive.index + directive[0].length;
  for (let m = codes.exec(line); m; m = codes.exec(line)) {
    const before = line.slice(directive.index + directive[0].length, m.index);
    if (!/^[\s,A-Za-z0-9_]*$/.test(before)) break;
    if (character >= m.index && character <= m.index + m[0].length) {
      return { code: m[0].toUpperCase(), range: { start: { line: lineNo, character: m.index }, end: { line: lineNo, character: m.index + m[0].length } } };
    }
  }
  return undefined;
}

export function checkDocs(code: string): string {
  const check = checkByCode(code);
  if (!check) return `\`${code}\`: no iptables-lint check has this code.`;
  return [`**${check.code}** — ${check.title} (${check.severity})`, check.docs.what, `**Why is this bad?** ${check.docs.why}`, `[Documentation](${ruleDocsUrl(check.code)})`].join('\n\n');
}
