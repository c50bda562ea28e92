import type { Range } from '../core/range';
import type { Invocation, Origin } from '../eval/invocation';
import type { IptCommand } from '../iptables/rule';

/** A parsed iptables command with where it came from, in execution order. */
export interface Statement {
  command: IptCommand;
  /**
   * A line of iptables-restore input fed by the script (`iptables-restore <<EOF`): that invocation.
   * Absent for an iptables command (whose range is the command's) and for a restore file read directly.
   */
  invocation?: Invocation;
  /** An iptables command of a shell script: its program name as written (`$IPT`, `iptables`, `sudo iptables`…). */
  programRange?: Range;
  /** May or may not run (under `if`, `case`, `&&`…). Checks never claim certainty from such a statement. */
  conditional: boolean;
  origins: Origin[];
  /** Position in execution order. */
  index: number;
}
