import type { Family } from '../iptables/rule';
import type { CommandWord } from './commandAtCursor';
import { basicOption, implicitMatchOfProtocol, matchModule, targetSpec, type OptionSpec } from './grammarAdapter';

/** What the words before the cursor establish: the command, its chain, and the loaded matches and target. */
export interface CommandSoFar {
  op?: string;
  chain?: string;
  options: OptionSpec[];
  used: Set<string>;
  target?: string;
}

export function readCommand(words: readonly CommandWord[], family: Family): CommandSoFar {
  const state: CommandSoFar = { options: [], used: new Set() };
  for (let i = 0; i < words.length; i++) {
    const w = words[i].text;
    const next = words[i + 1]?.text;
    const basic = basicOption(w);
    if (basic) state.used.add(basic.names[0]);
    if (basic?.command) {
      state.op = basic.names[0];
      state.chain = next;
    } else if ((w === '-p' || w === '--protocol') && next) {
      const implicit = implicitMatchOfProtocol(next, family);
      if (implicit) state.options.push(...implicit.options);
    } else if ((w === '-m' || w === '--match') && next) {
      const module = matchModule(next);
      if (module) state.options.push(...module.options);
    } else if ((w === '-j' || w === '--jump' || w === '-g' || w === '--goto') && next) {
      state.target = next;
      const target = targetSpec(next);
      if (target) state.options.push(...target.options);
    } else if (w.startsWith('--')) {
      state.used.add(w);
    }
  }
  return state;
}
