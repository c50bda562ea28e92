/**
 * Which command names run iptables, and which wrappers (`sudo`, `nice`, `env`…) pass their arguments
 * on to another command that we can follow.
 */
import type { Program } from './invocation';

const PROGRAMS = new Map<string, Program>();
for (const family of ['iptables', 'ip6tables'] as const) {
  for (const variant of ['', '-legacy', '-nft']) {
    PROGRAMS.set(family + variant, family);
    PROGRAMS.set(`${family}${variant}-restore`, `${family}-restore`);
  }
}

/** `/usr/sbin/ip6tables-nft` → `ip6tables`; `iptables-legacy-restore` → `iptables-restore`. */
export function programOf(commandName: string): Program | undefined {
  return lookUp(commandName).program;
}

/** The program every candidate names, when they all agree. */
export function programOfCandidates(candidates: string[] | undefined): Program | undefined {
  if (!candidates || candidates.length === 0) return undefined;
  const first = programOf(candidates[0]);
  return first && candidates.every((c) => programOf(c) === first) ? first : undefined;
}

/** What a command name is: its base name, and the program or the wrapper it names. */
interface CommandName {
  basename: string;
  program: Program | undefined;
  wrapperOptions: Set<string> | undefined;
}

// A script runs its commands by a few names (`$IPT`, `[`, its functions), most often the last one again:
// each is looked up once. The names seen are remembered up to a bound (a script may have any number),
// and for one script only (`forgetCommandNames`): a name may be a slice that keeps its whole text alive.
const COMMAND_NAMES_KEPT = 1024;
const commandNames = new Map<string, CommandName>();
/** What the empty name is (the one remembered before any lookup). */
const NO_NAME: CommandName = { basename: '', program: undefined, wrapperOptions: undefined };
let lastCommandName = '';
let lastKnown = NO_NAME;

function lookUp(commandName: string): CommandName {
  if (commandName === lastCommandName) return lastKnown;
  let known = commandNames.get(commandName);
  if (known === undefined) {
    const slash = commandName.lastIndexOf('/');
    const basename = slash >= 0 ? commandName.slice(slash + 1) : commandName;
    known = { basename, program: PROGRAMS.get(basename), wrapperOptions: WRAPPER_OPTIONS_WITH_ARGUMENT.get(basename) };
    if (commandNames.size >= COMMAND_NAMES_KEPT) commandNames.clear();
    commandNames.set(commandName, known);
  }
  lastCommandName = commandName;
  lastKnown = known;
  return known;
}

/** Called as a script's evaluation begins: the names of the last one are let go. */
export function forgetCommandNames(): void {
  commandNames.clear();
  lastCommandName = '';
  lastKnown = NO_NAME;
}

export function basename(commandName: string): string {
  return lookUp(commandName).basename;
}

/** The options of each wrapper that take a separate argument (`sudo -u root`, `nice -n 10`). */
const WRAPPER_OPTIONS_WITH_ARGUMENT = new Map<string, Set<string>>(Object.entries({
  sudo: new Set(['-u', '-g', '-p', '-C', '-h', '-U', '-r', '-t', '-D', '-R', '-T', '--user', '--group', '--prompt', '--chdir']),
  doas: new Set(['-u', '-C']),
  exec: new Set(['-a']),
  nice: new Set(['-n', '--adjustment']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S']),
  nohup: new Set(),
  time: new Set(['-f', '-o']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
  stdbuf: new Set(['-i', '-o', '-e']),
  ionice: new Set(['-c', '-n', '-p', '-P', '-u']),
  chrt: new Set(),
  command: new Set(),
  builtin: new Set<string>(),
}));

/**
 * Skip wrapper commands among the words `values[index…end)` (`known[i]`: the word is a constant): returns
 * the index of the command that really runs, or -1 when the words do not run a command at all
 * (`command -v iptables` only asks where it is).
 */
export function skipWrappers(values: readonly string[], known: readonly boolean[], index: number, end: number): number {
  let i = index;
  while (i < end && known[i]) {
    const command = lookUp(values[i]);
    const name = command.basename;
    if (name === 'ip' && i + 2 < end && values[i + 1] === 'netns' && values[i + 2] === 'exec') {
      i += 4; // ip netns exec NAME command…
      continue;
    }
    const withArgument = command.wrapperOptions;
    if (!withArgument) return i;
    i++;
    while (i < end && known[i]) {
      const w = values[i];
      if (w === '--') {
        i++;
        break;
      }
      if (name === 'command' && (w === '-v' || w === '-V')) return -1;
      if ((name === 'env' || name === 'sudo') && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
        i++;
        continue;
      }
      if (!w.startsWith('-') || w === '-') break;
      i += withArgument.has(w) ? 2 : 1;
    }
    // `timeout 10 iptables …`: the duration comes before the command.
    if (name === 'timeout' && i < end) i++;
  }
  return i < end ? i : -1;
}

/** Commands that run another command line we cannot follow statically. */
export const OPAQUE_RUNNERS = new Set(['eval', 'trap', 'xargs', 'parallel', 'sh', 'bash', 'dash', 'zsh', 'ksh', 'su', 'ssh', 'find', 'watch', 'flock', 'runuser', 'setsid', 'unshare', 'nsenter']);

/** Options that make an unresolved command look like an iptables call (`$IPT -A INPUT …`). */
export const IPTABLES_COMMAND_FLAGS = new Set([
  '-A', '-I', '-D', '-R', '-N', '-X', '-F', '-P', '-Z', '-E', '-L', '-S', '-C', '-t',
  '--append', '--insert', '--delete', '--replace', '--new-chain', '--delete-chain', '--flush', '--policy',
  '--zero', '--rename-chain', '--list', '--list-rules', '--check', '--table',
]);

/** What follows those options in an iptables call: a built-in chain or a table. */
export const IPTABLES_FIRST_OPERANDS = new Set([
  'INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING', 'filter', 'nat', 'mangle', 'raw', 'security',
]);

export function mentionsIptables(text: string): boolean {
  return text.includes('iptables') || text.includes('ip6tables');
}
