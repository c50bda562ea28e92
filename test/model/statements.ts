/**
 * Test-only: turn short iptables command lines into Statements (one command per line), so the model
 * and the analysis can be tested on their own. It reads the handful of forms the tests use; the real
 * parser lives in server/src/iptables.
 */
import type { Range } from '../../server/src/core/range';
import type { CommandOp, Family, IptCommand, Located, MatchModule, Negatable, OptionValue, Rule, TableName } from '../../server/src/iptables/rule';
import type { Statement } from '../../server/src/model/statement';
import { addressTraitsOf } from '../../server/src/iptables/addresses';

const OPS: Record<string, CommandOp> = {
  '-A': 'append', '-I': 'insert', '-D': 'delete', '-R': 'replace', '-C': 'check', '-F': 'flush', '-Z': 'zero',
  '-N': 'new-chain', '-X': 'delete-chain', '-P': 'policy', '-E': 'rename-chain', '-L': 'list', '-S': 'list-rules',
};
const TWO_VALUE_OPTIONS = new Set(['--tcp-flags']);

interface Token { text: string; range: Range }

function tokenize(text: string, line: number): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: m[0], range: { start: { line, character: m.index }, end: { line, character: m.index + m[0].length } } });
  }
  return out;
}

function located<T>(value: T, token: Token, known = true): Located<T> {
  return { value, range: token.range, known: known && !token.text.startsWith('$') };
}

/** One command line, e.g. `iptables -A INPUT -p tcp --dport 22 -j ACCEPT`, written on document line `line`. */
export function command(text: string, line = 0, column = 0): IptCommand {
  const tokens = tokenize(' '.repeat(column) + text, line);
  const program = tokens.shift()!;
  const family: Family = program.text.startsWith('ip6tables') ? 'ipv6' : 'ipv4';
  const whole: Range = { start: program.range.start, end: tokens.length ? tokens[tokens.length - 1].range.end : program.range.end };
  let table: TableName = 'filter';
  let tableRange: Range | undefined;
  let op: CommandOp = 'list';
  let opRange = program.range;
  let chain: Located<string> | undefined;
  let ruleNum: Located<number> | undefined;
  let policy: Located<string> | undefined;
  let newName: Located<string> | undefined;
  const rule: Rule = { family, table, chain: '', matches: [], range: whole, addressTraits: 0 };
  let hasRuleParts = false;
  let current: { options: OptionValue[] } | undefined;
  let negate: Token | undefined;
  const neg = <T>(value: T, token: Token): Negatable<T> => {
    const r = { value, range: token.range, known: !token.text.startsWith('$'), negated: negate !== undefined };
    negate = undefined;
    return r;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = () => tokens[++i];
    if (t.text === '!') { negate = t; continue; }
    if (t.text === '-t') { const v = next(); table = v.text as TableName; tableRange = { start: t.range.start, end: v.range.end }; continue; }
    if (OPS[t.text]) {
      op = OPS[t.text];
      opRange = t.range;
      const c = tokens[i + 1];
      if (c && !c.text.startsWith('-')) { chain = located(next().text, c); }
      const n = tokens[i + 1];
      if (n && op === 'policy') { policy = located(next().text, n); }
      else if (n && op === 'rename-chain') { newName = located(next().text, n); }
      else if (n && /^\d+$/.test(n.text)) { ruleNum = located(Number(next().text), n); }
      continue;
    }
    hasRuleParts = true;
    switch (t.text) {
      case '-p': { const v = next(); rule.protocol = neg(v.text, v); current = undefined; continue; }
      case '-s': { const v = next(); rule.source = neg(v.text, v); continue; }
      case '-d': { const v = next(); rule.destination = neg(v.text, v); continue; }
      case '-i': { const v = next(); rule.inInterface = neg(v.text, v); continue; }
      case '-o': { const v = next(); rule.outInterface = neg(v.text, v); continue; }
      case '-f': rule.fragment = neg(true as const, t); continue;
      case '-m': {
        const v = next();
        const m: MatchModule = { name: v.text, implicit: false, range: { start: t.range.start, end: v.range.end }, options: [] };
        rule.matches.push(m);
        current = m;
        continue;
      }
      case '-j': case '-g': {
        const v = next();
        rule.target = { name: v.text, kind: t.text === '-j' ? 'jump' : 'goto', range: v.range, options: [] };
        current = rule.target;
        continue;
      }
    }
    if (t.text.startsWith('--')) {
      if (!current) {
        const m: MatchModule = { name: rule.protocol?.value ?? 'tcp', implicit: true, range: t.range, options: [] };
        rule.matches.push(m);
        current = m;
      }
      const count = TWO_VALUE_OPTIONS.has(t.text) ? 2 : 1;
      const values: Located<string>[] = [];
      for (let k = 0; k < count && i + 1 < tokens.length && !tokens[i + 1].text.startsWith('-'); k++) {
        const v = next();
        values.push(located(v.text, v));
      }
      const start = negate ? negate.range.start : t.range.start;
      current.options.push({ name: t.text, negated: negate !== undefined, values, range: { start, end: values.length ? values[values.length - 1].range.end : t.range.end } });
      negate = undefined;
      continue;
    }
    throw new Error(`test helper cannot read "${t.text}" in: ${text}`);
  }
  rule.table = table;
  rule.chain = chain?.value ?? '';
  const withRule = op === 'append' || op === 'insert' || op === 'replace' || op === 'check' || (op === 'delete' && hasRuleParts);
  // As the parser does: the traits of -s and -d, read while they are at hand.
  rule.addressTraits = addressTraitsOf(rule.source, family) | addressTraitsOf(rule.destination, family);
  return { op, family, table, tableRange, opRange, chain, ruleNum, rule: withRule ? rule : undefined, policy, newName, range: whole };
}

export interface ScriptOptions {
  /** Lines (0-based) whose commands run under an `if`. */
  conditionalLines?: number[];
  /** Lines of an iptables-restore file (no shell invocation behind them). */
  restore?: boolean;
}

/** A script of command lines (blank lines and `#` comments keep their line numbers) as Statements. */
export function statements(script: string, options: ScriptOptions = {}): Statement[] {
  const out: Statement[] = [];
  script.split('\n').forEach((text, line) => {
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const column = text.length - text.trimStart().length;
    const cmd = command(trimmed, line, column);
    const conditional = options.conditionalLines?.includes(line) ?? false;
    // A shell command keeps its program's range (here the line's); a restore line has none.
    const programRange = options.restore ? undefined : cmd.range;
    out.push({ command: cmd, programRange, conditional, origins: [], index: out.length });
  });
  return out;
}
