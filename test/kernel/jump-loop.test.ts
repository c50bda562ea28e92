/**
 * IPT146 claims iptables refuses a jump that lets packets of a built-in chain loop. Each script below
 * runs command by command in a fresh network namespace with real iptables: the commands iptables refuses
 * must be exactly the lines where IPT146 is reported (the scripts have no other mistake).
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';
import { linesRefusedByKernel } from './refused';

const SCRIPTS: Record<string, string[]> = {
  'loop between user chains, entered from INPUT afterwards': ['iptables -N web_in', 'iptables -N rate_check', 'iptables -A web_in -j rate_check', 'iptables -A rate_check -j web_in', 'iptables -A INPUT -p tcp --dport 443 -j web_in'],
  'loop closed while already reachable': ['iptables -N web_in', 'iptables -N rate_check', 'iptables -A INPUT -p tcp --dport 443 -j web_in', 'iptables -A web_in -j rate_check', 'iptables -A rate_check -j web_in'],
  'a chain that jumps to itself, reachable from OUTPUT': ['iptables -N egress_log', 'iptables -A OUTPUT -j egress_log', 'iptables -A egress_log -p udp --dport 53 -j egress_log'],
  'a goto loop': ['iptables -N tenant_a', 'iptables -N tenant_b', 'iptables -A FORWARD -i eth1 -g tenant_a', 'iptables -A tenant_a -s 192.0.2.0/24 -g tenant_b', 'iptables -A tenant_b -d 198.51.100.0/24 -g tenant_a'],
  'an unreachable self-loop is accepted': ['iptables -N scratch', 'iptables -A scratch -j scratch', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT'],
  'a diamond is not a loop': ['iptables -N a', 'iptables -N b', 'iptables -N c', 'iptables -N d', 'iptables -A a -j b', 'iptables -A a -j c', 'iptables -A b -j d', 'iptables -A c -j d', 'iptables -A INPUT -j a'],
};

describe('IPT146 jump loops against real iptables', () => {
  before(() => assert.equal(process.getuid?.(), 0, 'needs root: network namespaces and iptables'));

  Object.entries(SCRIPTS).forEach(([name, lines], index) => {
    it(name, () => {
      const analysis = analyze(lines.join('\n') + '\n', { languageId: 'shellscript' })!;
      const ours = analysis.findings.filter((f) => f.code === 'IPT146').map((f) => f.range.start.line + 1);
      const others = analysis.findings.filter((f) => f.severity === 'error' && f.code !== 'IPT146');
      assert.deepEqual(others.map((f) => f.code), [], 'the scripts must have no other error');
      assert.deepEqual(ours, linesRefusedByKernel(lines, `jloop-${process.pid}-${index}`));
    });
  });
});
