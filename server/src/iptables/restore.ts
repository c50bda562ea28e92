// Placeholder until the restore parser lands (issue #2): the signature is the contract.
import type { Problem } from '../engine/problem';
import type { SourceLine } from '../eval/invocation';
import type { Family, IptCommand } from './rule';
export function parseRestore(
  _lines: SourceLine[],
  _family: Family,
  _options: { noflush: boolean },
): { commands: IptCommand[]; problems: Problem[] } {
  return { commands: [], problems: [] };
}
