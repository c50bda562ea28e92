import { strict as assert } from 'node:assert';
import type {
  AndOrList,
  CaseCommand,
  Command,
  ForCommand,
  FunctionDefinition,
  IfCommand,
  ParamPart,
  Pipeline,
  SimpleCommand,
  Span,
  WhileCommand,
  Word,
} from '../../server/src/shell/ast';
import { parseShell, readShell } from '../../server/src/shell/parser';

/** `[line, startChar, endLine, endChar]` of a node, via the script's line index. */
function at(text: string, span: Span): [number, number, number, number] {
  const { script } = parseShell(text);
  const r = script.lines.range(span.start, span.end);
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

/** Parse text that has no syntax error (CRLF line ends, reported on their own, are allowed). */
function parseOk(text: string): Command[] {
  const { script, problems } = parseShell(text);
  const crlf = text.includes('\r\n') ? ['CRLF'] : [];
  assert.deepEqual(problems.map((p) => (p.message.includes('(CRLF)') ? 'CRLF' : p.message)), crlf, 'unexpected syntax problems');
  return script.body;
}

function simple(command: Command | undefined): SimpleCommand {
  assert.ok(command && command.kind === 'simple', `expected a simple command, got ${command?.kind}`);
  return command;
}

function wordTexts(text: string, words: Word[]): string[] {
  return words.map((w) => text.slice(w.start, w.end));
}

describe('shell parser: words', () => {
  it('splits a command into words with exact ranges', () => {
    const text = 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT\n';
    const cmd = simple(parseOk(text)[0]);
    assert.deepEqual(wordTexts(text, cmd.words), ['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
    assert.deepEqual(cmd.words.map((w) => w.literal), ['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'ACCEPT']);
    assert.deepEqual(at(text, cmd.words[5]), [0, 25, 0, 32]);
    assert.deepEqual(at(text, cmd), [0, 0, 0, 45]);
  });

  it('removes every kind of quoting', () => {
    const text = `echo 'a b' "c d" $'e\\tf' g\\ h "" i"j"'k' "\\$x \\"q\\""\n`;
    const cmd = simple(parseOk(text)[0]);
    assert.deepEqual(cmd.words.map((w) => w.literal), ['echo', 'a b', 'c d', 'e\tf', 'g h', '', 'ijk', '$x "q"']);
    assert.deepEqual(wordTexts(text, cmd.words).slice(1, 4), [`'a b'`, `"c d"`, `$'e\\tf'`]);
  });

  it('parses parameter expansions with their operators', () => {
    const text = 'echo $WAN ${LAN} ${IF:-eth0} ${PORT:=22} ${#NAME} ${A[@]} $1 "$@" ${V#*/}\n';
    const cmd = simple(parseOk(text)[0]);
    const params = cmd.words.slice(1).map((w) => w.parts.find((p) => p.kind === 'param') as ParamPart);
    assert.deepEqual(
      params.map((p) => [p.name, p.operator ?? '', p.index ?? '', p.quoted]),
      [
        ['WAN', '', '', false],
        ['LAN', '', '', false],
        ['IF', ':-', '', false],
        ['PORT', ':=', '', false],
        ['NAME', 'length', '', false],
        ['A', '', '@', false],
        ['1', '', '', false],
        ['@', '', '', true],
        ['V', 'other', '', false],
      ],
    );
    assert.deepEqual(params[2].operand?.map((p) => (p.kind === 'literal' ? p.value : p.kind)), ['eth0']);
    assert.deepEqual(at(text, params[2]), [0, 17, 0, 28]);
  });

  it('parses command substitutions, backquotes and arithmetic', () => {
    const text = 'echo "$(hostname -I)" `date +%F` $((8000 + 1)) <(cat /etc/hosts)\n';
    const cmd = simple(parseOk(text)[0]);
    const parts = cmd.words.slice(1).map((w) => w.parts.find((p) => p.kind !== 'literal')!);
    assert.deepEqual(parts.map((p) => p.kind), ['command', 'command', 'arith', 'command']);
    const sub = parts[0];
    assert.ok(sub.kind === 'command');
    assert.equal(sub.quoted, true);
    assert.deepEqual(wordTexts(text, simple(sub.body[0]).words), ['hostname', '-I']);
    assert.deepEqual(at(text, sub), [0, 6, 0, 20]);
    const tick = parts[1];
    assert.ok(tick.kind === 'command' && tick.form === '`');
    assert.deepEqual(wordTexts(text, simple(tick.body[0]).words), ['date', '+%F']);
    assert.ok(parts[2].kind === 'arith' && parts[2].expression === '8000 + 1');
    assert.ok(parts[3].kind === 'command' && parts[3].form === '<(');
  });

  it('joins line continuations, also inside a word and with CRLF', () => {
    const text = 'iptables -A INPUT \\\n  -p tcp ipta\\\nbles\r\necho done\r\n';
    const body = parseOk(text);
    const cmd = simple(body[0]);
    assert.deepEqual(cmd.words.map((w) => w.literal), ['iptables', '-A', 'INPUT', '-p', 'tcp', 'iptables']);
    assert.deepEqual(at(text, cmd.words[3]), [1, 2, 1, 4]);
    assert.deepEqual(at(text, cmd.words[5]), [1, 9, 2, 4]);
    assert.deepEqual(at(text, simple(body[1]).words[1]), [3, 5, 3, 9]);
  });

  it('ends a word before a line continuation that follows it', () => {
    const text = 'iptables -A INPUT \\\n  -j ACCEPT\\\n\\\n\n';
    const cmd = simple(parseOk(text)[0]);
    assert.deepEqual(wordTexts(text, cmd.words), ['iptables', '-A', 'INPUT', '-j', 'ACCEPT']);
  });

  it('counts columns in UTF-16 code units', () => {
    const text = 'iptables -m comment --comment "Büro 🔥" -j ACCEPT\n';
    const cmd = simple(parseOk(text)[0]);
    assert.equal(cmd.words[4].literal, 'Büro 🔥');
    // The emoji is two UTF-16 code units: `-j` starts at 30 + 9 + 1.
    assert.deepEqual(at(text, cmd.words[5]), [0, 40, 0, 42]);
  });

  it('skips comments but keeps # inside words', () => {
    const text = '# header\niptables -A INPUT -j ACCEPT # trailing\necho a#b\n';
    const body = parseOk(text);
    assert.equal(body.length, 2);
    assert.deepEqual(simple(body[0]).words.length, 5);
    assert.deepEqual(simple(body[1]).words.map((w) => w.literal), ['echo', 'a#b']);
  });

  it('recognises assignments, appends and arrays', () => {
    const text = 'WAN=eth0 PORTS+=" 443" LIST=(80 "443" $X) iptables -L\nA[2]=x\n';
    const body = parseOk(text);
    const cmd = simple(body[0]);
    assert.deepEqual(
      cmd.assignments.map((a) => [a.name, a.append, a.value?.literal ?? null, a.array?.length ?? null]),
      [
        ['WAN', false, 'eth0', null],
        ['PORTS', true, ' 443', null],
        ['LIST', false, null, 3],
      ],
    );
    assert.deepEqual(at(text, cmd.assignments[0].value!), [0, 4, 0, 8]);
    assert.deepEqual(wordTexts(text, cmd.words), ['iptables', '-L']);
    const indexed = simple(body[1]).assignments[0];
    assert.deepEqual([indexed.name, indexed.index, indexed.value?.literal], ['A', '2', 'x']);
  });

  it('does not take a quoted or later NAME=value word as an assignment', () => {
    const cmd = simple(parseOk('iptables --comment=x "A=b"\n')[0]);
    assert.equal(cmd.assignments.length, 0);
    assert.equal(cmd.words.length, 3);
  });
});

describe('shell parser: commands', () => {
  it('parses lists, and-or lists and pipelines', () => {
    const text = 'iptables -N LOG_DROP 2>/dev/null || true; a && b | c & d\n';
    const body = parseOk(text);
    assert.deepEqual(body.map((c) => c.kind), ['andor', 'andor', 'simple']);
    const first = body[0] as AndOrList;
    assert.deepEqual(first.operators, ['||']);
    const redirect = simple(first.commands[0]).redirects[0];
    assert.deepEqual([redirect.op, redirect.fd, redirect.target?.literal], ['>', 2, '/dev/null']);
    const second = body[1] as AndOrList;
    assert.equal(second.background, true);
    assert.equal((second.commands[1] as Pipeline).commands.length, 2);
  });

  it('parses if / elif / else', () => {
    const text = 'if [ -x /sbin/iptables ]; then\n  a\nelif b; then c\nelse\n  d\nfi\n';
    const cmd = parseOk(text)[0] as IfCommand;
    assert.equal(cmd.kind, 'if');
    assert.equal(cmd.clauses.length, 2);
    assert.equal(cmd.elseBody?.length, 1);
    assert.deepEqual(at(text, cmd), [0, 0, 5, 2]);
    assert.deepEqual(at(text, cmd.clauses[1].keyword), [2, 0, 2, 4]);
  });

  it('parses for loops in all three forms', () => {
    const text = 'for p in 80 443; do a; done\nfor x; do b; done\nfor ((i = 0; i < 3; i++)); do c; done\n';
    const [list, positional, arith] = parseOk(text);
    const f = list as ForCommand;
    assert.deepEqual([f.variable, f.items?.map((w) => w.literal)], ['p', ['80', '443']]);
    assert.deepEqual(at(text, f.header), [0, 0, 0, 15]);
    assert.equal((positional as ForCommand).items, undefined);
    assert.ok(arith.kind === 'arith-for');
    assert.deepEqual([arith.init, arith.condition, arith.step], ['i = 0', 'i < 3', 'i++']);
  });

  it('parses while and until', () => {
    const [w, u] = parseOk('while read -r ip; do echo "$ip"; done < /etc/blocklist\nuntil false; do :; done\n') as WhileCommand[];
    assert.deepEqual([w.kind, w.until, w.condition.length, w.body.length], ['while', false, 1, 1]);
    assert.equal(w.redirects?.[0].target?.literal, '/etc/blocklist');
    assert.equal(u.until, true);
  });

  it('parses case with several patterns and terminators', () => {
    const text = 'case "$1" in\n  start|restart) a ;;\n  (stop) b ;&\n  *) c\nesac\n';
    const cmd = parseOk(text)[0] as CaseCommand;
    assert.deepEqual(
      cmd.arms.map((a) => [a.patterns.map((p) => p.literal), a.terminator]),
      [
        [['start', 'restart'], ';;'],
        [['stop'], ';&'],
        [['*'], ''],
      ],
    );
    assert.deepEqual(at(text, cmd), [0, 0, 4, 4]);
  });

  it('parses both function syntaxes, groups, subshells, [[ ]] and (( ))', () => {
    const text = 'allow_in() { iptables -A INPUT --dport "$1" -j ACCEPT; }\nfunction block { ( a ); }\n[[ -n $X && $Y == y ]]\n(( n += 1 ))\n';
    const [f1, f2, test, arith] = parseOk(text);
    const def = f1 as FunctionDefinition;
    assert.deepEqual([def.kind, def.name, def.body.kind], ['function', 'allow_in', 'group']);
    assert.deepEqual(at(text, def.nameSpan), [0, 0, 0, 8]);
    const def2 = f2 as FunctionDefinition;
    assert.equal(def2.name, 'block');
    assert.ok(def2.body.kind === 'group' && def2.body.body[0].kind === 'subshell');
    assert.ok(test.kind === 'test' && test.words.length === 5);
    assert.ok(arith.kind === 'arith' && arith.expression.trim() === 'n += 1');
  });

  it('treats reserved words as plain words outside command position', () => {
    const cmd = simple(parseOk('echo if then fi done }\n')[0]);
    assert.deepEqual(cmd.words.map((w) => w.literal), ['echo', 'if', 'then', 'fi', 'done', '}']);
  });

  it('takes a quoted or escaped reserved word as a command name, not as a keyword', () => {
    const [command] = parseOk('if true; then "fi"; \\fi; fi\n');
    assert.equal(command.kind, 'if');
    const body = (command as IfCommand).clauses[0].body;
    assert.deepEqual(body.map((c) => simple(c).words[0].literal), ['fi', 'fi']);
  });

  it('reads every kind of word after a command name, redirections and comments among them', () => {
    const text = 'iptables -A INPUT a=b "$x" 2>/dev/null -s 10.0.0.0/8 \\\n -j DROP # c d\n';
    const cmd = simple(parseOk(text)[0]);
    assert.deepEqual(wordTexts(text, cmd.words), ['iptables', '-A', 'INPUT', 'a=b', '"$x"', '-s', '10.0.0.0/8', '-j', 'DROP']);
    assert.deepEqual(cmd.assignments, []);
    assert.deepEqual(cmd.redirects.map((r) => [r.fd, r.op, r.target?.literal]), [[2, '>', '/dev/null']]);
    assert.deepEqual(at(text, cmd), [0, 0, 1, 8]);
  });
});

describe('shell parser: here-documents', () => {
  it('reads the body after the line, with exact line ranges', () => {
    const text = 'iptables-restore <<EOF\n*filter\n-A INPUT -i $LAN -j ACCEPT\nCOMMIT\nEOF\necho after\n';
    const body = parseOk(text);
    const heredoc = simple(body[0]).redirects[0].heredoc!;
    assert.deepEqual([heredoc.delimiter, heredoc.quoted, heredoc.stripTabs, heredoc.terminated], ['EOF', false, false, true]);
    assert.deepEqual(heredoc.lines.map((l) => text.slice(l.start, l.end)), ['*filter', '-A INPUT -i $LAN -j ACCEPT', 'COMMIT']);
    assert.deepEqual(at(text, heredoc.lines[1]), [2, 0, 2, 26]);
    assert.ok(heredoc.lines[1].parts?.some((p) => p.kind === 'param' && p.name === 'LAN'));
    assert.equal(heredoc.lines[0].parts, undefined);
    assert.deepEqual(simple(body[1]).words.map((w) => w.literal), ['echo', 'after']);
  });

  it('strips tabs for <<- and takes quoted delimiters literally', () => {
    const text = "cat <<-'END'\n\t\t-A INPUT -s $NET -j DROP\n\tEND\n";
    const heredoc = simple(parseOk(text)[0]).redirects[0].heredoc!;
    assert.deepEqual([heredoc.delimiter, heredoc.quoted, heredoc.stripTabs], ['END', true, true]);
    assert.deepEqual(at(text, heredoc.lines[0]), [1, 2, 1, 26]);
    assert.equal(heredoc.lines[0].parts, undefined);
  });

  it('reads several here-documents opened on one line in order', () => {
    const text = 'paste <<A <<B; echo next\none\nA\ntwo\nB\n';
    const body = parseOk(text);
    const [a, b] = simple(body[0]).redirects.map((r) => r.heredoc!);
    assert.deepEqual(a.lines.map((l) => text.slice(l.start, l.end)), ['one']);
    assert.deepEqual(b.lines.map((l) => text.slice(l.start, l.end)), ['two']);
    assert.deepEqual(simple(body[1]).words.map((w) => w.literal), ['echo', 'next']);
  });

  it('handles a here-document in a pipeline and CRLF line ends', () => {
    const text = 'cat <<EOF | iptables-restore -n\r\n*nat\r\nCOMMIT\r\nEOF\r\n';
    const pipeline = parseOk(text)[0] as Pipeline;
    const heredoc = simple(pipeline.commands[0]).redirects[0].heredoc!;
    assert.deepEqual(heredoc.lines.map((l) => text.slice(l.start, l.end)), ['*nat', 'COMMIT']);
    assert.equal(heredoc.terminated, true);
  });
});

describe('shell parser: syntax errors', () => {
  function problems(text: string) {
    const { problems } = parseShell(text);
    return problems.map((p) => ({ code: p.code, severity: p.severity, line: p.range.start.line, character: p.range.start.character, endCharacter: p.range.end.character, message: p.message }));
  }

  it('reports an unterminated double quote at the quote', () => {
    const [p, ...rest] = problems('iptables -A INPUT -m comment --comment "open web -j ACCEPT\niptables -P INPUT DROP\n');
    assert.deepEqual(rest, []);
    assert.deepEqual([p.code, p.severity, p.line, p.character, p.endCharacter], ['IPT001', 'error', 0, 39, 40]);
    assert.match(p.message, /unterminated double quote/);
  });

  it('reports an unterminated single quote', () => {
    const [p] = problems("echo 'x\n");
    assert.match(p.message, /unterminated single quote/);
    assert.deepEqual([p.line, p.character], [0, 5]);
  });

  it('reports missing fi, done and esac at the opening keyword', () => {
    assert.deepEqual(
      problems('iptables -P INPUT DROP\nif true; then\n  iptables -A INPUT -j ACCEPT\n').map((p) => [p.line, p.character, p.endCharacter]),
      [[1, 0, 2]],
    );
    assert.match(problems('if true; then a\n')[0].message, /`if` on line 1 is never closed: `fi` is missing/);
    assert.match(problems('for p in 1 2; do a\n')[0].message, /`for` on line 1 is never closed: `done` is missing/);
    assert.match(problems('while true; do a\n')[0].message, /`done` is missing/);
    assert.match(problems('case x in a) b;;\n')[0].message, /`esac` is missing/);
    assert.match(problems('f() { a\n')[0].message, /`\{` on line 1 is never closed: `\}` is missing/);
  });

  it('reports a closer that closes nothing and goes on parsing', () => {
    const { script, problems: found } = parseShell('iptables -F\nfi\niptables -P INPUT DROP\n');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /unexpected `fi` here: there is no open construct it could close/);
    assert.equal(script.body.length, 2);
  });

  it('reports Windows line ends once, on the first command line that has one', () => {
    const found = problems('#!/bin/sh\r\n# rules\r\niptables -P INPUT DROP\r\niptables -F\r\n');
    assert.equal(found.length, 1);
    assert.deepEqual([found[0].code, found[0].line, found[0].character, found[0].endCharacter], ['IPT001', 2, 0, 22]);
    assert.match(found[0].message, /Windows \(CRLF\) line endings/);
  });

  it('parses bash select loops', () => {
    const body = parseOk('select zone in public internal; do iptables -A INPUT -j "$zone"; break; done\n');
    assert.ok(body[0].kind === 'for' && body[0].select === true && body[0].items?.length === 2);
  });

  it('reports unterminated substitutions and here-documents', () => {
    assert.match(problems('echo $(date\n')[0].message, /`\$\(` is never closed/);
    assert.match(problems('echo ${WAN\n')[0].message, /`\$\{` is never closed/);
    assert.match(problems('echo `date\n')[0].message, /unterminated backquote/);
    const [h] = problems('iptables-restore <<EOF\n*filter\nCOMMIT\n');
    assert.match(h.message, /here-document `EOF` is never terminated/);
    assert.deepEqual([h.line, h.character, h.endCharacter], [0, 17, 22]);
  });
});

describe('shell parser: one parse after another', () => {
  /** Everything a parse gives, words included (their parts may be made on demand, so asked for here). */
  function everything(text: string): string {
    return JSON.stringify(parseShell(text), (key, value) => {
      if (key === 'lines') return undefined;
      if (value && typeof value === 'object' && 'parts' in value && !('kind' in value)) return { ...value, parts: value.parts, literal: value.literal };
      return value;
    });
  }

  it('carries nothing over from the previous script, however that one ended', () => {
    const text = 'IPT=/sbin/iptables\nfor p in 22 80; do $IPT -A INPUT -p tcp --dport "$p" -j ACCEPT; done\ncat <<EOF\n$IPT\nEOF\n';
    const alone = everything(text);
    // Scripts that stop in the middle of things: a here-document still to read, open substitutions
    // and quotes, deep nesting, and the same words at other offsets (the word cache).
    for (const before of ['cat <<EOF', 'echo `date', 'echo $(date', 'a="b', '$('.repeat(300), 'x\n'.repeat(5000) + text]) {
      parseShell(before);
      assert.equal(everything(text), alone, `after ${JSON.stringify(before.slice(0, 20))}`);
    }
  });

  it('reads a script one top-level command at a time, as parseShell reads it whole', () => {
    const text = 'a=1\r\nif x; then\n  y <<EOF\nbody $a\nEOF\nfi; b & c\nfi\n$(d\n';
    const whole = parseShell(text);
    const reader = readShell(text);
    const commands = [];
    for (let command = reader.next(); command !== undefined; command = reader.next()) {
      // Another parse in between (the consumer may parse too) disturbs nothing.
      parseShell('x=$(y) <<EOF\n');
      commands.push(command);
    }
    assert.equal(reader.next(), undefined);
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'lines' ? undefined : v)));
    assert.deepEqual(plain(commands), plain(whole.script.body));
    assert.deepEqual(plain(reader.problems), plain(whole.problems));
    assert.equal(reader.problems.length, 3); // the stray `fi`, the open `$(`, and CRLF
  });
});
