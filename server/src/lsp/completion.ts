import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver';
import type { Position, Range } from '../core/range';
import { allChecks } from '../checks/registry';
import type { Analysis } from '../engine/analysis';
import type { Family, TableName } from '../iptables/rule';
import { enabledDocument, type ServerContext } from './context';
import { currentAnalysis } from './documents';
import { commandAtCursor, type CommandAtCursor } from './commandAtCursor';
import {
  BASIC_OPTIONS,
  TABLE_NAMES,
  argumentValues,
  basicOption,
  builtinChains,
  findOption,
  isBuiltinChain,
  isListArgument,
  isPortArgument,
  portCompletions,
  protocolNames,
  tableDoc,
  matchModules,
  targetsFor,
  type ArgSpec,
  type OptionSpec,
} from './grammarAdapter';
import { ruleSnippets } from './snippets';
import { readCommand, type CommandSoFar } from './commandSoFar';

/**
 * What may come next where the cursor is: the options valid there (the tcp ones after `-p tcp`, a
 * module's after `-m X`, a target's after `-j X`), chains of the command's table, targets, and the
 * values of the option just written (states, protocols, ports…). Outside a command: rule snippets.
 */
export async function completion(ctx: ServerContext, params: CompletionParams): Promise<CompletionList | null> {
  const doc = await enabledDocument(ctx, params.textDocument.uri);
  if (!doc) return null;
  const lines = doc.entry.document.getText().split(/\r?\n/);
  const codes = codesInDisableComment(lines[params.position.line] ?? '', params.position);
  if (codes) return { isIncomplete: false, items: codes };
  const at = commandAtCursor(lines, params.position, doc.entry.language);
  const snippets = ruleSnippets(lines, params.position, doc.entry.language, ctx.client.snippets, at);
  if (!at) return snippets.length ? { isIncomplete: false, items: snippets } : null;
  const analysis = currentAnalysis(doc.entry);
  const items = completeInCommand(at, analysis);
  return { isIncomplete: false, items: [...items, ...snippets] };
}

function completeInCommand(at: CommandAtCursor, analysis: Analysis | undefined): CompletionItem[] {
  const before = at.args.slice(0, at.cursorIndex);
  const state = readCommand(before, at.family);
  const previous = before[before.length - 1]?.text;
  const range = at.prefixRange;
  const userChains = analysis ? userChainsOf(analysis, at.family, at.table) : [];
  const interfaces = analysis ? interfacesOf(analysis) : ['lo'];

  // The value of the option just written.
  const basic = previous !== undefined ? basicOption(previous) : undefined;
  if (basic?.arg === 'interface') return interfaces.map((i) => item(i, CompletionItemKind.Value, range, i === 'lo' ? 'The loopback interface: traffic between local processes.' : 'Named elsewhere in this file.'));
  if (basic?.arg) return basicValues(basic.arg, basic.names[0], at, state, userChains, range);
  if (state.op === '-P' && before.length >= 2 && basicOption(before[before.length - 2].text)?.names[0] === '-P') {
    return ['ACCEPT', 'DROP'].map((p) => item(p, CompletionItemKind.EnumMember, range, `Policy: ${p === 'DROP' ? 'discard what no rule accepts' : 'let through what no rule drops'}`));
  }
  const option = previous !== undefined && previous.startsWith('--') ? findOption(state.options, previous) : undefined;
  if (option && option.args.length > 0) return argumentItems(option.args[0], at);

  if (at.prefix !== '' && !at.prefix.startsWith('-')) return [];
  return optionItems(at, state, range);
}

function optionItems(at: CommandAtCursor, state: CommandSoFar, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const o of BASIC_OPTIONS) {
    if (o.command ? state.op !== undefined : state.op === undefined && o.names[0] !== '-t') continue;
    if (at.restoreLine && (o.names[0] === '-t' || o.names[0] === '-L' || o.names[0] === '-S' || o.names[0] === '-C')) continue;
    if (state.used.has(o.names[0]) && o.names[0] !== '-m') continue;
    if (!interfaceOptionFits(o.names[0], state.chain)) continue;
    items.push(item(o.names[0], CompletionItemKind.Keyword, range, o.doc, `${o.names.join(', ')}${o.arg ? ` <${o.arg}>` : ''}`));
  }
  if (state.op !== undefined) {
    for (const o of state.options) {
      if (state.used.has(o.name)) continue;
      items.push(item(o.name, CompletionItemKind.Property, range, o.doc, signature(o)));
    }
  }
  return items;
}

/** `-i` only where packets arrive, `-o` only where they leave; a user chain may be either. */
function interfaceOptionFits(option: string, chain: string | undefined): boolean {
  if (!chain || !isBuiltinChain(chain)) return true;
  if (option === '-i') return chain === 'INPUT' || chain === 'FORWARD' || chain === 'PREROUTING';
  if (option === '-o') return chain === 'OUTPUT' || chain === 'FORWARD' || chain === 'POSTROUTING';
  return true;
}

function basicValues(kind: string, option: string, at: CommandAtCursor, state: CommandSoFar, userChains: string[], range: Range): CompletionItem[] {
  switch (kind) {
    case 'chain': {
      const builtins = option === '-X' || option === '-E' ? [] : builtinChains(at.table);
      const users = option === '-P' ? [] : userChains;
      return [
        ...builtins.map((c) => item(c, CompletionItemKind.Module, range, `Built-in chain of the ${at.table} table.`)),
        ...users.map((c) => item(c, CompletionItemKind.Function, range, 'User chain defined in this file.')),
      ];
    }
    case 'table':
      return TABLE_NAMES.map((t) => item(t, CompletionItemKind.Module, range, tableDoc(t), `chains ${builtinChains(t).join(', ')}`));
    case 'protocol':
      return protocolNames().map((p) => item(p.name, CompletionItemKind.EnumMember, range, p.doc));
    case 'match':
      return matchModules(at.family).map((m) => item(m.name, CompletionItemKind.Module, range, m.doc));
    case 'target': {
      const targets = option === '-g' ? [] : targetsFor(at.family, at.table, state.chain);
      return [
        ...targets.map((t) => item(t.name, CompletionItemKind.Function, range, t.doc, t.terminal ? 'verdict' : 'continues')),
        ...userChains.map((c) => item(c, CompletionItemKind.Function, range, 'User chain defined in this file.')),
      ];
    }
    default:
      return [];
  }
}

function argumentItems(arg: ArgSpec, at: CommandAtCursor): CompletionItem[] {
  // In a list (NEW,ESTABLISHED / 80,443) complete the element after the last comma.
  let range = at.prefixRange;
  let already: string[] = [];
  if (isListArgument(arg)) {
    const comma = at.prefix.lastIndexOf(',');
    if (comma >= 0) {
      already = at.prefix.slice(0, comma).split(',');
      range = { start: { line: range.end.line, character: range.start.character + comma + 1 }, end: range.end };
    }
  }
  if (isPortArgument(arg)) {
    return portCompletions()
      .filter((s) => !already.includes(String(s.port)))
      .map((s, i) => ({
        ...item(String(s.port), CompletionItemKind.Value, range, s.doc, s.name),
        sortText: String(i).padStart(3, '0'),
        filterText: `${s.port} ${s.name}`,
      }));
  }
  return argumentValues(arg, at.family)
    .filter((v) => !already.includes(v.value))
    .map((v) => item(v.value, CompletionItemKind.EnumMember, range, v.doc));
}

function userChainsOf(analysis: Analysis, family: Family, table: TableName): string[] {
  const names = new Set<string>();
  for (const s of analysis.statements) {
    const c = s.command;
    if (c.op === 'new-chain' && c.chain?.known && c.family === family && c.table === table) names.add(c.chain.value);
  }
  return [...names];
}

/** In `# iptables-lint disable=IPT201,` after `=` or a comma: the codes, with their titles. */
function codesInDisableComment(line: string, position: Position): CompletionItem[] | undefined {
  const before = line.slice(0, position.character);
  const m = /#\s*iptables-lint\s+disable(?:-file)?\s*=\s*(?:[A-Za-z0-9_]+\s*,\s*)*([A-Za-z0-9_]*)$/.exec(before);
  if (!m) return undefined;
  const listed = new Set(before.slice(before.indexOf('=') + 1).split(',').map((c) => c.trim().toUpperCase()));
  const range = { start: { line: position.line, character: position.character - m[1].length }, end: position };
  return allChecks
    .filter((c) => !listed.has(c.code) || c.code === m[1].toUpperCase())
    .map((c) => ({ ...item(c.code, CompletionItemKind.Constant, range, c.docs.what, c.title), sortText: c.code }));
}

/** `lo` and the interfaces the document already names, as the user wrote them (`eth0`, `wg+`). */
function interfacesOf(analysis: Analysis): string[] {
  const names = new Set<string>(['lo']);
  for (const s of analysis.statements) {
    const rule = s.command.rule;
    for (const iface of [rule?.inInterface, rule?.outInterface]) if (iface?.known) names.add(iface.value);
  }
  return [...names];
}

function signature(o: OptionSpec): string {
  const args = o.args.map((a) => `<${a.values ? a.values.join('|') : a.kind}>`).join(' ');
  return `${o.negatable ? '[!] ' : ''}${[o.name, ...o.aliases].join('|')}${args ? ` ${args}` : ''}`;
}

function item(label: string, kind: CompletionItemKind, range: Range, doc?: string, detail?: string): CompletionItem {
  const out: CompletionItem = { label, kind, textEdit: { range, newText: label } };
  if (detail) out.detail = detail;
  if (doc) out.documentation = { kind: MarkupKind.Markdown, value: doc };
  return out;
}
