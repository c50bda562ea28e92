import { execFileSync } from 'node:child_process';

/**
 * Runs each line (an iptables command, words split on spaces) in a fresh network namespace of its own,
 * in order, and gives the 1-based numbers of the lines iptables refused (a non-zero exit).
 */
export function linesRefusedByKernel(lines: string[], namespace: string): number[] {
  execFileSync('ip', ['netns', 'add', namespace]);
  try {
    const refused: number[] = [];
    lines.forEach((line, i) => {
      try {
        execFileSync('ip', ['netns', 'exec', namespace, ...line.split(' ')], { stdio: 'pipe' });
      } catch {
        refused.push(i + 1);
      }
    });
    return refused;
  } finally {
    execFileSync('ip', ['netns', 'del', namespace]);
  }
}
