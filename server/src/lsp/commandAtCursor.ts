import { comparePositions, type Position, type Range } from '../core/range';
import type { LanguageId } from '../engine/analysis';
import type { Family, TableName } from '../iptables/rule';

/** A word of the command around the cursor, quotes removed, with where it stands. */
export interface CommandWord {
  text: string;
  range: Range;
}

/**
 * The iptables command the cursor is in, read straight from the text. Completion and option hover
 * work on what the user is typing right now, which is usually not a valid command yet, so they cannot
 * wait for the engine's parse; this reads just one command (with its `\` continuation lines).
 */
export interface CommandAtCursor {
  family: Family;
  /** The arguments after the program name (a restore line: all its words). */
  args: CommandWord[];
  /** Index in `args` of the word the cursor is in or right after; `args.length` when it starts a new word. */
  cursorIndex: number;
  /** The part of the cursor's word before the cursor, and the range a completion replaces. */
  prefix: string;
  prefixRange: Range;
  /** From `-t`, or the `*table` section of a restore file; filter by default. */
  table: TableName;
  /** Restore text (a restore file, or the body of an `iptables-restore <<EOF` here-document). */
  restoreLine: boolean;
}

const TABLES: ReadonlySet<string> = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);
const PROGRAM = /(?:^|\/)(ip6?)tables(?:-legacy|-nft)?$/;
const PROGRAM_VARIABLE = /^\$\{?(IP6?T[A-Z0-9_]*)\}?$/i;

export function commandAtCursor(lines: readonly string[], position: Position, language: LanguageId): CommandAtCursor | undefined {
  const line = lines[position.line];
  if (line === undefined) return undefined;
  if (language === 'iptables') return restoreCommand(lines, position, true);

  // A shell line: one command (several, with `;`/`&&`/`|`) spread over `\` continuations.
  let first = position.line;
  while (first > 0 && endsWithContinuation(lines[first - 1])) first--;
  let last = position.line;
  while (last < lines.length - 1 && endsWithContinuation(lines[last])) last++;
  const words = splitWords(lines, first, last, position);
  if (!words) return undefined;
  const programIndex = words.findIndex((w) => PROGRAM.test(w.text) || PROGRAM_VARIABLE.test(w.text));
  if (programIndex < 0) {
    // Inside `iptables-restore <<EOF`: restore lines start with an option or a section/chain marker.
    const head = words[0]?.text ?? '';
    if (head.startsWith('-') && insideRestoreHereDocument(lines, position.line)) return restoreCommand(lines, position, false);
    return undefined;
  }
  const program = words[programIndex];
  if (comparePositions(position, program.range.end) <= 0) return undefined;
  const family: Family = /6/.test(program.text.replace(/^.*\//, '')) ? 'ipv6' : 'ipv4';
  const args = words.slice(programIndex + 1);
  return finish(args, position, family, tableOf(args) ?? 'filter', false);
}

function restoreCommand(lines: readonly string[], position: Position, wholeFile: boolean): CommandAtCursor | undefined {
  const line = lines[position.line];
  if (/^\s*[#*:]/.test(line) || /^\s*COMMIT\b/.test(line)) return undefined;
  const args = splitWords(lines, position.line, position.line, position) ?? [];
  let table: TableName = 'filter';
  for (let l = position.line - 1; l >= 0; l--) {
    const m = /^\s*\*(\w+)/.exec(lines[l]);
    if (m && TABLES.has(m[1])) {
      table = m[1] as TableName;
      break;
    }
    if (!wholeFile && lines[l].includes('<<')) break;
  }
  return finish(args, position, 'ipv4', table, true);
}

function finish(args: CommandWord[], position: Position, family: Family, table: TableName, restoreLine: boolean): CommandAtCursor {
  let cursorIndex = args.length;
  let prefix = '';
  let prefixRange: Range = { start: position, end: position };
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (comparePositions(w.range.start, position) <= 0 && comparePositions(position, w.range.end) <= 0) {
      cursorIndex = i;
      // Only a word on the cursor's line can be cut at the cursor.
      if (w.range.start.line === position.line) {
        prefix = w.text.slice(0, position.character - w.range.start.character);
        prefixRange = { start: w.range.start, end: position };
      }
      break;
    }
    if (comparePositions(w.range.start, position) > 0) {
      cursorIndex = i;
      break;
    }
  }
  return { family, args, cursorIndex, prefix, prefixRange, table, restoreLine };
}

function tableOf(args: CommandWord[]): TableName | undefined {
  for (let i = 0; i < args.length - 1; i++) {
    const a = args[i].text;
    if (a === '-t' || a === '--table') return TABLES.has(args[i + 1].text) ? (args[i + 1].text as TableName) : undefined;
  }
  return undefined;
}

function endsWithContinuation(line: string | undefined): boolean {
  return line !== undefined && /(^|[^\\])(\\\\)*\\$/.test(line);
}

function insideRestoreHereDocument(lines: readonly string[], lineNo: number): boolean {
  for (let l = lineNo - 1; l >= 0; l--) {
    if (/ip6?tables-restore\b[^#]*<</.test(lines[l])) return true;
    if (/^\s*(EOF|END|RULES)\s*$/.test(lines[l])) return false;
  }
  return false;
}

interface ShellCommandWords {
  words: CommandWord[];
  /** Where the command begins: the start of the first line, or the end of the separator before it. */
  begins: Position;
}

/**
 * Words of the lines first..last (a continued command), split into commands at `;`, `&&`, `||`, `|`,
 * `&`, stopping at a `#` comment. Quotes are removed; `$VAR` stays as written. The cursor's command is
 * the last one that begins before it.
 */
function splitWords(lines: readonly string[], first: number, last: number, cursor: Position): CommandWord[] | undefined {
  const commands: ShellCommandWords[] = [{ words: [], begins: { line: first, character: 0 } }];
  for (let l = first; l <= last; l++) {
    const text = lines[l];
    const end = l < last && endsWithContinuation(text) ? text.length - 1 : text.length;
    let i = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c === 35 /* # */) {
        // Typing in a comment is not typing a command.
        if (l === cursor.line && cursor.character > i) return undefined;
        break;
      }
      if (c === 59 /* ; */ || c === 38 /* & */ || c === 124 /* | */) {
        while (i < end && (text[i] === ';' || text[i] === '&' || text[i] === '|')) i++;
        commands.push({ words: [], begins: { line: l, character: i } });
        continue;
      }
      const start = i;
      let value = '';
      while (i < end) {
        const ch = text[i];
        if (ch === ' ' || ch === '\t' || ch === ';' || ch === '&' || ch === '|') break;
        if (ch === "'" || ch === '"') {
          const close = text.indexOf(ch, i + 1);
          value += text.slice(i + 1, close < 0 ? end : close);
          i = close < 0 ? end : close + 1;
          continue;
        }
        if (ch === '\\' && i + 1 < end) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      commands[commands.length - 1].words.push({ text: value, range: { start: { line: l, character: start }, end: { line: l, character: i } } });
    }
  }
  let owner: ShellCommandWords | undefined;
  for (const cmd of commands) if (comparePositions(cmd.begins, cursor) <= 0) owner = cmd;
  return owner?.words;
}
