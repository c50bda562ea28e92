import type { Fix, RelatedInfo, TextEdit } from '../core/finding';
import type { Range } from '../core/range';
import { factsOf } from '../analysis/context';
import { describeMatch, lineAt, lineOf, lineStart, originNote, sourceLine } from '../analysis/describe';
import { type ConnectionDirection, type DeadReplies, findDeadReplies } from '../analysis/replies';
import type { Decider } from '../analysis/walk';
import type { Analysis } from '../engine/analysis';
import { isRestoreStatement } from '../model/build';
import type { ChainState, RuleEntry } from '../model/ruleset';
import type { Statement } from '../model/statement';
import type { CheckContext } from './check';

const ESTABLISHED_MATCH = '-m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT';

/** IPT201 and IPT202: one finding per accepting rule whose replies cannot get back. */
export function reportDeadReplies(ctx: CheckContext, directions: ConnectionDirection[]): void {
  const { analysis } = ctx;
  const facts = factsOf(analysis.ruleset);
  for (const dead of findDeadReplies(analysis.ruleset, facts, directions)) {
    const program = dead.table.family === 'ipv6' ? 'ip6tables' : 'iptables';
    const reply = dead.replyChain.name;
    const what = describeMatch(dead.entry.rule);
    const origin = originNote(dead.entry);
    const opening =
      dead.direction === 'incoming'
        ? `Incoming ${what} is accepted here${origin}, but the replies leave through ${reply}`
        : dead.direction === 'outgoing'
          ? `Outgoing ${what} is accepted here${origin}, but the replies come back in through ${reply}`
          : `Forwarded ${what} is accepted here${origin}, but the replies come back through ${reply}`;
    const verb = dead.direction === 'incoming' ? 'out' : dead.direction === 'outgoing' ? 'in' : 'back';
    const swapped = dead.swappedPorts.map((e) => swappedNote(analysis, e)).join(' ');
    const message =
      `${opening}, ${dropWords(analysis, dead.dropper)}, and no ${reply} rule accepts them.` +
      (swapped ? ` ${swapped}` : '') +
      ` Allow established traffic ${verb}: \`${program} -A ${reply} ${ESTABLISHED_MATCH}\`.`;
    ctx.report({
      message,
      range: dead.entry.rule.range,
      related: relatedInfo(dead),
      fixes: fixesFor(analysis, dead),
      // A rule that may not be added gives no certainty: a hint at most.
      severity: dead.entry.conditional ? 'hint' : undefined,
    });
  }
}

function dropWords(analysis: Analysis, decider: Decider): string {
  if (decider.kind === 'policy') {
    const where = decider.chain.policyRange ? ` (${lineOf(decider.chain.policyRange)})` : '';
    return `whose policy is DROP${where}`;
  }
  const text = sourceLine(analysis.text, decider.entry.statement.command.range);
  const inChain = decider.chain.builtin ? '' : ` in chain ${decider.chain.name}`;
  const verb = decider.entry.rule.target?.name === 'REJECT' ? 'rejects' : 'drops';
  return `where ${lineOf(decider.entry.statement.command.range)}${inChain} (\`${text}\`) ${verb} them`;
}

function swappedNote(analysis: Analysis, entry: RuleEntry): string {
  const text = sourceLine(analysis.text, entry.statement.command.range);
  return `If ${lineOf(entry.statement.command.range)} (\`${text}\`) was meant for these replies, it needs \`--sport\`, not \`--dport\`: replies come *from* the service port.`;
}

function relatedInfo(dead: DeadReplies): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (const decider of [dead.dropper, ...dead.fate.droppedBy.filter((d) => d !== dead.dropper)].slice(0, 5)) {
    if (decider.kind === 'policy') {
      if (decider.chain.policyRange) out.push({ range: decider.chain.policyRange, message: `${decider.chain.name} policy DROP: the replies end here` });
    } else {
      out.push({ range: decider.entry.rule.range, message: `this rule ${decider.entry.rule.target?.name === 'REJECT' ? 'rejects' : 'drops'} the replies first` });
    }
  }
  for (const e of dead.swappedPorts) out.push({ range: e.rule.range, message: 'matches --dport where the replies need --sport' });
  return out;
}

function fixesFor(analysis: Analysis, dead: DeadReplies): Fix[] {
  const fixes: Fix[] = [];
  const insert = establishedInsertion(analysis, dead.replyChain, dead.table.family);
  if (insert) {
    fixes.push({ title: `Accept established and related traffic in ${dead.replyChain.name}`, edits: [insert], preferred: true, safe: true });
  }
  for (const entry of dead.swappedPorts) {
    const edits = swapPortEdits(analysis, entry);
    if (edits.length) fixes.push({ title: `Match the replies' source port in ${lineOf(entry.statement.command.range)} (--dport → --sport)`, edits, safe: false });
  }
  return fixes;
}

/**
 * Where to add the ESTABLISHED,RELATED accept so that it ends up first in the reply chain:
 * - restore text: a `-A CHAIN …` line before the chain's first rule in its table section (or
 *   before that section's COMMIT when the chain has no rules);
 * - shell: `iptables -I CHAIN 1 …` after the last command that changes the chain, when that command
 *   runs once and unconditionally (inside a loop or an `if`, the insertion would not be sure to hold).
 */
function establishedInsertion(analysis: Analysis, chain: ChainState, family: 'ipv4' | 'ipv6'): TextEdit | undefined {
  const touching = analysis.statements.filter(
    (s) => s.command.family === family && s.command.table === 'filter' && (s.command.chain?.value === chain.name || (s.command.op === 'flush' && !s.command.chain)),
  );
  const last = touching[touching.length - 1];
  if (!last) return undefined;
  if (isRestoreStatement(last)) {
    const first = chain.rules.find((r) => isRestoreStatement(r.statement))?.statement;
    if (first) return insertLineBefore(analysis, first.command.range, `-A ${chain.name} ${ESTABLISHED_MATCH}`);
    const commit = commitAfter(analysis, last.command.range.start.line);
    return commit === undefined ? undefined : insertLineBefore(analysis, commit, `-A ${chain.name} ${ESTABLISHED_MATCH}`);
  }
  if (last.conditional || last.origins.length > 0 || !last.programRange) return undefined;
  const program = programText(analysis, last, last.programRange);
  return insertLineAfter(analysis, last.command.range, `${program} -I ${chain.name} 1 ${ESTABLISHED_MATCH}`);
}

function programText(analysis: Analysis, statement: Statement, programRange: Range): string {
  const text = sourceLine(analysis.text, programRange);
  return text || (statement.command.family === 'ipv6' ? 'ip6tables' : 'iptables');
}

function lineText(analysis: Analysis, line: number): string {
  return lineAt(analysis.text, line);
}

function indentOf(analysis: Analysis, line: number): string {
  return /^[ \t]*/.exec(lineText(analysis, line))![0];
}

function insertLineBefore(analysis: Analysis, range: Range, text: string): TextEdit {
  const at = { line: range.start.line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indentOf(analysis, range.start.line)}${text}\n` };
}

function insertLineAfter(analysis: Analysis, range: Range, text: string): TextEdit {
  const line = range.end.line;
  const content = lineText(analysis, line);
  const at = { line, character: content.length };
  return { range: { start: at, end: at }, newText: `\n${indentOf(analysis, range.start.line)}${text}` };
}

/** The range of the first `COMMIT` line after `line` (restore text). */
function commitAfter(analysis: Analysis, line: number): Range | undefined {
  const text = analysis.text;
  let start = lineStart(text, line);
  for (let i = line; start >= 0; i++) {
    const next = text.indexOf('\n', start);
    const content = text.slice(start, next < 0 ? undefined : next);
    if (/^\s*COMMIT\b/.test(content)) return { start: { line: i, character: 0 }, end: { line: i, character: content.length } };
    if (next < 0) break;
    start = next + 1;
  }
  return undefined;
}

/** Rename `--dport`/`--dports` (as written, aliases too) to the source-port option in one rule. */
function swapPortEdits(analysis: Analysis, entry: RuleEntry): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const m of entry.rule.matches) {
    for (const o of m.options) {
      if (o.name !== '--dport' && o.name !== '--dports') continue;
      if (o.range.start.line !== o.range.end.line) continue;
      const text = lineText(analysis, o.range.start.line).slice(o.range.start.character, o.range.end.character);
      const found = /--(destination-ports?|dports?)\b/.exec(text);
      if (!found) continue;
      const start = { line: o.range.start.line, character: o.range.start.character + found.index };
      const end = { line: start.line, character: start.character + found[0].length };
      const replacement = found[1].startsWith('destination') ? found[1].replace('destination', 'source') : found[1].replace('d', 's');
      edits.push({ range: { start, end }, newText: `--${replacement}` });
    }
  }
  return edits;
}
