// Placeholder until the shell front end lands (issue #2): the signature is the contract.
import type { Problem } from '../engine/problem';
export interface Script { kind: 'script' }
export function parseShell(_text: string): { script: Script; problems: Problem[] } {
  return { script: { kind: 'script' }, problems: [] };
}
