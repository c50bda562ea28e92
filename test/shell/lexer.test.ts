import { strict as assert } from 'node:assert';
import { Lexer, Tok } from '../../server/src/shell/lexer';
import { LineIndex } from '../../server/src/shell/lineIndex';

/** Every token as `kind:text` (operators with their file descriptor), up to the end. */
function tokens(text: string): string[] {
  const lexer = new Lexer(text, new LineIndex(text), []);
  const out: string[] = [];
  for (lexer.next(); !lexer.at(Tok.Eof); lexer.next()) {
    if (lexer.at(Tok.Newline)) out.push('NL');
    else if (lexer.at(Tok.Op)) out.push(`${lexer.fd ?? ''}${lexer.op}`);
    else out.push(`w:${text.slice(lexer.start, lexer.end)}`);
  }
  return out;
}

describe('shell lexer', () => {
  it('reads every list and pipeline operator', () => {
    assert.deepEqual(tokens('a && b || c; d & e | f |& g ;; h ;& i ;;& j ( k )'), [
      'w:a', '&&', 'w:b', '||', 'w:c', ';', 'w:d', '&', 'w:e', '|', 'w:f', '|&', 'w:g', ';;', 'w:h', ';&', 'w:i', ';;&', 'w:j', '(', 'w:k', ')',
    ]);
  });

  it('reads redirections with file descriptors', () => {
    assert.deepEqual(tokens('x >f >>f <f 2>&1 &>f &>>f <>f >|f <<<w 10<&0 <<-E'), [
      'w:x', '>', 'w:f', '>>', 'w:f', '<', 'w:f', '2>&', 'w:1', '&>', 'w:f', '&>>', 'w:f', '<>', 'w:f', '>|', 'w:f', '<<<', 'w:w', '10<&', 'w:0', '<<-', 'w:E',
    ]);
  });

  it('keeps digits that are not a file descriptor in the word', () => {
    assert.deepEqual(tokens('iptables -I INPUT 1 -s 198.51.100.7'), ['w:iptables', 'w:-I', 'w:INPUT', 'w:1', 'w:-s', 'w:198.51.100.7']);
  });

  it('skips comments and line continuations but keeps newlines', () => {
    assert.deepEqual(tokens('a \\\n b # c d\n\ne#f'), ['w:a', 'w:b', 'NL', 'NL', 'w:e#f']);
  });

  it('keeps quoted operators and blanks inside one word', () => {
    // (Command substitutions need the parser: see parser.test.ts.)
    assert.deepEqual(tokens(`echo "a;b" 'c|d' e\\&f \${i:-j k}`), ['w:echo', 'w:"a;b"', "w:'c|d'", 'w:e\\&f', 'w:${i:-j k}']);
  });

  it('maps offsets to LSP positions for \\n, \\r\\n and lone \\r line ends', () => {
    const lines = new LineIndex('ab\r\ncd\ref\ngh');
    assert.deepEqual(lines.lineStarts, [0, 4, 7, 10]);
    assert.deepEqual(lines.position(5), { line: 1, character: 1 });
    assert.deepEqual(lines.position(8), { line: 2, character: 1 });
    assert.deepEqual(lines.range(10, 12), { start: { line: 3, character: 0 }, end: { line: 3, character: 2 } });
    assert.deepEqual(lines.position(999), { line: 3, character: 2 });
    assert.equal(lines.offset({ line: 2, character: 1 }), 8);
  });
});
