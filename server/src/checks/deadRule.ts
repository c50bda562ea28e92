import type { Fix, RelatedInfo } from '../core/finding';
import { factsOf } from '../analysis/context';
import { lineAt, lineOf, originNote, sourceLine } from '../analysis/describe';
import type { DeadRule } from '../analysis/shadow';
import type { Analysis } from '../engine/analysis';
import { isRestoreStatement } from '../model/build';
import type { RuleEntry } from '../model/ruleset';
import type { CheckContext } from './check';

/** IPT301 (overruled) and IPT302 (redundant) share the dead-rule analysis; each reports its half. */
export function reportDeadRules(ctx: CheckContext, redundant: boolean): void {
  const { analysis } = ctx;
  const seen = new Set<string>();
  for (const dead of factsOf(analysis.ruleset).deadRules().values()) {
    if (dead.sameVerdict !== redundant) continue;
    const range = dead.entry.rule.range;
    const message = redundant ? redundantMessage(analysis, dead) : deadMessage(analysis, dead);
    // A loop can put several rules on one line: one finding per distinct message is enough.
    const key = `${range.start.line}:${range.start.character}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.report({
      message,
      range,
      related: dead.blockers.map((b): RelatedInfo => ({ range: b.rule.range, message: `${actionWords(b)} these packets first` })),
      unnecessary: true,
      fixes: redundant ? removeFix(analysis, dead) : moveAboveFix(analysis, dead),
      severity: dead.entry.conditional ? 'hint' : undefined,
    });
  }
}

function actionWords(entry: RuleEntry): string {
  const target = entry.rule.target;
  switch (target?.name) {
    case 'ACCEPT':
      return 'accepts';
    case 'DROP':
      return 'drops';
    case 'REJECT':
      return 'rejects';
    case 'RETURN':
      return 'returns';
    default:
      return target ? `${target.kind === 'goto' ? 'goes to' : 'sends to'} ${target.name}` : 'decides';
  }
}

function blockerList(analysis: Analysis, dead: DeadRule): string {
  const items = dead.blockers.map((b) => `${lineOf(b.statement.command.range)} (\`${sourceLine(analysis.text, b.statement.command.range)}\`)`);
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function deadMessage(analysis: Analysis, dead: DeadRule): string {
  const single = dead.blockers.length === 1;
  const what = dead.entry.rule.target ? `its \`-j ${dead.entry.rule.target.name}\` never happens` : 'it never counts anything';
  // The named rules are the ones with another verdict; earlier exceptions (lo, ESTABLISHED) may decide a few packets too.
  const verb = single ? actionWords(dead.blockers[0]) : 'decide';
  return `This rule can never match${originNote(dead.entry)}: earlier rules decide every packet it would match — ${blockerList(analysis, dead)} ${verb} them first — so ${what}. Move it above ${single ? 'that rule' : 'them'} or narrow ${single ? 'that rule' : 'them'}.`;
}

function redundantMessage(analysis: Analysis, dead: DeadRule): string {
  const verdict = dead.entry.rule.target?.name ?? '';
  return `This rule is redundant${originNote(dead.entry)}: ${blockerList(analysis, dead)} already ${dead.blockers.length === 1 ? 'gives' : 'give'} every packet it matches the same verdict (${verdict}). It can be removed without changing what the firewall does.`;
}

/**
 * Put the dead rule before the rules that decide its packets: in a shell script `-A` becomes `-I`
 * (first in the chain); in a restore file the line moves above the first blocker. Unsafe: it
 * changes which packets the rule and the ones it now precedes decide.
 */
function moveAboveFix(analysis: Analysis, dead: DeadRule): Fix[] {
  const statement = dead.entry.statement;
  const command = statement.command;
  if (statement.conditional || statement.origins.length > 0 || dead.blockers.length === 0) return [];
  if (isRestoreStatement(statement)) {
    const first = dead.blockers.map((b) => b.statement.command.range).sort((a, b) => a.start.line - b.start.line)[0];
    const line = command.range.start.line;
    if (command.range.end.line !== line || first.start.line >= line || !dead.blockers.every((b) => isRestoreStatement(b.statement))) return [];
    const text = lineAt(analysis.text, line);
    return [
      {
        title: `Move this rule above ${lineOf(first)}`,
        edits: [
          { range: { start: { line: first.start.line, character: 0 }, end: { line: first.start.line, character: 0 } }, newText: `${text}\n` },
          { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' },
        ],
        safe: false,
      },
    ];
  }
  if (command.op !== 'append') return [];
  const written = sourceLine(analysis.text, command.opRange);
  const replacement = written === '--append' ? '--insert' : written === '-A' ? '-I' : undefined;
  if (!replacement) return [];
  return [{ title: `Insert this rule first in ${command.chain?.value ?? 'the chain'} (-A → -I)`, edits: [{ range: command.opRange, newText: replacement }], safe: false }];
}

/**
 * Delete a redundant rule's line. Offered, not applied by "fix all": the rule changes nothing today,
 * but it would start to matter if the rules that cover it were later narrowed or removed.
 */
function removeFix(analysis: Analysis, dead: DeadRule): Fix[] {
  const statement = dead.entry.statement;
  if (statement.conditional || statement.origins.length > 0) return [];
  const range = statement.command.range;
  const before = lineAt(analysis.text, range.start.line).slice(0, range.start.character);
  const after = lineAt(analysis.text, range.end.line).slice(range.end.character);
  // Only a command that has its lines to itself (a trailing comment goes with it).
  if (before.trim() !== '' || !/^\s*(#.*)?$/.test(after)) return [];
  return [
    {
      title: 'Remove this redundant rule',
      edits: [{ range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' }],
      safe: false,
    },
  ];
}
