import type { Invocation, Origin } from '../eval/invocation';
import type { IptCommand } from '../iptables/rule';

/** A parsed iptables command with where it came from, in execution order. */
export interface Statement {
  command: IptCommand;
  /** The shell invocation it came from (absent for a line of a restore file given directly). */
  invocation?: Invocation;
  /** May or may not run (under `if`, `case`, `&&`…). Checks never claim certainty from such a statement. */
  conditional: boolean;
  origins: Origin[];
  /** Position in execution order. */
  index: number;
}
