import type { Finding } from '../core/finding';
import type { Ruleset } from '../model/ruleset';
import type { Statement } from '../model/statement';
import type { Problem } from './problem';

export type LanguageId = 'shellscript' | 'iptables';

export interface PhaseTimings {
  /** From the text to parsed iptables commands: the shell parse, evaluation and iptables parse together. */
  frontEnd: number;
  /**
   * The front end's split, for a script only when `timePhases` was asked for (a script goes through
   * the three one top-level command at a time, so the split means timing every step of every command).
   * A restore file has no shell steps: 0 and 0, and its iptables parse is the whole front end.
   */
  shellParse?: number;
  evaluate?: number;
  iptablesParse?: number;
  model: number;
  checks: number;
  total: number;
}

/** Everything the engine knows about one document. Adapters (LSP, CLI) read it; nothing writes back. */
export interface Analysis {
  text: string;
  languageId: LanguageId;
  /** Every parsed iptables command, in execution order. */
  statements: Statement[];
  /** Problems found by the lower layers, claimed by the check that owns their code. */
  problems: Problem[];
  ruleset: Ruleset;
  findings: Finding[];
  timings: PhaseTimings;
}
