import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { Position } from '../core/range';
import type { LanguageId } from '../engine/analysis';
import type { CommandAtCursor } from './commandAtCursor';

interface RuleSnippet {
  label: string;
  doc: string;
  /** The rule without the program name, as a restore file writes it. */
  body: string;
  /** Rules of another table need `-t` in a script and their own `*table` section in a restore file. */
  table?: 'nat';
}

/** The rules most firewalls start from, written the way that keeps replies flowing. */
const RULES: readonly RuleSnippet[] = [
  {
    label: 'allow replies (conntrack ESTABLISHED,RELATED)',
    doc: 'Let replies to accepted connections (and related ICMP errors) through. Put it near the top of INPUT and OUTPUT.',
    body: '-A ${1|INPUT,OUTPUT,FORWARD|} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
  },
  {
    label: 'allow incoming TCP service',
    doc: 'Accept new connections to a local TCP service; the replies need an ESTABLISHED accept on OUTPUT.',
    body: '-A INPUT -p tcp --dport ${1:22} -m conntrack --ctstate NEW -j ACCEPT',
  },
  {
    label: 'allow outgoing TCP connections',
    doc: 'Let this host open connections to a TCP port; the replies need an ESTABLISHED accept on INPUT.',
    body: '-A OUTPUT -p tcp --dport ${1:443} -m conntrack --ctstate NEW -j ACCEPT',
  },
  {
    label: 'allow loopback',
    doc: 'Local processes talk to each other over lo; a DROP policy without this breaks them.',
    body: '-A INPUT -i lo -j ACCEPT',
  },
  {
    label: 'default policy DROP',
    doc: 'Drop what no rule accepts. Accept your SSH session and established traffic first, or you lock yourself out.',
    body: '-P ${1|INPUT,FORWARD,OUTPUT|} DROP',
  },
  {
    label: 'log and drop (rate-limited)',
    doc: 'Log at most 5 packets a minute, then drop: LOG alone lets the packet continue.',
    body: '-A ${1:INPUT} -m limit --limit 5/min -j LOG --log-prefix "${2:iptables-drop: }"\n-A ${1:INPUT} -j DROP',
  },
  {
    label: 'port forward (DNAT)',
    doc: 'Forward a public port to an inside host; FORWARD must accept the connection and its replies.',
    body: '-A PREROUTING -i ${1:eth0} -p tcp --dport ${2:8080} -j DNAT --to-destination ${3:192.0.2.10}:${4:80}',
    table: 'nat',
  },
  {
    label: 'masquerade outgoing traffic',
    doc: 'Source NAT to the address of the outgoing interface, for a router with a dynamic address.',
    body: '-A POSTROUTING -o ${1:eth0} -j MASQUERADE',
    table: 'nat',
  },
];

/**
 * Rule snippets where a new command starts: in a shell script when the word being typed is the start
 * of `iptables`/`ip6tables`; in a restore file at the start of a rule line.
 */
export function ruleSnippets(lines: readonly string[], position: Position, language: LanguageId, snippetSupport: boolean, at: CommandAtCursor | undefined): CompletionItem[] {
  const line = lines[position.line] ?? '';
  const typed = /(\S*)$/.exec(line.slice(0, position.character))?.[1] ?? '';
  const wordStart = position.character - typed.length;
  const startsCommand = line.slice(0, wordStart).trim() === '';
  if (!startsCommand) return [];
  const range = { start: { line: position.line, character: wordStart }, end: position };
  if (language === 'shellscript') {
    if (at || typed.length === 0) return [];
    const program = 'ip6tables'.startsWith(typed) && typed.startsWith('ip6') ? 'ip6tables' : 'iptables';
    if (!program.startsWith(typed)) return [];
    return RULES.map((r, i) => {
      const commands = r.body.split('\n').map((rule) => `${program}${r.table ? ` -t ${r.table}` : ''} ${rule}`);
      return snippetItem(`${program}: ${r.label}`, r.doc, commands.join(`\n${/^\s*/.exec(line)?.[0] ?? ''}`), range, snippetSupport, i);
    });
  }
  if (at && at.args.length > 1) return [];
  if (typed !== '' && !typed.startsWith('-')) return [];
  const table = tableAbove(lines, position.line);
  return RULES.filter((r) => (r.table ?? 'filter') === table).map((r, i) => snippetItem(r.label, r.doc, r.body, range, snippetSupport, i));
}

function tableAbove(lines: readonly string[], line: number): string {
  for (let l = line - 1; l >= 0; l--) {
    const m = /^\s*\*(\w+)/.exec(lines[l]);
    if (m) return m[1];
  }
  return 'filter';
}

function snippetItem(label: string, doc: string, body: string, range: { start: Position; end: Position }, snippetSupport: boolean, order: number): CompletionItem {
  const text = snippetSupport ? body : plainText(body);
  return {
    label,
    kind: CompletionItemKind.Snippet,
    detail: plainText(body),
    documentation: { kind: MarkupKind.Markdown, value: doc },
    insertTextFormat: snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: text },
    filterText: body.startsWith('-') ? `${body.split(' ')[0]} ${label}` : label,
    sortText: `z${String(order).padStart(2, '0')}`,
  };
}

/** A snippet with its placeholders filled with their defaults, for clients without snippets. */
export function plainText(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}
