/**
 * IPT151 claims iptables refuses a rule whose target or match only works under some hooks once a
 * built-in chain outside them reaches its user chain, and the jump that would make it so. Each script
 * below runs command by command in a fresh network namespace with real iptables: the commands iptables
 * refuses must be exactly the lines where IPT151 is reported (the scripts have no other mistake).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { analyze } from '../../server/src/engine/analyze';
import { inFreshNamespace, linesRefusedByKernel } from './refused';

const SCRIPTS: Record<string, string[]> = {
  'MASQUERADE in a chain that PREROUTING jumps to afterwards': [
    'iptables -t nat -N wan_nat',
    'iptables -t nat -A wan_nat -o eth0 -j MASQUERADE',
    'iptables -t nat -A PREROUTING -j wan_nat',
    'iptables -t nat -A POSTROUTING -j wan_nat',
  ],
  'MASQUERADE added to a chain PREROUTING already reaches': [
    'iptables -t nat -N wan_nat',
    'iptables -t nat -A PREROUTING -i eth1 -j wan_nat',
    'iptables -t nat -A wan_nat -o eth0 -j MASQUERADE',
  ],
  'DNAT two chains deep, reached from POSTROUTING': [
    'iptables -t nat -N port_forwards',
    'iptables -t nat -N web_forward',
    'iptables -t nat -A port_forwards -j web_forward',
    'iptables -t nat -A web_forward -p tcp --dport 80 -j DNAT --to-destination 192.168.1.10:8080',
    'iptables -t nat -A PREROUTING -i eth0 -j port_forwards',
    'iptables -t nat -A POSTROUTING -j port_forwards',
  ],
  'REDIRECT and SNAT where they belong are accepted': [
    'iptables -t nat -N transparent_proxy',
    'iptables -t nat -A transparent_proxy -p tcp --dport 80 -j REDIRECT --to-ports 3128',
    'iptables -t nat -A PREROUTING -i eth1 -j transparent_proxy',
    'iptables -t nat -A OUTPUT -p tcp -d 198.51.100.7 -j transparent_proxy',
    'iptables -t nat -N source_nat',
    'iptables -t nat -A source_nat -o eth0 -j SNAT --to-source 203.0.113.5',
    'iptables -t nat -A POSTROUTING -j source_nat',
    'iptables -t nat -A INPUT -j source_nat',
  ],
  'owner match in a chain INPUT jumps to': [
    'iptables -N local_users',
    'iptables -A OUTPUT -j local_users',
    'iptables -A local_users -m owner --uid-owner 0 -j ACCEPT',
    'iptables -A INPUT -p tcp --dport 22 -j local_users',
  ],
  'mac match in a chain OUTPUT reaches through a goto': [
    'iptables -N known_hosts',
    'iptables -N lan_in',
    'iptables -A lan_in -g known_hosts',
    'iptables -A known_hosts -m mac --mac-source 02:00:00:00:00:01 -j ACCEPT',
    'iptables -A INPUT -i eth1 -j lan_in',
    'iptables -A OUTPUT -o eth1 -j lan_in',
  ],
  'eui64 match in an ip6tables chain OUTPUT jumps to': [
    'ip6tables -N slaac_hosts',
    'ip6tables -A slaac_hosts -m eui64 -j ACCEPT',
    'ip6tables -A INPUT -i eth1 -j slaac_hosts',
    'ip6tables -A OUTPUT -o eth1 -j slaac_hosts',
  ],
  'CLASSIFY in a mangle chain PREROUTING jumps to': [
    'iptables -t mangle -N shaping',
    'iptables -t mangle -A shaping -p tcp --dport 22 -j CLASSIFY --set-class 1:10',
    'iptables -t mangle -A POSTROUTING -o eth0 -j shaping',
    'iptables -t mangle -A PREROUTING -i eth0 -j shaping',
  ],
  'rpfilter and TPROXY in mangle chains that OUTPUT reaches': [
    'iptables -t mangle -N antispoof',
    'iptables -t mangle -A antispoof -m rpfilter --invert -j DROP',
    'iptables -t mangle -A PREROUTING -j antispoof',
    'iptables -t mangle -A OUTPUT -j antispoof',
    'iptables -t mangle -N divert',
    'iptables -t mangle -A OUTPUT -p tcp -j divert',
    'iptables -t mangle -A divert -p tcp --dport 80 -j TPROXY --on-port 3129 --tproxy-mark 0x1/0x1',
  ],
  'a jump taken away (-D, -F) no longer counts, one put back does': [
    'iptables -t nat -N wan_nat',
    'iptables -t nat -A PREROUTING -j wan_nat',
    'iptables -t nat -D PREROUTING -j wan_nat',
    'iptables -t nat -A wan_nat -o eth0 -j MASQUERADE',
    'iptables -t nat -I PREROUTING -j wan_nat',
    'iptables -t nat -N lan_nat',
    'iptables -t nat -A PREROUTING -i eth1 -j lan_nat',
    'iptables -t nat -F PREROUTING',
    'iptables -t nat -A lan_nat -o eth1 -j MASQUERADE',
    'iptables -t nat -A POSTROUTING -o eth2 -j MASQUERADE',
    'iptables -t nat -R POSTROUTING 1 -j lan_nat',
    'iptables -t nat -A PREROUTING -j lan_nat',
  ],
  'a chain no built-in chain reaches takes anything': [
    'iptables -t nat -N scratch',
    'iptables -t nat -A scratch -j MASQUERADE',
    'iptables -t nat -A scratch -p tcp --dport 80 -j DNAT --to-destination 192.168.1.10',
  ],
};

describe('IPT151 hook-bound targets and matches against real iptables', () => {
  before(() => assert.equal(process.getuid?.(), 0, 'needs root: network namespaces and iptables'));
  // The scripts are worth something only if the kernel does refuse some of their commands.
  let refusedInAll = 0;
  after(() => assert.ok(refusedInAll >= 10, `the kernel refused ${refusedInAll} commands in all: expected at least 10`));

  Object.entries(SCRIPTS).forEach(([name, lines], index) => {
    it(name, () => {
      const analysis = analyze(lines.join('\n') + '\n', { languageId: 'shellscript' })!;
      const ours = analysis.findings.filter((f) => f.code === 'IPT151').map((f) => f.range.start.line + 1);
      const others = analysis.findings.filter((f) => f.severity === 'error' && f.code !== 'IPT151');
      assert.deepEqual(others.map((f) => `${f.code} ${f.message}`), [], 'the scripts must have no other error');
      const refused = linesRefusedByKernel(lines, `hookb-${process.pid}-${index}`);
      refusedInAll += refused.length;
      assert.deepEqual(ours, refused);
    });
  });
});

/** iptables-restore commits a table at once: the kernel judges the table as the file leaves it, whatever the order of its lines. */
const RESTORE_FILES: Record<string, string> = {
  'the rule before the jump': '*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:wan_nat - [0:0]\n-A wan_nat -o eth0 -j MASQUERADE\n-A PREROUTING -j wan_nat\nCOMMIT\n',
  'the jump before the rule': '*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:wan_nat - [0:0]\n-A PREROUTING -j wan_nat\n-A wan_nat -o eth0 -j MASQUERADE\nCOMMIT\n',
  'jumped to from POSTROUTING only': '*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:wan_nat - [0:0]\n-A POSTROUTING -j wan_nat\n-A wan_nat -o eth0 -j MASQUERADE\nCOMMIT\n',
};

function restoreRefused(text: string, index: number): boolean {
  const ns = `hookr-${process.pid}-${index}`;
  return inFreshNamespace(ns, () => {
    try {
      execFileSync('ip', ['netns', 'exec', ns, 'iptables-restore'], { input: text, stdio: 'pipe' });
      return false;
    } catch {
      return true;
    }
  });
}

describe('IPT151 in iptables-restore files against real iptables-restore', () => {
  before(() => assert.equal(process.getuid?.(), 0, 'needs root: network namespaces and iptables'));

  Object.entries(RESTORE_FILES).forEach(([name, text], index) => {
    it(name, () => {
      const analysis = analyze(text, { languageId: 'iptables' })!;
      const ours = analysis.findings.filter((f) => f.code === 'IPT151');
      assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error' && f.code !== 'IPT151').map((f) => f.code), []);
      assert.equal(ours.length > 0, restoreRefused(text, index), ours.map((f) => f.message).join('\n') || 'no IPT151');
      if (ours.length > 0) assert.match(ours[0].message, /fails the whole table/);
    });
  });
});
