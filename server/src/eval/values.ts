/**
 * What the evaluator knows about a shell value: a constant, or a symbolic stand-in for something only
 * the running script would know. Plus the small pure helpers over values: brace expansion, integer
 * arithmetic and `case` pattern matching.
 */

export interface Value {
  /** The constant text, or a readable stand-in (`$1`, `$(hostname -I)`) when `known` is false. */
  text: string;
  known: boolean;
  /** Arrays (`a=(x y)`): the elements; `text` is then element 0. */
  elements?: Value[];
  /**
   * An unknown value that is one of these constants (a variable set differently in `if` branches,
   * `$(which iptables)`): enough to recognise the program it names, never used as an argument.
   */
  candidates?: string[];
}

export function known(text: string): Value {
  return { text, known: true };
}

export function unknown(standIn: string, candidates?: string[]): Value {
  return candidates && candidates.length > 0 ? { text: standIn, known: false, candidates } : { text: standIn, known: false };
}

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || !a.known || !b.known || a.text !== b.text) return false;
  const ea = a.elements;
  const eb = b.elements;
  if (!ea || !eb) return !ea && !eb;
  return ea.length === eb.length && ea.every((e, i) => sameValue(e, eb[i]));
}

/** The constants a value may be (itself when known). */
export function possibleTexts(v: Value | undefined): string[] | undefined {
  if (!v) return undefined;
  if (v.known) return [v.text];
  return v.candidates;
}

// ── Brace expansion (bash) ───────────────────────────────────────────────────────────────────────

const MAX_BRACE_RESULTS = 10_000;
/** Longer words are left alone: each brace group costs a level of recursion. */
const MAX_BRACE_WORD = 2_000;

/**
 * bash brace expansion of an unquoted literal word: `{80,443}`, `port{1..3}`, `{a..c}`, nested.
 * Returns undefined when the word has none (or would expand to an absurd number of words).
 */
export function expandBraces(word: string): string[] | undefined {
  if (word.length > MAX_BRACE_WORD) return undefined;
  const open = findBraceGroup(word);
  if (!open) return undefined;
  const { start, end, alternatives } = open;
  const prefix = word.slice(0, start);
  const suffixes = expandBraces(word.slice(end + 1)) ?? [word.slice(end + 1)];
  const out: string[] = [];
  for (const alternative of alternatives) {
    for (const inner of expandBraces(alternative) ?? [alternative]) {
      for (const suffix of suffixes) {
        out.push(prefix + inner + suffix);
        if (out.length > MAX_BRACE_RESULTS) return undefined;
      }
    }
  }
  return out;
}

/** The first `{…}` that is a real brace expansion: a top-level comma, or a `a..b[..step]` sequence. */
function findBraceGroup(word: string): { start: number; end: number; alternatives: string[] } | undefined {
  for (let start = word.indexOf('{'); start >= 0; start = word.indexOf('{', start + 1)) {
    let depth = 0;
    const commas: number[] = [];
    let end = -1;
    for (let i = start; i < word.length; i++) {
      const c = word[i];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = i;
        break;
      } else if (c === ',' && depth === 1) commas.push(i);
    }
    if (end < 0) return undefined;
    const body = word.slice(start + 1, end);
    if (commas.length > 0) {
      const alternatives: string[] = [];
      let from = start + 1;
      for (const comma of commas) {
        alternatives.push(word.slice(from, comma));
        from = comma + 1;
      }
      alternatives.push(word.slice(from, end));
      return { start, end, alternatives };
    }
    const sequence = braceSequence(body);
    if (sequence) return { start, end, alternatives: sequence };
  }
  return undefined;
}

function braceSequence(body: string): string[] | undefined {
  const m = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (!m) return undefined;
  const numeric = /\d/.test(m[1]);
  if (numeric !== /\d/.test(m[2])) return undefined;
  const from = numeric ? Number(m[1]) : m[1].charCodeAt(0);
  const to = numeric ? Number(m[2]) : m[2].charCodeAt(0);
  const step = Math.abs(Number(m[3] ?? 1)) || 1;
  if (Math.abs(to - from) / step > MAX_BRACE_RESULTS) return undefined;
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) out.push(numeric ? String(v) : String.fromCharCode(v));
  return out;
}

// ── Arithmetic ───────────────────────────────────────────────────────────────────────────────────

/**
 * `$(( … ))` over integers with `+ - * / % ( )`, comparisons and variables. Returns undefined when a
 * variable is unknown or the expression is beyond this small grammar: the caller keeps it symbolic.
 */
// Sticky: they match at `lastIndex` only, so a long expression is scanned once, never re-sliced.
const OPERAND = /0x[0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\}/y;
const COMPARISON = /<=|>=|==|!=|<|>/y;

export function evaluateArithmetic(expression: string, lookup: (name: string) => Value | undefined): number | undefined {
  let pos = 0;
  const s = expression;
  const skip = () => {
    while (pos < s.length && (s[pos] === ' ' || s[pos] === '\t' || s[pos] === '\n')) pos++;
  };
  let failed = false;
  const fail = (): number => {
    failed = true;
    return 0;
  };
  let depth = 0;
  const primary = (): number => {
    skip();
    const c = s[pos];
    if ((c === '(' || c === '-' || c === '+') && depth > 100) return fail(); // nesting beyond any real script
    if (c === '(') {
      pos++;
      depth++;
      const v = comparison();
      depth--;
      skip();
      if (s[pos] !== ')') return fail();
      pos++;
      return v;
    }
    if (c === '-' || c === '+') {
      pos++;
      depth++;
      const v = primary();
      depth--;
      return c === '-' ? -v : v;
    }
    if (c === '$') pos++;
    OPERAND.lastIndex = pos;
    const m = OPERAND.exec(s);
    if (!m) return fail();
    pos += m[0].length;
    const token = m[0];
    if (/^[0-9]/.test(token)) return token.startsWith('0x') ? parseInt(token, 16) : parseInt(token, token.length > 1 && token[0] === '0' ? 8 : 10);
    const name = token.startsWith('{') ? token.slice(1, -1) : token;
    const v = lookup(name);
    // Unset is 0 to the shell, but the variable may come from the environment: not a constant.
    if (v === undefined) return fail();
    if (!v.known || !/^\s*-?[0-9]+\s*$/.test(v.text)) return fail();
    return parseInt(v.text, 10);
  };
  const product = (): number => {
    let v = primary();
    for (;;) {
      skip();
      const c = s[pos];
      if (c !== '*' && c !== '/' && c !== '%') return v;
      pos++;
      const r = primary();
      if (c === '*') v = Math.imul(v, r);
      else if (r === 0) return fail();
      else v = c === '/' ? Math.trunc(v / r) : v % r;
    }
  };
  const sum = (): number => {
    let v = product();
    for (;;) {
      skip();
      const c = s[pos];
      if ((c !== '+' && c !== '-') || s[pos + 1] === c) return v;
      pos++;
      const r = product();
      v = c === '+' ? v + r : v - r;
    }
  };
  const comparison = (): number => {
    const v = sum();
    skip();
    COMPARISON.lastIndex = pos;
    const op = COMPARISON.exec(s)?.[0];
    if (!op) return v;
    pos += op.length;
    const r = sum();
    const result = op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : op === '!=' ? v !== r : op === '<' ? v < r : v > r;
    return result ? 1 : 0;
  };
  const value = comparison();
  skip();
  if (failed || pos !== s.length || !Number.isFinite(value)) return undefined;
  return value;
}

/** Names an arithmetic expression assigns (`i++`, `n += 2`, `x = 5`): their values become unknown. */
export function arithmeticAssignedNames(expression: string): string[] {
  const names: string[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)\s*(\+\+|--|[-+*/%&|^]?=(?!=))|(\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(expression); m; m = re.exec(expression)) names.push(m[1] ?? m[4]);
  return names;
}

// ── case patterns ────────────────────────────────────────────────────────────────────────────────

/**
 * Glob match as `case` does: `*`, `?`, `[…]` (with `!`/`^` negation and ranges), `\x` for a literal.
 * Iterative with one backtrack point, so it is linear in practice.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length) {
      const c = pattern[p];
      if (c === '*') {
        starP = ++p;
        starT = t;
        continue;
      }
      if (c === '?') {
        p++;
        t++;
        continue;
      }
      if (c === '[') {
        const cls = matchClass(pattern, p, text[t]);
        if (cls.end > 0) {
          if (cls.matched) {
            p = cls.end;
            t++;
            continue;
          }
        } else if (text[t] === '[') {
          p++;
          t++;
          continue;
        }
      } else {
        let literal = c;
        let width = 1;
        if (c === '\\' && p + 1 < pattern.length) {
          literal = pattern[p + 1];
          width = 2;
        }
        if (literal === text[t]) {
          p += width;
          t++;
          continue;
        }
      }
    }
    if (starP < 0) return false;
    p = starP;
    t = ++starT;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function matchClass(pattern: string, open: number, ch: string): { matched: boolean; end: number } {
  let i = open + 1;
  let negate = false;
  if (pattern[i] === '!' || pattern[i] === '^') {
    negate = true;
    i++;
  }
  let matched = false;
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false;
    const lo = pattern[i];
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      if (ch >= lo && ch <= pattern[i + 2]) matched = true;
      i += 3;
    } else {
      if (ch === lo) matched = true;
      i++;
    }
  }
  if (i >= pattern.length) return { matched: false, end: -1 };
  return { matched: matched !== negate, end: i + 1 };
}
