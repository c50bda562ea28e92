import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  MATCHES,
  TARGETS,
  canonicalProtocol,
  conntrackStates,
  docFor,
  implicitModuleFor,
  lookupMatch,
  lookupService,
  optionDoc,
  optionsInContext,
  targetsFor,
  wellKnownPorts,
} from '../../server/src/iptables/grammar';
import { isHostname } from '../../server/src/iptables/addresses';

describe('iptables grammar data', () => {
  it('documents every match, target and option in one line', () => {
    for (const m of [...MATCHES, ...TARGETS]) {
      assert.ok(m.doc.length > 10 && !m.doc.includes('\n'), `${m.name} has no one-line doc`);
      for (const o of m.options) assert.ok(o.doc.length > 3 && !o.doc.includes('\n'), `${m.name} ${o.name} has no doc`);
    }
  });

  it('covers every match and target section of iptables-extensions(8)', function () {
    let page: string;
    try {
      page = execFileSync('man', ['8', 'iptables-extensions'], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '200' }, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      throw new Error('man 8 iptables-extensions is needed (apt-get install iptables man-db)');
    }
    const headings = [...page.replace(/.\x08/g, '').matchAll(/^ {3}([A-Za-z0-9]+)(?: \(IPv[46]-specific\))?$/gm)].map((m) => m[1]);
    const known = new Set([...MATCHES.map((m) => m.name), ...TARGETS.map((t) => t.name)]);
    // ULOG was removed from the kernel (4.x); the page still lists it.
    const missing = headings.filter((h) => !known.has(h) && h !== 'ULOG');
    assert.ok(headings.length > 80, `could not read the man page headings (${headings.length})`);
    assert.deepEqual(missing, []);
  });

  it('answers the language server: docs, options in context, targets per chain', () => {
    assert.match(docFor('conntrack')!, /Connection tracking/);
    assert.match(docFor('REJECT')!, /error back/);
    assert.match(optionDoc('tcp', '--destination-port')!, /Destination TCP port/);
    const afterTcp = optionsInContext({ family: 'ipv4', protocol: 'tcp', matches: ['conntrack'], target: 'LOG' }).map((o) => o.option.name);
    for (const name of ['--dport', '--syn', '--ctstate', '--log-prefix', '--source']) assert.ok(afterTcp.includes(name), name);
    assert.ok(!afterTcp.includes('--icmp-type'));
    const natPrerouting = targetsFor('nat', 'PREROUTING', 'ipv4').map((t) => t.name);
    assert.ok(natPrerouting.includes('DNAT') && natPrerouting.includes('REDIRECT'));
    assert.ok(!natPrerouting.includes('SNAT') && !natPrerouting.includes('REJECT') && !natPrerouting.includes('DROP'));
    assert.ok(targetsFor('filter', 'ssh-in', 'ipv4').some((t) => t.name === 'REJECT'), 'user chains take REJECT');
    assert.deepEqual(conntrackStates().map(([s]) => s).slice(0, 4), ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED']);
  });

  it('knows protocols, implicit matches and services', () => {
    assert.equal(canonicalProtocol('6'), 'tcp');
    assert.equal(canonicalProtocol('TCP'), 'tcp');
    assert.equal(canonicalProtocol('icmpv6'), 'ipv6-icmp');
    assert.equal(canonicalProtocol('0'), 'all');
    assert.equal(canonicalProtocol('tpc'), undefined);
    assert.equal(implicitModuleFor('ipv6-icmp', 'ipv6')?.name, 'icmp6');
    assert.equal(implicitModuleFor('icmp', 'ipv6'), undefined);
    assert.equal(lookupMatch('state')?.name, 'state');
    assert.equal(lookupService('ssh', 'tcp')?.port, 22);
    assert.equal(lookupService('ntp', 'tcp'), undefined);
    assert.ok(wellKnownPorts().length >= 60);
    assert.ok(wellKnownPorts().some((p) => p.port === 443 && p.name === 'https'));
  });

  it('tells host names from addresses', () => {
    assert.equal(isHostname('api.stripe.com'), true);
    assert.equal(isHostname('mail'), true);
    assert.equal(isHostname('192.0.2.1'), false);
    assert.equal(isHostname('2001:db8::1'), false);
    assert.equal(isHostname('300.1.1.1'), false);
  });
});
