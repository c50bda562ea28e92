/**
 * Runs iptables commands through real iptables in a fresh network namespace and records, for each,
 * the exit status, the first line of its error, and the rules `iptables -S CHAIN` prints after it.
 * One bash process runs the whole batch inside the namespace (a few ms per command); the namespace
 * is deleted even when something fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Family } from '../../../server/src/iptables/rule';

export interface KernelCommand {
  family: Family;
  args: string[];
  /** Table and chain to list (and flush) after the command. */
  table: string;
  chain: string;
  /** Chains to create before the command (and delete after), e.g. a fixture's user chains. */
  needsChains: string[];
  undo?: 'delete-chain' | 'reset-policy';
}

export interface KernelResult {
  status: number;
  error: string;
  /** `-A …` lines of the listed chain after the command. */
  rules: string[];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function assertRootWithIptables(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('the parser oracle needs root (network namespaces and iptables); run the tests as root');
  }
  try {
    execFileSync('iptables', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('iptables is not installed: apt-get install iptables');
  }
}

/** Create the same user chains in every table of both families before the run. */
function setupScript(userChains: Readonly<Record<string, readonly string[]>>): string {
  const lines: string[] = [];
  for (const bin of ['iptables', 'ip6tables']) {
    for (const [table, chains] of Object.entries(userChains)) {
      for (const chain of chains) lines.push(`${bin} -t ${table} -N ${shellQuote(chain)}`);
    }
  }
  return lines.join('\n');
}

function commandBlock(index: number, c: KernelCommand): string {
  const bin = c.family === 'ipv4' ? 'iptables' : 'ip6tables';
  const t = shellQuote(c.table);
  const lines: string[] = [];
  for (const chain of c.needsChains) lines.push(`${bin} -t ${t} -N ${shellQuote(chain)} 2>/dev/null`);
  lines.push(`out=$(${bin} ${c.args.map(shellQuote).join(' ')} 2>&1 </dev/null); rc=$?`);
  lines.push(`echo "@@ ${index} $rc"`);
  lines.push(`if [ $rc -ne 0 ]; then printf '!! %s\\n' "$(printf '%s' "$out" | grep -v '^Try ' | grep -v '^ *$' | head -n 1)"; else ${bin} -t ${t} -S ${shellQuote(c.chain)} 2>/dev/null | grep '^-A '; ${bin} -t ${t} -F ${shellQuote(c.chain)} 2>/dev/null; fi`);
  if (c.undo === 'reset-policy') lines.push(`${bin} -t ${t} -P ${shellQuote(c.chain)} ACCEPT 2>/dev/null`);
  if (c.undo === 'delete-chain') lines.push(`${bin} -t ${t} -F ${shellQuote(c.chain)} 2>/dev/null; ${bin} -t ${t} -X ${shellQuote(c.chain)} 2>/dev/null`);
  for (const chain of c.needsChains) lines.push(`${bin} -t ${t} -F ${shellQuote(chain)} 2>/dev/null; ${bin} -t ${t} -X ${shellQuote(chain)} 2>/dev/null`);
  lines.push('true');
  return lines.join('\n');
}

export function runInNamespace(commands: KernelCommand[], userChains: Readonly<Record<string, readonly string[]>>): KernelResult[] {
  assertRootWithIptables();
  const ns = `iptparse-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'iptparse-'));
  const script = join(dir, 'run.sh');
  writeFileSync(script, [setupScript(userChains), ...commands.map((c, i) => commandBlock(i, c))].join('\n') + '\n');
  try {
    execFileSync('ip', ['netns', 'add', ns], { stdio: 'pipe' });
    const output = execFileSync('ip', ['netns', 'exec', ns, 'bash', script], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 240_000,
    });
    return parseOutput(output, commands.length);
  } finally {
    try {
      execFileSync('ip', ['netns', 'delete', ns], { stdio: 'pipe' });
    } catch {
      // Already gone (the add failed): nothing to clean.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Loads each file with iptables-restore, one after another, in a fresh namespace (`--test` only
 * parses: policies and chain references are checked when the kernel commits). Each file flushes the
 * tables it names, so earlier files do not leak into later ones.
 */
export function restoreTestInNamespace(files: readonly { family: Family; text: string }[]): KernelResult[] {
  assertRootWithIptables();
  const ns = `iptrestore-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'iptrestore-'));
  const lines: string[] = [];
  files.forEach((f, i) => {
    const path = join(dir, `${i}.rules`);
    writeFileSync(path, f.text);
    const bin = f.family === 'ipv4' ? 'iptables-restore' : 'ip6tables-restore';
    lines.push(`out=$(${bin} < ${shellQuote(path)} 2>&1); rc=$?`);
    lines.push(`echo "@@ ${i} $rc"`);
    lines.push(`if [ $rc -ne 0 ]; then printf '!! %s\\n' "$(printf '%s' "$out" | grep -v '^Try ' | grep -v '^ *$' | head -n 1)"; fi`);
  });
  const script = join(dir, 'run.sh');
  writeFileSync(script, lines.join('\n') + '\n');
  try {
    execFileSync('ip', ['netns', 'add', ns], { stdio: 'pipe' });
    const output = execFileSync('ip', ['netns', 'exec', ns, 'bash', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    return parseOutput(output, files.length);
  } finally {
    try {
      execFileSync('ip', ['netns', 'delete', ns], { stdio: 'pipe' });
    } catch {
      // Already gone (the add failed): nothing to clean.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseOutput(output: string, count: number): KernelResult[] {
  const results: KernelResult[] = [];
  let current: KernelResult | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('@@ ')) {
      const [, index, status] = line.split(' ');
      current = { status: Number(status), error: '', rules: [] };
      results[Number(index)] = current;
    } else if (!current) {
      continue;
    } else if (line.startsWith('!! ')) {
      current.error = line.slice(3);
    } else if (line.startsWith('-A ')) {
      current.rules.push(line);
    }
  }
  if (results.length !== count || results.some((r) => r === undefined)) {
    throw new Error(`the namespace run reported ${results.filter(Boolean).length} of ${count} commands`);
  }
  return results;
}
