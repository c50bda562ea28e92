import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Range } from '../../server/src/core/range';
import { evaluateScript, ScriptEvaluation } from '../../server/src/eval/evaluate';
import type { Invocation } from '../../server/src/eval/invocation';
import { parseShell } from '../../server/src/shell/parser';

function evaluate(text: string) {
  const parsed = parseShell(text);
  assert.deepEqual(parsed.problems.map((p) => p.message), [], 'unexpected syntax problems');
  return evaluateScript(parsed.script, text);
}

/** An invocation as one line: program, arguments (unknown ones in ‹›), `?` when conditional. */
function show(inv: Invocation): string {
  const args = inv.args.map((a) => (a.known ? a.value : `‹${a.value}›`)).join(' ');
  return `${inv.conditional ? '? ' : ''}${inv.program} ${args}`.trimEnd();
}

function shown(text: string): string[] {
  return evaluate(text).invocations.map(show);
}

function span(r: Range): [number, number, number, number] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

describe('evaluator: command forms', () => {
  it('finds iptables by every name, path and variant', () => {
    assert.deepEqual(
      shown(
        [
          'iptables -F',
          '/usr/sbin/iptables -X',
          'ip6tables -F',
          '/sbin/ip6tables -X',
          'iptables-legacy -Z',
          'iptables-nft -L',
          'ip6tables-nft -S',
          'ip6tables-legacy -N X',
          'iptables-save',
          'echo iptables -F',
          '',
        ].join('\n'),
      ),
      ['iptables -F', 'iptables -X', 'ip6tables -F', 'ip6tables -X', 'iptables -Z', 'iptables -L', 'ip6tables -S', 'ip6tables -N X'],
    );
  });

  it('looks through sudo, command, exec, nice, env, nohup, timeout and ip netns exec', () => {
    assert.deepEqual(
      shown(
        [
          'sudo iptables -A INPUT -j ACCEPT',
          'sudo -u root -- iptables -F',
          'command iptables -X',
          'nice -n 10 iptables -Z',
          'env LC_ALL=C iptables -L',
          'nohup iptables -S',
          'timeout 5 iptables -N T',
          'ip netns exec fw0 ip6tables -F',
          'command -v iptables',
          'exec iptables -P INPUT DROP',
          '',
        ].join('\n'),
      ),
      ['iptables -A INPUT -j ACCEPT', 'iptables -F', 'iptables -X', 'iptables -Z', 'iptables -L', 'iptables -S', 'iptables -N T', 'ip6tables -F', 'iptables -P INPUT DROP'],
    );
  });

  it('keeps the exact ranges of the program, the arguments and the command', () => {
    const text = 'WAN=eth0\nsudo iptables -A INPUT -i "$WAN" -j ACCEPT 2>/dev/null\n';
    const [inv] = evaluate(text).invocations;
    assert.deepEqual(span(inv.programRange), [1, 5, 1, 13]);
    assert.deepEqual(span(inv.range), [1, 0, 1, 54]);
    assert.deepEqual(inv.args.map((a) => span(a.range)), [
      [1, 14, 1, 16],
      [1, 17, 1, 22],
      [1, 23, 1, 25],
      [1, 26, 1, 32],
      [1, 33, 1, 35],
      [1, 36, 1, 42],
    ]);
    const wan = inv.args[3];
    assert.deepEqual([wan.value, wan.known, span(wan.range)], ['eth0', true, [1, 26, 1, 32]]);
  });

  it('follows the program through variables', () => {
    assert.deepEqual(
      shown(
        [
          'IPT=/sbin/iptables',
          'IP6T="/usr/sbin/ip6tables"',
          'IPTABLES=${IPTABLES:-/sbin/iptables-legacy}',
          '$IPT -A INPUT -j ACCEPT',
          '"${IP6T}" -F',
          '$IPTABLES -X',
          'WAIT="iptables -w"',
          '$WAIT -L',
          '',
        ].join('\n'),
      ),
      ['iptables -A INPUT -j ACCEPT', 'ip6tables -F', 'iptables -X', 'iptables -w -L'],
    );
  });

  it('recognises $(which iptables) and $(command -v ip6tables) as the program', () => {
    assert.deepEqual(shown('IPT=$(which iptables)\nIP6T=$(command -v ip6tables)\n$IPT -F\n$IP6T -X\n'), ['iptables -F', 'ip6tables -X']);
    assert.deepEqual(shown('IPT=$(which iptables 2>/dev/null || echo /sbin/iptables)\n$IPT -F\n'), ['iptables -F']);
    assert.deepEqual(evaluate('IPT=$(which iptables || echo /sbin/ip6tables)\n$IPT -F\n').problems.map((p) => p.code), ['IPT002']);
  });

  it('resolves a program set differently in if branches when every branch names iptables', () => {
    const text = 'if [ -x /usr/sbin/iptables ]; then IPT=/usr/sbin/iptables; else IPT=/sbin/iptables; fi\n$IPT -P INPUT DROP\n';
    const { invocations, problems } = evaluate(text);
    assert.deepEqual(invocations.map(show), ['iptables -P INPUT DROP']);
    assert.deepEqual(problems, []);
  });
});

describe('evaluator: values', () => {
  it('substitutes constants and splits unquoted expansions into several arguments', () => {
    assert.deepEqual(
      shown('NET=192.0.2\nOPTS="-p tcp --dport 22"\niptables -A INPUT -s "$NET.0/24" $OPTS -j ACCEPT\niptables -A INPUT -m comment --comment "$OPTS"\n'),
      ['iptables -A INPUT -s 192.0.2.0/24 -p tcp --dport 22 -j ACCEPT', 'iptables -A INPUT -m comment --comment -p tcp --dport 22'],
    );
  });

  it('gives split arguments the range of the word they came from', () => {
    const [inv] = evaluate('OPTS="-p tcp"\niptables -A INPUT $OPTS\n').invocations;
    assert.deepEqual(span(inv.args[2].range), [1, 18, 1, 23]);
    assert.deepEqual(span(inv.args[3].range), [1, 18, 1, 23]);
  });

  it('handles ${V:-x}, ${V:=x}, ${V:+x}, ${#V}, arithmetic and empty values', () => {
    assert.deepEqual(
      shown(
        [
          'iptables -i ${WAN:-eth0} -o ${LAN:=eth1} ${LAN:+-m} ${#LAN} $((8000 + 80)) $EMPTY_NOT_SET_BY_SCRIPT',
          'EMPTY=',
          'iptables -A $EMPTY INPUT "$EMPTY"',
          'iptables -o $LAN',
          '',
        ].join('\n'),
      ),
      ['iptables -i eth0 -o eth1 -m 4 8080 ‹$EMPTY_NOT_SET_BY_SCRIPT›', 'iptables -A INPUT', 'iptables -o eth1'],
    );
  });

  it('runs command substitutions inside arithmetic and keeps the result unknown', () => {
    assert.deepEqual(shown('N=$(( $(iptables -S INPUT | wc -l) + 1 ))\niptables -I INPUT $N -j DROP\n'), [
      'iptables -S INPUT',
      'iptables -I INPUT ‹$(( $(iptables -S INPUT | wc -l) + 1 ))› -j DROP',
    ]);
  });

  it('keeps what the script cannot know symbolic, never guessed', () => {
    const { invocations } = evaluate('HOST=$(hostname -I)\niptables -A INPUT -d $HOST -s "$1" -p tcp --dport ${PORT} -j ACCEPT\nread -r ADDR\niptables -A INPUT -s "$ADDR/32" -j DROP\n');
    assert.deepEqual(invocations.map(show), [
      'iptables -A INPUT -d ‹$(hostname -I)› -s ‹$1› -p tcp --dport ‹${PORT}› -j ACCEPT',
      'iptables -A INPUT -s ‹$ADDR/32› -j DROP',
    ]);
    for (const inv of invocations) assert.equal(inv.conditional, false);
  });

  it('expands arrays, "$@" and "${a[@]}" into one argument per element', () => {
    assert.deepEqual(
      shown('NETS=(192.0.2.0/24 "198.51.100.0/24")\nNETS+=(203.0.113.0/24)\niptables -L "${NETS[@]}" ${#NETS[@]} ${NETS[1]} $NETS\n'),
      ['iptables -L 192.0.2.0/24 198.51.100.0/24 203.0.113.0/24 3 198.51.100.0/24 192.0.2.0/24'],
    );
  });

  it('expands braces under bash, not under /bin/sh', () => {
    assert.deepEqual(shown('#!/bin/bash\nfor p in {8000..8002} x{a,b}; do iptables --dport $p; done\niptables --dports {80,443} "{1,2}"\n'), [
      'iptables --dport 8000',
      'iptables --dport 8001',
      'iptables --dport 8002',
      'iptables --dport xa',
      'iptables --dport xb',
      'iptables --dports 80 443 {1,2}',
    ]);
    assert.deepEqual(shown('#!/bin/sh\niptables --dports {80,443}\n'), ['iptables --dports {80,443}']);
  });

  it('makes a variable unknown when branches assign different values', () => {
    assert.deepEqual(shown('PORT=22\nif [ -f /etc/alt ]; then PORT=2222; fi\niptables -A INPUT -p tcp --dport $PORT -j ACCEPT\n'), [
      'iptables -A INPUT -p tcp --dport ‹$PORT› -j ACCEPT',
    ]);
    assert.deepEqual(shown('PORT=22\nif [ -f /etc/alt ]; then PORT=22; else PORT=22; fi\niptables --dport $PORT\n'), ['iptables --dport 22']);
    assert.deepEqual(shown('[ -f /etc/alt ] && PORT=2222\niptables --dport $PORT\n'), ['iptables --dport ‹$PORT›']);
  });

  it('assigns through export, readonly and declare, arrays included', () => {
    assert.deepEqual(
      shown('export IPT=/sbin/iptables\nreadonly LAN=eth1\ndeclare -a PORTS=(22 80)\ndeclare -r MODE="strict"\n$IPT -i $LAN --dports "${PORTS[@]}" $MODE\n'),
      ['iptables -i eth1 --dports 22 80 strict'],
    );
  });

  it('does not let subshells and pipelines change the parent variables', () => {
    assert.deepEqual(shown('P=22\n( P=23 )\necho x | P=24\niptables --dport $P\n'), ['iptables --dport 22']);
  });
});

describe('evaluator: loops', () => {
  it('unrolls for loops over literal lists and known variables, with a loop origin', () => {
    const text = 'PORTS="80 443"\nfor port in $PORTS 8080; do\n  iptables -A INPUT -p tcp --dport "$port" -j ACCEPT\ndone\n';
    const { invocations } = evaluate(text);
    assert.deepEqual(invocations.map(show), [
      'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 443 -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 8080 -j ACCEPT',
    ]);
    assert.deepEqual(invocations.map((i) => i.origins.map((o) => [o.kind, o.detail, span(o.range)])), [
      [['loop', 'port=80', [1, 0, 1, 23]]],
      [['loop', 'port=443', [1, 0, 1, 23]]],
      [['loop', 'port=8080', [1, 0, 1, 23]]],
    ]);
    for (const inv of invocations) assert.equal(inv.conditional, false);
  });

  it('nests loop origins outermost first', () => {
    const { invocations } = evaluate('for h in 192.0.2.1 192.0.2.2; do for p in 22 80; do iptables -s $h --dport $p; done; done\n');
    assert.equal(invocations.length, 4);
    assert.deepEqual(invocations[3].origins.map((o) => o.detail), ['h=192.0.2.2', 'p=80']);
  });

  it('honours break and continue in unrolled loops', () => {
    assert.deepEqual(shown('for p in 1 2 3; do iptables -p $p; break; done\nfor p in 1 2; do continue; iptables -x; done\n'), ['iptables -p 1']);
  });

  it('runs loops over unknown lists, while and until bodies once, as conditional', () => {
    assert.deepEqual(
      shown('for ip in $(cat /etc/blocklist); do iptables -A INPUT -s $ip -j DROP; done\nwhile read -r net; do iptables -A INPUT -s "$net" -j DROP; done < /etc/nets\nuntil iptables -L; do sleep 1; done\n'),
      ['? iptables -A INPUT -s ‹$(cat /etc/blocklist)› -j DROP', '? iptables -A INPUT -s ‹$net› -j DROP', 'iptables -L', '? iptables -L'],
    );
  });

  it('treats variables that change inside a while loop as unknown there', () => {
    assert.deepEqual(shown('i=0\nwhile [ $i -lt 3 ]; do iptables --dport $((8000 + i)); i=$((i + 1)); done\niptables --dport $i\n'), [
      '? iptables --dport ‹$((8000 + i))›',
      'iptables --dport ‹$i›',
    ]);
  });

  it('runs a select body once, as conditional, with the choice unknown', () => {
    assert.deepEqual(shown('select zone in public internal; do iptables -A INPUT -j "$zone"; break; done\n'), ['? iptables -A INPUT -j ‹$zone›']);
  });

  it('shares the arguments and ranges that come out the same between the runs of one command', () => {
    const text = 'for p in 22 80; do\n  iptables -A INPUT -p tcp --dport "$p" -j ACCEPT\n  for w in "eth 0"; do iptables -i $w; done\ndone\n';
    const [first, , second, splitOnce] = evaluate(text).invocations;
    assert.deepEqual([first, second].map(show), ['iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -A INPUT -p tcp --dport 80 -j ACCEPT']);
    assert.notEqual(first.args, second.args);
    // The literal words are the same objects; `$p` is not.
    for (const k of [0, 1, 2, 3, 4, 6, 7]) assert.equal(second.args[k], first.args[k]);
    assert.notEqual(second.args[5], first.args[5]);
    assert.deepEqual(span(second.args[5].range), [1, 35, 1, 39]);
    assert.equal(second.programRange, first.programRange);
    assert.equal(second.range, first.range);
    assert.notEqual(second.origins, first.origins);
    // Two fields split from one word keep its range, and the right values.
    assert.deepEqual(show(splitOnce), 'iptables -i eth 0');
    assert.deepEqual(span(splitOnce.args[1].range), span(splitOnce.args[2].range));
  });

  it('iterates over "$@" for `for x; do` inside a function', () => {
    assert.deepEqual(shown('allow() { for p; do iptables --dport $p; done; }\nallow 22 80\n'), ['iptables --dport 22', 'iptables --dport 80']);
  });
});

describe('evaluator: functions', () => {
  it('binds positional parameters at each call and records the call', () => {
    const text = 'allow_in() {\n  iptables -A INPUT -p "${2:-tcp}" --dport "$1" -j ACCEPT\n}\nallow_in 22\nallow_in 53 udp\n';
    const { invocations } = evaluate(text);
    assert.deepEqual(invocations.map(show), ['iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -A INPUT -p udp --dport 53 -j ACCEPT']);
    assert.deepEqual(invocations.map((i) => i.origins.map((o) => [o.kind, o.detail, span(o.range)])), [
      [['call', 'allow_in 22', [3, 0, 3, 11]]],
      [['call', 'allow_in 53 udp', [4, 0, 4, 15]]],
    ]);
    // The rule's own words keep pointing into the function body.
    assert.deepEqual(span(invocations[1].args[5].range), [1, 43, 1, 47]);
  });

  it('follows a function that wraps iptables under its own name, through `command`', () => {
    const { invocations, problems } = evaluate('iptables() { command iptables -w "$@"; }\niptables -A INPUT -j ACCEPT\nsudo iptables -F\n');
    assert.deepEqual(invocations.map(show), ['iptables -w -A INPUT -j ACCEPT', 'iptables -F']);
    assert.deepEqual(invocations[0].origins.map((o) => o.detail), ['iptables -A INPUT -j ACCEPT']);
    assert.deepEqual(problems, []);
  });

  it('records a long call up to the word that starts past 80 characters, cut at 80', () => {
    const words = Array.from({ length: 12 }, (_, i) => `argument-${i}`);
    const { invocations } = evaluate(`f() { iptables -A INPUT -j ACCEPT; }\nf ${words.join(' ')}\n`);
    const written = `f ${words.join(' ')}`;
    assert.deepEqual(invocations[0].origins.map((o) => o.detail), [`${written.slice(0, 79)}…`]);
  });

  it('gives calls from the top level, evaluated one at a time, their own values and ranges (sharing the literal arguments)', () => {
    const text = 'allow() { iptables -A INPUT -s "$1" -j ACCEPT; }\nallow 192.0.2.1\nallow 192.0.2.2\n';
    const parsed = parseShell(text);
    const evaluation = new ScriptEvaluation(parsed.script.lines, text);
    const made: Invocation[] = [];
    const argsOf: Invocation['args'][] = [];
    for (const command of parsed.script.body) {
      evaluation.run(command);
      for (const invocation of evaluation.takeInvocations()) {
        made.push(invocation);
        argsOf.push(invocation.args);
        // As the engine does once an invocation is parsed.
        invocation.args = [];
      }
    }
    assert.deepEqual(
      argsOf.map((args) => args.map((a) => [a.value, span(a.range)])),
      ['192.0.2.1', '192.0.2.2'].map((address) => [
        ['-A', [0, 19, 0, 21]],
        ['INPUT', [0, 22, 0, 27]],
        ['-s', [0, 28, 0, 30]],
        [address, [0, 31, 0, 35]],
        ['-j', [0, 36, 0, 38]],
        ['ACCEPT', [0, 39, 0, 45]],
      ]),
    );
    assert.equal(argsOf[1][0], argsOf[0][0], 'a literal argument is one object for both calls');
    assert.notEqual(argsOf[1][3], argsOf[0][3]);
    assert.deepEqual(made.map((i) => i.origins.map((o) => o.detail)), [['allow 192.0.2.1'], ['allow 192.0.2.2']]);
  });

  it('produces nothing for functions that are never called', () => {
    assert.deepEqual(shown('reset_all() { iptables -F; iptables -P INPUT ACCEPT; }\nfunction open_all { iptables -P INPUT ACCEPT; }\niptables -P INPUT DROP\n'), ['iptables -P INPUT DROP']);
  });

  it('marks calls made under a condition as conditional, loops and calls nested in order', () => {
    const { invocations } = evaluate('block() { iptables -A INPUT -s "$1" -j DROP; }\nfor n in 198.51.100.0/24; do [ -n "$X" ] && block $n; done\n');
    assert.deepEqual(invocations.map(show), ['? iptables -A INPUT -s 198.51.100.0/24 -j DROP']);
    assert.deepEqual(invocations[0].origins.map((o) => o.kind), ['loop', 'call']);
  });

  it('keeps local variables local and globals global, supports shift and "$@"', () => {
    assert.deepEqual(
      shown('P=1\nf() { local P=2; Q=3; shift; iptables $P "$@" $#; }\nf a b c\niptables $P $Q\n'),
      ['iptables 2 b c 2', 'iptables 1 3'],
    );
  });

  it('stops at return and exit, and guards recursion', () => {
    const { invocations, problems } = evaluate('f() { iptables -N A; return; iptables -N B; }\nf\nloop() { iptables -L; loop; }\nloop\nexit 0\niptables -F\n');
    assert.deepEqual(invocations.slice(0, 2).map(show), ['iptables -N A', 'iptables -L']);
    assert.ok(invocations.length > 2 && invocations.length <= 42);
    assert.ok(!invocations.some((i) => show(i) === 'iptables -F' || show(i) === 'iptables -N B'));
    assert.ok(problems.some((p) => p.code === 'IPT002' && /calls itself/.test(p.message)));
  });

  it('keeps going after an exit that only happens on one branch', () => {
    assert.deepEqual(shown('if [ "$(id -u)" != 0 ]; then exit 1; fi\niptables -F\n'), ['iptables -F']);
  });
});

describe('evaluator: conditions', () => {
  it('marks if/elif/else, case arms and the right side of && and || as conditional', () => {
    assert.deepEqual(
      shown(
        [
          'iptables -N LOGDROP 2>/dev/null || iptables -F LOGDROP',
          'if iptables -C INPUT -j LOGDROP; then :; elif [ -n "$A" ]; then iptables -A INPUT -j X; else iptables -A INPUT -j LOGDROP; fi',
          'case "$1" in start) iptables -P INPUT DROP ;; *) iptables -P INPUT ACCEPT ;; esac',
          '',
        ].join('\n'),
      ),
      ['iptables -N LOGDROP', '? iptables -F LOGDROP', 'iptables -C INPUT -j LOGDROP', '? iptables -A INPUT -j X', '? iptables -A INPUT -j LOGDROP', '? iptables -P INPUT DROP', '? iptables -P INPUT ACCEPT'],
    );
  });

  it('decides a case statically when the word and the patterns are known', () => {
    assert.deepEqual(
      shown('ROLE=web\ncase $ROLE in\n  db) iptables -A INPUT --dport 5432 ;;\n  w*|www) iptables -A INPUT --dport 80 ;&\n  x) iptables -A INPUT --dport 443 ;;\n  *) iptables -F ;;\nesac\n'),
      ['iptables -A INPUT --dport 80', 'iptables -A INPUT --dport 443'],
    );
  });
});

describe('evaluator: iptables-restore', () => {
  it('feeds a here-document to the restore parser with document positions and expanded variables', () => {
    const text = 'LAN=eth1\niptables-restore -n <<EOF\n*filter\n-A INPUT -i $LAN -j ACCEPT\nCOMMIT\nEOF\n';
    const [inv] = evaluate(text).invocations;
    assert.equal(inv.program, 'iptables-restore');
    assert.equal(inv.noflush, true);
    assert.deepEqual(inv.restoreInput, [
      { text: '*filter', line: 2, character: 0 },
      { text: '-A INPUT -i eth1 -j ACCEPT', line: 3, character: 0 },
      { text: 'COMMIT', line: 4, character: 0 },
    ]);
  });

  it('keeps quoted here-documents literal and strips <<- tabs', () => {
    const text = "ip6tables-restore <<-'R'\n\t*filter\n\t-A INPUT -s $NET -j DROP\n\tR\n";
    const [inv] = evaluate(text).invocations;
    assert.equal(inv.program, 'ip6tables-restore');
    assert.equal(inv.noflush, undefined);
    assert.deepEqual(inv.restoreInput, [
      { text: '*filter', line: 1, character: 1 },
      { text: '-A INPUT -s $NET -j DROP', line: 2, character: 1 },
    ]);
  });

  it('marks the stand-ins of unknown values inside a here-document line', () => {
    const [inv] = evaluate('iptables-restore <<EOF\n-A INPUT -i $WAN -s $(hostname -I) -j ACCEPT\nEOF\n').invocations;
    const [line] = inv.restoreInput!;
    assert.equal(line.text, '-A INPUT -i $WAN -s $(hostname -I) -j ACCEPT');
    assert.deepEqual(line.symbolic?.map((s) => line.text.slice(s.start, s.end)), ['$WAN', '$(hostname -I)']);
  });

  it('follows cat <<EOF | iptables-restore', () => {
    const [inv] = evaluate('cat <<EOF | iptables-legacy-restore --noflush\n*nat\nCOMMIT\nEOF\n').invocations;
    assert.equal(inv.noflush, true);
    assert.deepEqual(inv.restoreInput?.map((l) => l.text), ['*nat', 'COMMIT']);
  });

  it('reports a restore from a file, a pipe or standard input as not followed', () => {
    const { invocations, problems } = evaluate('iptables-restore < /etc/iptables/rules.v4\ngenerate | iptables-restore\nip6tables-restore /etc/iptables/rules.v6\niptables-restore\n');
    assert.equal(invocations.length, 4);
    assert.ok(invocations.every((i) => i.restoreInput === undefined));
    assert.deepEqual(problems.map((p) => [p.code, p.severity, p.range.start.line]), [
      ['IPT002', 'info', 0],
      ['IPT002', 'info', 1],
      ['IPT002', 'info', 2],
      ['IPT002', 'info', 3],
    ]);
    assert.match(problems[0].message, /the file `\/etc\/iptables\/rules.v4`/);
    assert.match(problems[1].message, /output of `generate`/);
  });
});

describe('evaluator: what cannot be followed (IPT002)', () => {
  function infos(text: string): string[] {
    const { problems } = evaluate(text);
    for (const p of problems) assert.deepEqual([p.code, p.severity], ['IPT002', 'info']);
    return problems.map((p) => `${p.range.start.line}: ${p.message}`);
  }

  it('reports eval, xargs, sh -c and ssh running iptables', () => {
    const found = infos('eval "iptables -A INPUT -j ACCEPT"\ncat list | xargs -n1 iptables -A INPUT -j DROP -s\nsh -c "iptables -F"\nssh fw1 ip6tables -L\neval "echo hello"\ntrap "iptables -F" EXIT\n');
    assert.equal(found.length, 5);
    assert.match(found[4], /^5: `trap` runs the command later/);
    assert.match(found[0], /^0: `eval` builds the command at run time/);
    assert.match(found[1], /^1: `xargs` runs the command itself/);
  });

  it('reports an iptables command name that is unknown or a command substitution', () => {
    const found = infos('$IPT -A INPUT -j ACCEPT\n$(find_iptables) -F\n$EDITOR /etc/hosts\n$SCRIPT -L\n$CURL -L https://example.com\n$FW -t nat -F\n');
    assert.equal(found.length, 3);
    assert.match(found[2], /^5: the value of `\$FW`/);
    assert.match(found[0], /`\$IPT` is not set to a constant/);
    assert.match(found[1], /output of `\$\(find_iptables\)`/);
  });

  it('reports a command name once, however many commands run through it', () => {
    const found = infos('. /etc/firewall.conf\n$IPT -F\n$IPT -X\n$IPT -P INPUT DROP\n');
    assert.equal(found.length, 2);
    assert.match(found[0], /^0: `\. \/etc\/firewall\.conf` runs another file/);
    assert.match(found[1], /^1: .*\(nor are the 2 other commands run through `\$IPT`\)$/);
  });

  it('says a sourced file is not read, and which of the variables set so far it may change', () => {
    const found = infos('WAN=eth0\nLAN=eth1\n[ -r /etc/default/fw ] && . /etc/default/fw\n. /lib/lsb/init-functions\nsource "$CONF"\niptables -A INPUT -i $WAN -j ACCEPT\n');
    assert.equal(found.length, 2, 'not for /lib/lsb/init-functions, which only defines functions');
    assert.match(found[0], /^2: `\. \/etc\/default\/fw` runs another file .* iptables commands in it are not checked; the variables it may set are taken as this script sets them \(`WAN`, `LAN`\)$/);
    assert.match(found[1], /^4: `source "\$CONF"` runs another file/);
  });

  it('reports a program variable that is iptables on one path and ip6tables on another', () => {
    const found = infos('if [ "$V6" = 1 ]; then T=ip6tables; else T=iptables; fi\n$T -F\n');
    assert.equal(found.length, 1);
    assert.match(found[0], /may be any of `ip6tables`, `iptables`/);
  });
});

describe('evaluator: fixture scripts', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'scripts', name), 'utf8');

  it('web server: loop over ports, each rule with its origin', () => {
    const { invocations, problems } = evaluate(fixture('webserver.sh'));
    assert.deepEqual(problems, []);
    const looped = invocations.filter((i) => i.origins.length > 0).map(show);
    assert.deepEqual(looped, [
      'iptables -A INPUT -i eth0 -p tcp --dport 80 -m conntrack --ctstate NEW -j ACCEPT',
      'iptables -A OUTPUT -o eth0 -p tcp --sport 80 -j ACCEPT',
      'iptables -A INPUT -i eth0 -p tcp --dport 443 -m conntrack --ctstate NEW -j ACCEPT',
      'iptables -A OUTPUT -o eth0 -p tcp --sport 443 -j ACCEPT',
    ]);
    assert.equal(invocations.length, 18);
  });

  it('bastion: one loop runs both iptables and ip6tables', () => {
    const programs = evaluate(fixture('bastion.sh')).invocations.map((i) => i.program);
    assert.equal(programs.filter((p) => p === 'ip6tables').length, 12);
    assert.equal(programs.filter((p) => p === 'iptables').length, 18);
  });

  it('functions: calls with their origins, nothing from the function never called', () => {
    const { invocations } = evaluate(fixture('functions.sh'));
    assert.ok(!invocations.some((i) => show(i) === 'iptables -P INPUT ACCEPT'));
    assert.deepEqual(invocations[4].origins.map((o) => o.detail), ['net=198.51.100.0/24', 'block_net 198.51.100.0/24']);
  });

  it('options and arrays: a command run through "$@" of a wrapper function, option values unknown', () => {
    const { invocations, problems } = evaluate(fixture('options-and-arrays.sh'));
    assert.deepEqual(problems, []);
    assert.deepEqual(invocations.map(show), [
      'iptables-restore --noflush',
      '? iptables -A FORWARD -i eth1 -o eth0 -m conntrack --ctstate NEW -j ACCEPT',
      '? iptables -A FORWARD -i eth2 -o eth0 -m conntrack --ctstate NEW -j ACCEPT',
      '? iptables -A FORWARD -i eth1 -o eth2 -j REJECT',
      '? iptables -A INPUT -p tcp --dport ‹$port› -m comment --comment ‹$name› -j ACCEPT',
      'iptables -A INPUT -p tcp --dport ‹${SERVICE_PORTS[ssh]}› -j ACCEPT',
      'iptables -A INPUT -j LOGDROP',
    ]);
    const limitLine = invocations[0].restoreInput![2];
    assert.deepEqual(limitLine.symbolic?.map((s) => limitLine.text.slice(s.start, s.end)), ['${LOG_LIMIT}']);
  });

  it('dynamic: symbolic values and the IPT002 infos', () => {
    const { invocations, problems } = evaluate(fixture('dynamic.sh'));
    assert.deepEqual(invocations.map((i) => i.program), ['iptables', 'iptables', 'iptables', 'ip6tables-restore']);
    assert.equal(invocations[0].args[3].known, false);
    assert.equal(problems.length, 2);
  });
});
