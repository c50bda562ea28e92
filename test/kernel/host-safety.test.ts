/**
 * The host-safety checks (IPT501 SSH lockout, IPT502 loopback dropped, IPT503 RELATED dropped) make
 * claims about traffic: each is checked here against real iptables in network namespaces, on the
 * check's own script and on the corrected one, with real connections.
 */
import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { analyze } from '../../server/src/engine/analyze';

const exec = promisify(execFile);
const AGENT = join(__dirname, 'hostSafety', 'probeAgent.cjs');
const SERVER = '10.201.0.1';
const CLIENT = '10.201.0.2';

async function sh(...args: string[]): Promise<string> {
  return (await exec(args[0], args.slice(1))).stdout;
}

interface Hosts {
  server: string;
  client: string;
}

let counter = 0;

/** A server and a client namespace joined by a veth pair; both are deleted afterwards, whatever happens. */
async function withHosts<T>(script: string, body: (hosts: Hosts) => Promise<T>): Promise<T> {
  const tag = `${process.pid}-${counter++}`;
  const hosts = { server: `hsafe-s-${tag}`, client: `hsafe-c-${tag}` };
  const dir = mkdtempSync(join(tmpdir(), 'hsafe-'));
  try {
    await sh('ip', 'netns', 'add', hosts.server);
    await sh('ip', 'netns', 'add', hosts.client);
    const [a, b] = [`hs${process.pid % 100000}x${counter}`, `hc${process.pid % 100000}x${counter}`];
    await sh('ip', 'link', 'add', a, 'type', 'veth', 'peer', 'name', b);
    await sh('ip', 'link', 'set', a, 'netns', hosts.server);
    await sh('ip', 'link', 'set', b, 'netns', hosts.client);
    for (const [ns, dev, address] of [[hosts.server, a, SERVER], [hosts.client, b, CLIENT]]) {
      await sh('ip', '-n', ns, 'link', 'set', dev, 'name', 'eth0');
      await sh('ip', '-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await sh('ip', '-n', ns, 'link', 'set', 'eth0', 'up');
      await sh('ip', '-n', ns, 'link', 'set', 'lo', 'up');
    }
    const file = join(dir, 'firewall.sh');
    writeFileSync(file, script);
    await sh('ip', 'netns', 'exec', hosts.server, 'sh', file);
    return await body(hosts);
  } finally {
    await exec('ip', ['netns', 'del', hosts.server]).catch(() => undefined);
    await exec('ip', ['netns', 'del', hosts.client]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function listen(ns: string, host: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, AGENT, 'listen', host, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const timer = setTimeout(() => reject(new Error('listener did not start')), 10_000);
    child.stdout!.on('data', (d) => {
      if (String(d).includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`listener exited with ${code}`)));
  });
}

/** Connect from `ns` to host:port with a real TCP connection; true when the ping came back. */
async function tcpPasses(hosts: Hosts, listenerNs: string, fromNs: string, host: string, port: number): Promise<boolean> {
  const listener = await listen(listenerNs, host, port);
  try {
    const out = await sh('ip', 'netns', 'exec', fromNs, process.execPath, AGENT, 'connect', host, String(port), '900');
    return out.trim() === 'pass';
  } finally {
    listener.kill();
  }
}

function codesOf(script: string): string[] {
  const a = analyze(script, { languageId: 'shellscript' });
  assert.ok(a);
  return a.findings.map((f) => `${f.code}@${f.range.start.line + 1}`);
}

describe('host-safety checks against the kernel', function () {
  this.timeout(60_000);

  before(() => {
    assert.equal(process.getuid?.(), 0, 'these tests need root: network namespaces and iptables');
  });

  const webOnly = [
    'iptables -P INPUT DROP',
    'iptables -A INPUT -i lo -j ACCEPT',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    'iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
    '',
  ].join('\n');
  const withSsh = webOnly + `iptables -A INPUT -p tcp -s ${CLIENT.replace(/\d+$/, '0')}/24 --dport 22 -j ACCEPT\n`;

  it('IPT501: SSH from the client is really refused, and the check says so on the policy', async () => {
    assert.ok(codesOf(webOnly).includes('IPT501@1'), codesOf(webOnly).join(' '));
    const passes = await withHosts(webOnly, (h) => tcpPasses(h, h.server, h.client, SERVER, 22));
    assert.equal(passes, false, 'the kernel let SSH through');
  });

  it('IPT501: silent, and SSH really works, once the admin network may connect', async () => {
    assert.deepEqual(codesOf(withSsh).filter((c) => c.startsWith('IPT501')), []);
    const passes = await withHosts(withSsh, (h) => tcpPasses(h, h.server, h.client, SERVER, 22));
    assert.equal(passes, true, 'the kernel dropped SSH from the admin network');
  });

  const noLoopback = [
    'iptables -P INPUT DROP',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
    '',
  ].join('\n');
  const loopback = noLoopback.replace('iptables -A INPUT -m', 'iptables -A INPUT -i lo -j ACCEPT\niptables -A INPUT -m');

  it('IPT502: a local PostgreSQL on 127.0.0.1 is really unreachable, and the check names it', async () => {
    const a = analyze(noLoopback, { languageId: 'shellscript' })!;
    const f = a.findings.find((x) => x.code === 'IPT502');
    assert.ok(f, 'no IPT502');
    assert.match(f.message, /PostgreSQL tcp\/5432/);
    const passes = await withHosts(noLoopback, (h) => tcpPasses(h, h.server, h.server, '127.0.0.1', 5432));
    assert.equal(passes, false, 'the kernel let loopback through');
  });

  it('IPT502: silent, and localhost works, with `-i lo -j ACCEPT`', async () => {
    assert.deepEqual(codesOf(loopback).filter((c) => c.startsWith('IPT502')), []);
    const passes = await withHosts(loopback, (h) => tcpPasses(h, h.server, h.server, '127.0.0.1', 5432));
    assert.equal(passes, true);
  });

  const establishedOnly = [
    'iptables -P OUTPUT DROP',
    'iptables -A OUTPUT -o lo -j ACCEPT',
    'iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT',
    '',
  ].join('\n');
  const withRelated = establishedOnly.replace('ESTABLISHED -j', 'ESTABLISHED,RELATED -j');

  async function udpAnswer(script: string): Promise<string> {
    return withHosts(script, async (h) => (await sh('ip', 'netns', 'exec', h.client, process.execPath, AGENT, 'udp', SERVER, '9', '900')).trim());
  }

  it('IPT503: the ICMP "port unreachable" really never leaves, and the check points at the ESTABLISHED rule', async () => {
    assert.ok(codesOf(establishedOnly).includes('IPT503@3'), codesOf(establishedOnly).join(' '));
    assert.equal(await udpAnswer(establishedOnly), 'silent');
  });

  it('IPT503: its fix is right: with RELATED the error comes back and the check is silent', async () => {
    const a = analyze(establishedOnly, { languageId: 'shellscript' })!;
    const fix = a.findings.find((x) => x.code === 'IPT503')!.fixes[0];
    const lines = establishedOnly.split('\n');
    const e = fix.edits[0];
    lines[e.range.start.line] = lines[e.range.start.line].slice(0, e.range.start.character) + e.newText + lines[e.range.start.line].slice(e.range.end.character);
    assert.equal(lines.join('\n'), withRelated);
    assert.deepEqual(codesOf(withRelated).filter((c) => c.startsWith('IPT503')), []);
    assert.equal(await udpAnswer(withRelated), 'refused');
  });
});
