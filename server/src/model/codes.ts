/**
 * Codes of the problems the model finds while applying commands: what iptables would refuse given
 * the state at that point (what iptables refuses whatever the state, such as `-P INPUT REJECT`, the
 * parser reports). IPT147 is left free. Each is owned (and documented) by checks/IPTnnn.ts of the same code.
 */
export const MODEL_CODES = {
  /** `-D` of a rule that is not in the chain. */
  deleteMissing: 'IPT140',
  /** `-j`/`-g` to a chain that does not exist (and is no target). */
  undefinedJump: 'IPT141',
  /** `-X` of a chain some rule still jumps to. */
  chainReferenced: 'IPT142',
  /** `-X` of a chain that still has rules. */
  chainNotEmpty: 'IPT143',
  /** `-X` of a built-in chain or of a chain that does not exist. */
  deleteChainInvalid: 'IPT144',
  /** `-N` of a chain that exists. */
  chainExists: 'IPT145',
  /** A jump that lets packets of a built-in chain go round a loop of user chains. */
  jumpLoop: 'IPT146',
  /** `-E` of a missing or built-in chain, or to a name that is taken. */
  renameClash: 'IPT148',
  /** `-I`/`-R`/`-D` with a rule number past the end of the chain. */
  ruleNumber: 'IPT149',
  /** `-A`, `-I`, `-F`… on a chain that does not exist. */
  noSuchChain: 'IPT150',
  /** A target or match bound to some hooks (MASQUERADE, owner…) in a user chain another built-in chain reaches. */
  hookBound: 'IPT151',
} as const;
