/**
 * Every iptables command of the fixture scripts (test/fixtures/scripts/*.sh and examples/*.sh), as
 * the engine's shell front end and evaluator see them, ready to run in a namespace on its own:
 * with the user chains it needs created first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateScript } from '../../../server/src/eval/evaluate';
import { BUILTIN_CHAIN_NAMES, lookupTarget } from '../../../server/src/iptables/grammar';
import { parseArgs } from '../../../server/src/iptables/parseCommand';
import { parseShell } from '../../../server/src/shell/parser';
import type { KernelCommand } from './harness';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURE_DIRS = [join(ROOT, 'test', 'fixtures', 'scripts'), join(ROOT, 'examples')];

/** Commands whose outcome depends on rules or chains earlier in the script: not meaningful one by one. */
const STATE_DEPENDENT = new Set(['-D', '--delete', '-R', '--replace', '-C', '--check', '-E', '--rename-chain', '-X', '--delete-chain']);

export function fixtureCommands(): { commands: (KernelCommand & { source: string })[]; files: number; skipped: number } {
  const commands: (KernelCommand & { source: string })[] = [];
  let files = 0;
  let skipped = 0;
  for (const dir of FIXTURE_DIRS) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.sh')).sort()) {
      files++;
      const text = readFileSync(join(dir, name), 'utf8');
      const { invocations } = evaluateScript(parseShell(text).script, text);
      for (const inv of invocations) {
        if (inv.program !== 'iptables' && inv.program !== 'ip6tables') continue;
        if (inv.args.some((a) => !a.known)) continue;
        const args = inv.args.map((a) => a.value);
        if (args.some((a) => STATE_DEPENDENT.has(a)) || (args.includes('-I') && /^\d+$/.test(args[args.indexOf('-I') + 2] ?? '') && args[args.indexOf('-I') + 2] !== '1')) {
          skipped++;
          continue;
        }
        const family = inv.program === 'ip6tables' ? 'ipv6' : 'ipv4';
        const parsed = parseArgs(inv.args, family, inv.range);
        const table = parsed.command?.table ?? tableOf(args);
        const chain = parsed.command?.chain?.value ?? 'INPUT';
        const needsChains = new Set<string>();
        const op = parsed.command?.op;
        if (op !== 'new-chain' && !BUILTIN_CHAIN_NAMES.has(chain)) needsChains.add(chain);
        const target = parsed.command?.rule?.target?.name;
        if (target && !lookupTarget(target) && !BUILTIN_CHAIN_NAMES.has(target)) needsChains.add(target);
        commands.push({
          family,
          args,
          table,
          chain,
          needsChains: [...needsChains],
          undo: op === 'new-chain' ? 'delete-chain' : op === 'policy' ? 'reset-policy' : undefined,
          source: `${name}:${inv.range.start.line + 1}`,
        });
      }
    }
  }
  return { commands, files, skipped };
}

function tableOf(args: string[]): string {
  const i = args.findIndex((a) => a === '-t' || a === '--table');
  return i >= 0 && args[i + 1] ? args[i + 1] : 'filter';
}
