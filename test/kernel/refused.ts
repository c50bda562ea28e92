import { execFileSync } from 'node:child_process';

/** Runs `body` with a network namespace of that name made for it, and deletes the namespace after. */
export function inFreshNamespace<T>(namespace: string, body: () => T): T {
  execFileSync('ip', ['netns', 'add', namespace]);
  try {
    return body();
  } finally {
    execFileSync('ip', ['netns', 'del', namespace]);
  }
}

/**
 * Runs each line (an iptables command, words split on spaces) in a fresh network namespace of its own,
 * in order, and gives the 1-based numbers of the lines iptables refused (a non-zero exit).
 */
export function linesRefusedByKernel(lines: string[], namespace: string): number[] {
  return inFreshNamespace(namespace, () => {
    const refused: number[] = [];
    lines.forEach((line, i) => {
      try {
        execFileSync('ip', ['netns', 'exec', namespace, ...line.split(' ')], { stdio: 'pipe' });
      } catch {
        refused.push(i + 1);
      }
    });
    return refused;
  });
}
