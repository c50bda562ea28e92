/**
 * The kernel scenario harness: each scenario gets a server and a client network namespace joined by
 * a veth pair (eth0 on both sides), is loaded into the server with real iptables, and its labelled
 * flows are tried with real TCP connections. Everything runs between the two namespaces; both are
 * deleted when the scenario ends, whatever happened.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const AGENT = join(__dirname, 'flowAgent.cjs');
/** Long enough for a connection between namespaces (microseconds), short of TCP's 1 s SYN retransmit. */
const CONNECT_MS = 900;

/** The server (the firewall) is 10.200.0.1 on eth0 and, when a scenario routes, 10.201.0.1 on eth1 towards a backend. */
export const ADDRESSES = { server: '10.200.0.1', client: '10.200.0.2', client2: '10.200.0.3', backend: '10.201.0.2' } as const;
export type Host = keyof typeof ADDRESSES;

/** How a flow's first packet crosses the server's filter table, and which chain its replies cross. */
export function routeOf(flow: Flow): { hook: 'INPUT' | 'OUTPUT' | 'FORWARD'; inInterface?: string; outInterface?: string; replyChain: 'INPUT' | 'OUTPUT' | 'FORWARD' } {
  if (flow.to === 'server') return { hook: 'INPUT', inInterface: 'eth0', replyChain: 'OUTPUT' };
  if (flow.from === 'server') return { hook: 'OUTPUT', outInterface: flow.to === 'backend' ? 'eth1' : 'eth0', replyChain: 'INPUT' };
  return flow.to === 'backend'
    ? { hook: 'FORWARD', inInterface: 'eth0', outInterface: 'eth1', replyChain: 'FORWARD' }
    : { hook: 'FORWARD', inInterface: 'eth1', outInterface: 'eth0', replyChain: 'FORWARD' };
}

export interface Flow {
  from: Host;
  to: Host;
  protocol: 'tcp' | 'udp';
  port: number;
  expect: 'pass' | 'blocked';
  /** The header line, 1-based. */
  line: number;
}

export interface Scenario {
  file: string;
  name: string;
  text: string;
  languageId: 'shellscript' | 'iptables';
  flows: Flow[];
  /** `CODE@line` of every IPT201/IPT202/IPT301/IPT302/IPT401 finding the author expects. */
  findings: string[];
  /** Host names replaced by addresses for the kernel run (lint sees the names). */
  substitutions: [string, string][];
  /** Why it is linted only (it needs DNS): not loaded into the kernel. */
  lintOnly?: string;
}

export function readScenario(file: string): Scenario {
  const text = readFileSync(file, 'utf8');
  const scenario: Scenario = {
    file,
    name: basename(file),
    text,
    languageId: file.endsWith('.rules') ? 'iptables' : 'shellscript',
    flows: [],
    findings: [],
    substitutions: [],
  };
  text.split('\n').forEach((line, i) => {
    const m = /^#\s*(flow|findings|kernel-substitute|lint-only):\s*(.*)$/.exec(line);
    if (!m) return;
    const value = m[2].trim();
    switch (m[1]) {
      case 'flow': {
        const f = /^(server|client2?|backend)->(server|client2?|backend) (tcp|udp) (\d+) (pass|blocked)$/.exec(value);
        if (!f) throw new Error(`${file}:${i + 1}: cannot read flow "${value}"`);
        scenario.flows.push({ from: f[1] as Host, to: f[2] as Host, protocol: f[3] as Flow['protocol'], port: Number(f[4]), expect: f[5] as Flow['expect'], line: i + 1 });
        break;
      }
      case 'findings':
        if (value !== 'none') scenario.findings.push(...value.split(/\s+/));
        break;
      case 'kernel-substitute': {
        const [name, address] = value.split('=');
        scenario.substitutions.push([name, address]);
        break;
      }
      case 'lint-only':
        scenario.lintOnly = value;
        break;
    }
  });
  return scenario;
}

export interface FlowResult {
  flow: Flow;
  passed: boolean;
  /** Blocked, but passes once the reply chain accepts ESTABLISHED traffic first: it died for reply reasons. */
  diesForReplies: boolean;
}

export interface KernelRun {
  /** `iptables -S` of the filter table after loading. */
  rules: string[];
  /** Packet counters per chain, in rule order (iptables-save -c), after the flows. */
  counters: Map<string, number[]>;
  flows: FlowResult[];
}

export function assertKernelTools(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('the kernel scenario suite needs root (network namespaces, iptables); run the tests as root');
  }
}

async function sh(...args: string[]): Promise<string> {
  const { stdout } = await exec(args[0], args.slice(1), { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Load the scenario into fresh namespaces, try its flows, and find out why blocked flows die. */
export async function runInKernel(scenario: Scenario, index: number): Promise<KernelRun> {
  const tag = `${process.pid}-${index}`;
  const server = `kscn-s-${tag}`;
  const client = `kscn-c-${tag}`;
  const backend = `kscn-b-${tag}`;
  const dir = mkdtempSync(join(tmpdir(), 'kscn-'));
  const listeners: ChildProcess[] = [];
  try {
    await sh('ip', 'netns', 'add', server);
    await sh('ip', 'netns', 'add', client);
    const [vs, vc] = [`ks${process.pid % 100000}x${index}`, `kc${process.pid % 100000}x${index}`];
    await sh('ip', 'link', 'add', vs, 'type', 'veth', 'peer', 'name', vc);
    await sh('ip', 'link', 'set', vs, 'netns', server);
    await sh('ip', 'link', 'set', vc, 'netns', client);
    for (const [ns, dev, addresses] of [[server, vs, [ADDRESSES.server]], [client, vc, [ADDRESSES.client, ADDRESSES.client2]]] as const) {
      await sh('ip', '-n', ns, 'link', 'set', dev, 'name', 'eth0');
      for (const a of addresses) await sh('ip', '-n', ns, 'addr', 'add', `${a}/24`, 'dev', 'eth0');
      await sh('ip', '-n', ns, 'link', 'set', 'eth0', 'up');
      await sh('ip', '-n', ns, 'link', 'set', 'lo', 'up');
    }
    const routed = scenario.flows.some((f) => f.from === 'backend' || f.to === 'backend');
    if (routed) {
      // A second link, server eth1 ↔ backend eth0, with the server routing between the two.
      await sh('ip', 'netns', 'add', backend);
      const [vr, vb] = [`kr${process.pid % 100000}x${index}`, `kb${process.pid % 100000}x${index}`];
      await sh('ip', 'link', 'add', vr, 'type', 'veth', 'peer', 'name', vb);
      await sh('ip', 'link', 'set', vr, 'netns', server);
      await sh('ip', 'link', 'set', vb, 'netns', backend);
      await sh('ip', '-n', server, 'link', 'set', vr, 'name', 'eth1');
      await sh('ip', '-n', server, 'addr', 'add', '10.201.0.1/24', 'dev', 'eth1');
      await sh('ip', '-n', server, 'link', 'set', 'eth1', 'up');
      await sh('ip', '-n', backend, 'link', 'set', vb, 'name', 'eth0');
      await sh('ip', '-n', backend, 'addr', 'add', `${ADDRESSES.backend}/24`, 'dev', 'eth0');
      await sh('ip', '-n', backend, 'link', 'set', 'eth0', 'up');
      await sh('ip', '-n', backend, 'link', 'set', 'lo', 'up');
      await sh('ip', '-n', backend, 'route', 'add', 'default', 'via', '10.201.0.1');
      await sh('ip', '-n', client, 'route', 'add', 'default', 'via', ADDRESSES.server);
      await sh('ip', 'netns', 'exec', server, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    }

    let text = scenario.text;
    for (const [name, address] of scenario.substitutions) text = text.split(name).join(address);
    const file = join(dir, scenario.name);
    writeFileSync(file, text);
    if (scenario.languageId === 'iptables') await sh('ip', 'netns', 'exec', server, 'iptables-restore', file);
    else await sh('ip', 'netns', 'exec', server, 'bash', file);
    const rules = (await sh('ip', 'netns', 'exec', server, 'iptables', '-S')).trim().split('\n');

    const portsTo = (host: Host, protocol: Flow['protocol']) => [
      ...new Set(scenario.flows.filter((f) => f.protocol === protocol && (f.to === host || (host === 'client' && f.to === 'client2'))).map((f) => f.port)),
    ];
    listeners.push(await listen(server, portsTo('server', 'tcp'), portsTo('server', 'udp')));
    listeners.push(await listen(client, portsTo('client', 'tcp'), portsTo('client', 'udp')));
    if (routed) listeners.push(await listen(backend, portsTo('backend', 'tcp'), portsTo('backend', 'udp')));

    const attempt = async (flows: Flow[]) => {
      const groups = new Map<string, Flow[]>();
      for (const f of flows) {
        const key = `${f.from}>${f.to}>${f.protocol}`;
        groups.set(key, [...(groups.get(key) ?? []), f]);
      }
      const passed = new Map<Flow, boolean>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { from, to, protocol } = group[0];
          const ns = from === 'server' ? server : from === 'backend' ? backend : client;
          const local = from === 'client2' ? [ADDRESSES.client2] : from === 'client' ? [ADDRESSES.client] : [];
          const out = await sh('ip', 'netns', 'exec', ns, process.execPath, AGENT, protocol === 'tcp' ? 'connect' : 'udp', ADDRESSES[to], group.map((f) => f.port).join(','), String(CONNECT_MS), ...local);
          const result = JSON.parse(out) as Record<string, boolean>;
          for (const f of group) passed.set(f, result[f.port] === true);
        }),
      );
      return passed;
    };

    const first = await attempt(scenario.flows);
    const counters = parseCounters(await sh('ip', 'netns', 'exec', server, 'iptables-save', '-c', '-t', 'filter'));

    // Why did the blocked ones die? Let ESTABLISHED traffic through the reply chain first and retry.
    const diesForReplies = new Set<Flow>();
    for (const replyChain of ['OUTPUT', 'INPUT', 'FORWARD'] as const) {
      const blocked = scenario.flows.filter((f) => !first.get(f) && routeOf(f).replyChain === replyChain);
      if (blocked.length === 0) continue;
      const rule = [replyChain, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'];
      await sh('ip', 'netns', 'exec', server, 'iptables', '-I', ...rule);
      const second = await attempt(blocked);
      await sh('ip', 'netns', 'exec', server, 'iptables', '-D', ...rule);
      for (const f of blocked) if (second.get(f)) diesForReplies.add(f);
    }
    return { rules, counters, flows: scenario.flows.map((flow) => ({ flow, passed: first.get(flow)!, diesForReplies: diesForReplies.has(flow) })) };
  } finally {
    for (const l of listeners) l.kill();
    await exec('ip', ['netns', 'del', server]).catch(() => undefined);
    await exec('ip', ['netns', 'del', client]).catch(() => undefined);
    await exec('ip', ['netns', 'del', backend]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(ns: string, tcpPorts: number[], udpPorts: number[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, AGENT, 'listen', tcpPorts.join(','), udpPorts.join(',')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const timer = setTimeout(() => reject(new Error(`listener in ${ns} did not start`)), 10_000);
    child.stdout!.on('data', (d) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`listener in ${ns} exited with ${code}`));
    });
  });
}

/** `[pkts:bytes] -A CHAIN …` lines → packets per rule, per chain, in order. */
function parseCounters(save: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of save.split('\n')) {
    const m = /^\[(\d+):\d+\] -A (\S+)/.exec(line);
    if (!m) continue;
    out.set(m[2], [...(out.get(m[2]) ?? []), Number(m[1])]);
  }
  return out;
}

/** Run `task` over `items` with at most `limit` at a time, keeping the order of the results. */
export async function inParallel<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
