import { strict as assert } from 'node:assert';
import { commandAtCursor } from '../../server/src/lsp/commandAtCursor';
import { disableFileEdit, disableLineEdit } from '../../server/src/lsp/disableComments';
import { plainText } from '../../server/src/lsp/snippets';

describe('LSP: reading the command at the cursor', () => {
  const at = (text: string, line: number, character: number, language: 'shellscript' | 'iptables' = 'shellscript') =>
    commandAtCursor(text.split('\n'), { line, character }, language);

  it('follows backslash continuations back to the program name', () => {
    const text = 'iptables -t nat \\\n  -A PREROUTING -i eth0 \\\n  -p tcp --d';
    const cmd = at(text, 2, 12);
    assert.ok(cmd);
    assert.equal(cmd.table, 'nat');
    assert.deepEqual(cmd.args.map((w) => w.text), ['-t', 'nat', '-A', 'PREROUTING', '-i', 'eth0', '-p', 'tcp', '--d']);
    assert.equal(cmd.prefix, '--d');
    assert.equal(cmd.cursorIndex, 8);
  });

  it('picks the command the cursor is in among several on one line, and reads ip6tables as IPv6', () => {
    const text = 'iptables -A INPUT -j ACCEPT && ip6tables -A INPUT -p ';
    const cmd = at(text, 0, text.length);
    assert.ok(cmd);
    assert.equal(cmd.family, 'ipv6');
    assert.deepEqual(cmd.args.map((w) => w.text), ['-A', 'INPUT', '-p']);
    assert.equal(cmd.prefix, '');
    assert.equal(cmd.cursorIndex, 3);
  });

  it('recognises $IPT-style variables and removes quotes', () => {
    const quoted = at('"$IPT" -A INPUT -j ', 0, 19);
    assert.ok(quoted, 'a quoted "$IPT" is still the program');
    const unquoted = at('$IPT -A INPUT -m comment --comment "web server" -j ', 0, 51);
    assert.ok(unquoted);
    assert.deepEqual(unquoted.args.map((w) => w.text), ['-A', 'INPUT', '-m', 'comment', '--comment', 'web server', '-j']);
  });

  it('reads restore lines, with the table of their section', () => {
    const text = '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j \nCOMMIT';
    const cmd = at(text, 2, 24, 'iptables');
    assert.ok(cmd);
    assert.equal(cmd.table, 'nat');
    assert.equal(cmd.restoreLine, true);
    assert.equal(at(text, 1, 3, 'iptables'), undefined, 'a chain line is not a command');
  });

  it('reads the body of an iptables-restore here-document in a script', () => {
    const text = 'iptables-restore <<EOF\n*filter\n-A INPUT -p udp --\nCOMMIT\nEOF';
    const cmd = at(text, 2, 18);
    assert.ok(cmd);
    assert.equal(cmd.restoreLine, true);
    assert.equal(cmd.prefix, '--');
  });

  it('ignores shell lines that are not iptables commands', () => {
    assert.equal(at('echo -A INPUT -p tcp', 0, 20), undefined);
    assert.equal(at('iptables -A INPUT # -p tcp --d', 0, 30), undefined, 'inside a comment');
  });
});

describe('LSP: disable comments', () => {
  it('puts the line comment above, indented like the line', () => {
    const edit = disableLineEdit(['if true; then', '  iptables -A INPUT -s db.example.net -j ACCEPT', 'fi'], 1, 'IPT401', 'shellscript');
    assert.deepEqual(edit, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  # iptables-lint disable=IPT401\n' });
  });

  it('extends a trailing disable comment on the same shell line', () => {
    const edit = disableLineEdit(['iptables -A INPUT -s db.example.net -j ACCEPT # iptables-lint disable=IPT302'], 0, 'IPT401', 'shellscript');
    assert.equal(edit?.newText, ',IPT401');
    assert.equal(edit?.range.start.character, 76);
  });

  it('offers nothing for a line that continues a command (a comment would cut it)', () => {
    assert.equal(disableLineEdit(['iptables -A INPUT \\', '  -s db.example.net -j ACCEPT'], 1, 'IPT401', 'shellscript'), undefined);
  });

  it('offers nothing when the code is already disabled there', () => {
    assert.equal(disableLineEdit(['# iptables-lint disable=IPT401', 'iptables -A INPUT -s db.example.net -j ACCEPT'], 1, 'IPT401', 'shellscript'), undefined);
  });

  it('ends a new comment line the way the file ends its lines', () => {
    const edit = disableLineEdit(['iptables -A INPUT -s db.example.net -j ACCEPT'], 0, 'IPT401', 'shellscript', '\r\n');
    assert.equal(edit?.newText, '# iptables-lint disable=IPT401\r\n');
  });

  it('extends an existing disable-file comment', () => {
    const edit = disableFileEdit(['#!/bin/sh', '# iptables-lint disable-file=IPT302', 'iptables -F'], 'IPT401');
    assert.deepEqual(edit, { range: { start: { line: 1, character: 35 }, end: { line: 1, character: 35 } }, newText: ',IPT401' });
  });
});

describe('LSP: snippets without snippet support', () => {
  it('fills placeholders with their defaults', () => {
    assert.equal(plainText('-A ${1|INPUT,OUTPUT|} -p tcp --dport ${2:22} -j ACCEPT$0'), '-A INPUT -p tcp --dport 22 -j ACCEPT');
  });
});
