/**
 * The refusals that depend on what earlier commands left behind (IPT140–IPT150: a rule or chain that
 * is not there, a chain still in use, a rule number past the end…). Each script below is a firewall
 * script as people write them, mistakes included; it runs command by command in a fresh network
 * namespace with real iptables. The commands iptables refuses must be exactly the lines where the
 * linter reports an error, and the code must be the one the script's comment names.
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';
import { linesRefusedByKernel } from './refused';

interface Script {
  lines: string[];
  /** The error codes the linter must report, by 1-based line. */
  expected: Record<number, string>;
}

const SCRIPTS: Record<string, Script> = {
  'a rerun script that deletes and re-creates its chains in the wrong order': {
    lines: [
      'iptables -N ssh_in',
      'iptables -A ssh_in -s 198.51.100.0/24 -j ACCEPT',
      'iptables -A INPUT -p tcp --dport 22 -j ssh_in',
      'iptables -X ssh_in',
      'iptables -F ssh_in',
      'iptables -X ssh_in',
      'iptables -D INPUT -p tcp --dport 22 -j ssh_in',
      'iptables -X ssh_in',
      'iptables -N ssh_in',
      'iptables -N ssh_in',
    ],
    expected: { 4: 'IPT142', 6: 'IPT142', 10: 'IPT145' },
  },
  'deleting rules that were never added, or added differently': {
    lines: [
      'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
      'iptables -D INPUT -p tcp --dport 443 -j ACCEPT',
      'iptables -D INPUT -p tcp --dport 80 -j ACCEPT',
      'iptables -D INPUT -p tcp --dport 80 -j ACCEPT',
      'iptables -A INPUT -s 192.0.2.0/24 -j DROP',
      'iptables -D INPUT -s 192.0.2.0/255.255.255.0 -j DROP',
    ],
    expected: { 2: 'IPT140', 4: 'IPT140' },
  },
  'rule numbers counted wrong': {
    lines: [
      'iptables -A INPUT -i lo -j ACCEPT',
      'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      'iptables -I INPUT 3 -p tcp --dport 22 -j ACCEPT',
      'iptables -I INPUT 5 -p tcp --dport 80 -j ACCEPT',
      'iptables -R INPUT 4 -p tcp --dport 443 -j ACCEPT',
      'iptables -R INPUT 3 -p tcp --dport 2222 -j ACCEPT',
      'iptables -D INPUT 4',
      'iptables -D INPUT 3',
    ],
    expected: { 4: 'IPT149', 5: 'IPT149', 7: 'IPT149' },
  },
  'chains used before they exist, renamed, or deleted': {
    lines: [
      'iptables -A INPUT -j web_in',
      'iptables -A web_in -p tcp --dport 80 -j ACCEPT',
      'iptables -N web_in',
      'iptables -A INPUT -j web_in',
      'iptables -E web_in http_in',
      'iptables -A web_in -p tcp --dport 443 -j ACCEPT',
      'iptables -A http_in -p tcp --dport 443 -j ACCEPT',
      'iptables -E INPUT input_main',
      'iptables -N mail_in',
      'iptables -E mail_in http_in',
      'iptables -X OUTPUT',
      'iptables -X no_such_chain',
      'iptables -F no_such_chain',
      'iptables -X mail_in',
      'iptables -P mail_in DROP',
      // MIRROR was a target once; iptables 1.8.9 takes it for a chain name.
      'iptables -A INPUT -j MIRROR',
    ],
    expected: { 1: 'IPT141', 2: 'IPT150', 6: 'IPT150', 10: 'IPT148', 11: 'IPT144', 12: 'IPT144', 13: 'IPT150', 15: 'IPT115', 16: 'IPT141' },
  },
  'a chain deleted while it still holds rules': {
    lines: [
      'iptables -N logdrop',
      'iptables -A logdrop -j LOG --log-prefix dropped:',
      'iptables -A logdrop -j DROP',
      'iptables -X logdrop',
      'iptables -F logdrop',
      'iptables -X logdrop',
    ],
    expected: { 4: 'IPT143' },
  },
};

describe('state-dependent refusals (IPT140–IPT150) against real iptables', () => {
  before(() => assert.equal(process.getuid?.(), 0, 'needs root: network namespaces and iptables'));
  // The scripts are worth something only if the kernel does refuse some of their commands.
  let refusedInAll = 0;
  after(() => assert.ok(refusedInAll >= 15, `the kernel refused ${refusedInAll} commands in all: expected at least 15`));

  Object.entries(SCRIPTS).forEach(([name, { lines, expected }], index) => {
    it(name, () => {
      const analysis = analyze(lines.join('\n') + '\n', { languageId: 'shellscript' })!;
      const errors = analysis.findings.filter((f) => f.severity === 'error');
      const ours = Object.fromEntries(errors.map((f) => [f.range.start.line + 1, f.code]));
      assert.deepEqual(ours, expected, 'the linter reports the expected error on each line');
      const refused = linesRefusedByKernel(lines, `state-${process.pid}-${index}`);
      refusedInAll += refused.length;
      assert.deepEqual(refused, Object.keys(expected).map(Number), 'iptables refuses exactly those lines');
    });
  });

  it('renaming a built-in chain is a warning: iptables-nft does it, and leaves a table it cannot list', () => {
    const lines = ['iptables -A INPUT -i lo -j ACCEPT', 'iptables -E INPUT input_main', 'iptables -A INPUT -j DROP'];
    const analysis = analyze(lines.join('\n') + '\n', { languageId: 'shellscript' })!;
    assert.deepEqual(analysis.findings.filter((f) => f.code === 'IPT148').map((f) => [f.range.start.line + 1, f.severity]), [[2, 'warning']]);
    assert.deepEqual(linesRefusedByKernel(lines, `state-${process.pid}-rename`), [], 'iptables 1.8.9 (nf_tables) accepts all three');
  });
});
