import type { ArgWord } from '../../server/src/eval/invocation';
import type { Range } from '../../server/src/core/range';

/**
 * The words of a one-line command as the shell would pass them, with their columns: spaces split,
 * "double quotes" group (and are removed), `$NAME` stands for a value the script cannot know.
 */
export function argWords(line: string, lineNumber = 0): ArgWord[] {
  const words: ArgWord[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < line.length && line[i] !== ' ') {
      if (line[i] === '"') {
        const close = line.indexOf('"', i + 1);
        value += line.slice(i + 1, close);
        i = close + 1;
      } else {
        value += line[i++];
      }
    }
    words.push({ value, known: !value.startsWith('$'), range: span(lineNumber, start, i) });
  }
  return words;
}

export function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

export const WHOLE_LINE: Range = span(0, 0, 200);
