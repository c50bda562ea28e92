import { strict as assert } from 'node:assert';
import { buildRuleset } from '../../server/src/model/build';
import { tableKey } from '../../server/src/model/ruleset';
import { statements } from './statements';

function build(script: string, options = {}) {
  return buildRuleset(statements(script, options));
}
function chainOf(script: string, chain: string, options = {}) {
  const { ruleset } = build(script, options);
  return ruleset.tables.get(tableKey('ipv4', 'filter'))!.chains.get(chain)!;
}
const lines = (c: { rules: { statement: { command: { range: { start: { line: number } } } } }[] }) =>
  c.rules.map((r) => r.statement.command.range.start.line);
const codes = (script: string, options = {}) => build(script, options).problems.map((p) => p.code);

describe('model: applying commands in order', () => {
  it('starts with built-in chains whose policy is ACCEPT, and -P changes it', () => {
    const { ruleset } = build('iptables -P INPUT DROP');
    const filter = ruleset.tables.get(tableKey('ipv4', 'filter'))!;
    assert.deepEqual([...filter.chains.keys()], ['INPUT', 'FORWARD', 'OUTPUT']);
    assert.equal(filter.chains.get('INPUT')!.policy, 'DROP');
    assert.equal(filter.chains.get('INPUT')!.policyStatement?.index, 0);
    assert.equal(filter.chains.get('OUTPUT')!.policy, 'ACCEPT');
  });

  it('appends, inserts at a position, deletes by number and by spec, replaces', () => {
    const c = chainOf(
      [
        'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
        'iptables -A INPUT -p tcp --dport 80 -j ACCEPT',
        'iptables -I INPUT -i lo -j ACCEPT',
        'iptables -I INPUT 2 -p tcp --dport 443 -j ACCEPT',
        'iptables -D INPUT -p tcp -m tcp --dport 80 -j ACCEPT',
        'iptables -R INPUT 3 -p tcp --dport 2222 -j ACCEPT',
        'iptables -A INPUT -s 192.0.2.7 -j DROP',
        'iptables -D INPUT -s 192.0.2.7/32 -j DROP',
        'iptables -A INPUT -p udp --dport 53 -j ACCEPT',
        'iptables -D INPUT 1',
      ].join('\n'),
      'INPUT',
    );
    assert.deepEqual(lines(c), [3, 5, 8]);
  });

  it('a -s/-d list becomes one rule per address, reversed by -I, as iptables -S shows', () => {
    const c = chainOf(['iptables -A INPUT -s 192.0.2.1,192.0.2.2 -j DROP', 'iptables -I INPUT -s 198.51.100.1,198.51.100.2 -j ACCEPT', 'iptables -D INPUT -s 192.0.2.2 -j DROP'].join('\n'), 'INPUT');
    assert.deepEqual(c.rules.map((r) => r.rule.source?.value), ['198.51.100.2', '198.51.100.1', '192.0.2.1']);
  });

  it('-F keeps the policy and -F without a chain empties every chain of the table', () => {
    const { ruleset } = build(['iptables -P OUTPUT DROP', 'iptables -A INPUT -j ACCEPT', 'iptables -A OUTPUT -j ACCEPT', 'iptables -F'].join('\n'));
    const filter = ruleset.tables.get(tableKey('ipv4', 'filter'))!;
    assert.equal(filter.chains.get('INPUT')!.rules.length, 0);
    assert.equal(filter.chains.get('OUTPUT')!.rules.length, 0);
    assert.equal(filter.chains.get('OUTPUT')!.policy, 'DROP');
  });

  it('keeps tables and families apart', () => {
    const { ruleset } = build(['ip6tables -P INPUT DROP', 'iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE'].join('\n'));
    assert.equal(ruleset.tables.get(tableKey('ipv6', 'filter'))!.chains.get('INPUT')!.policy, 'DROP');
    assert.equal(ruleset.tables.get(tableKey('ipv4', 'nat'))!.chains.get('POSTROUTING')!.rules.length, 1);
    assert.equal(ruleset.tables.get(tableKey('ipv4', 'filter')), undefined);
  });

  it('user chains: -N, jumps, -E renames the chain and the jumps that point at it, -X', () => {
    const { ruleset, problems } = build(
      [
        'iptables -N web_in',
        'iptables -A web_in -p tcp --dport 443 -j ACCEPT',
        'iptables -A INPUT -i eth0 -j web_in',
        'iptables -E web_in https_in',
        'iptables -N old_chain',
        'iptables -X old_chain',
      ].join('\n'),
    );
    assert.deepEqual(problems, []);
    const filter = ruleset.tables.get(tableKey('ipv4', 'filter'))!;
    assert.deepEqual([...filter.chains.keys()], ['INPUT', 'FORWARD', 'OUTPUT', 'https_in']);
    assert.equal(filter.chains.get('INPUT')!.rules[0].jumpsTo, 'https_in');
    assert.equal(filter.chains.get('https_in')!.definedAt?.index, 0);
  });

  it('a restore section (-F of the whole table from a restore file) also drops the old user chains', () => {
    const { ruleset } = build(['iptables -N LOGDROP', 'iptables -F'].join('\n'), { restore: true });
    assert.equal(ruleset.tables.get(tableKey('ipv4', 'filter'))!.chains.has('LOGDROP'), false);
    const shell = build(['iptables -N LOGDROP', 'iptables -F'].join('\n'));
    assert.equal(shell.ruleset.tables.get(tableKey('ipv4', 'filter'))!.chains.has('LOGDROP'), true);
  });

  it('notes, in order, the statements whose -s/-d may hold a host name', () => {
    const script = [
      'iptables -A INPUT -s 192.0.2.0/24 -j DROP',
      'iptables -A OUTPUT -d api.example.com -j ACCEPT',
      'iptables -D OUTPUT -d API.example.com -j ACCEPT',
      'iptables -A INPUT -s 10.0.0.1,db1 -j ACCEPT',
      'iptables -A INPUT -s $NET -j ACCEPT',
      'ip6tables -A INPUT -s 2001:db8::1 -j ACCEPT',
      'ip6tables -A INPUT -s mirror -j ACCEPT',
    ].join('\n');
    const candidates = build(script).ruleset.hostnameCandidates!.map((s) => s.command.range.start.line);
    assert.deepEqual(candidates, [1, 2, 3, 6]);
  });

  it('conditional commands leave conditional rules and an uncertain chain', () => {
    const c = chainOf(['iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -A INPUT -p tcp --dport 8080 -j ACCEPT', 'iptables -D INPUT 1'].join('\n'), 'INPUT', {
      conditionalLines: [1, 2],
    });
    assert.deepEqual(c.rules.map((r) => r.conditional), [true, true]);
    assert.equal(c.uncertain, true);
  });
});

describe('model: what iptables would refuse', () => {
  it('IPT140: -D of a rule that is not there', () => {
    assert.deepEqual(codes('iptables -A INPUT -p tcp --dport 22 -j ACCEPT\niptables -D INPUT -p tcp --dport 2222 -j ACCEPT'), ['IPT140']);
  });
  it('-D finds a rule added after an earlier -D looked in the chain (delete-then-add scripts), also after -F, -R and -I', () => {
    const script = [
      'iptables -D INPUT -s 192.0.2.1 -j DROP',
      'iptables -A INPUT -s 192.0.2.1 -j DROP',
      'iptables -D INPUT -s 192.0.2.1/32 -j DROP',
      'iptables -A INPUT -s 192.0.2.2 -j DROP',
      'iptables -F INPUT',
      'iptables -D INPUT -s 192.0.2.2 -j DROP',
      'iptables -A INPUT -s 192.0.2.3 -j DROP',
      'iptables -R INPUT 1 -s 192.0.2.4 -j DROP',
      'iptables -I INPUT -s 192.0.2.5,192.0.2.6 -j DROP',
      'iptables -D INPUT -s 192.0.2.3 -j DROP',
      'iptables -D INPUT -s 192.0.2.4 -j DROP',
      'iptables -D INPUT -s 192.0.2.6 -j DROP',
    ].join('\n');
    assert.deepEqual(build(script).problems.map((p) => [p.code, p.range.start.line]), [['IPT140', 0], ['IPT140', 5], ['IPT140', 9]]);
    assert.deepEqual(chainOf(script, 'INPUT').rules.map((r) => r.rule.source?.value), ['192.0.2.5']);
  });
  it('IPT141: a jump to a chain that does not exist yet, and the rule is not added', () => {
    const { problems, ruleset } = build('iptables -A INPUT -j LOGDROP\niptables -N LOGDROP');
    assert.deepEqual(problems.map((p) => p.code), ['IPT141']);
    assert.equal(problems[0].range.start.character, 'iptables -A INPUT -j '.length);
    assert.equal(ruleset.tables.get(tableKey('ipv4', 'filter'))!.chains.get('INPUT')!.rules.length, 0);
  });
  it('targets such as LOG and REJECT are not chains', () => {
    assert.deepEqual(codes('iptables -A INPUT -j LOG --log-prefix in:\niptables -A INPUT -j REJECT'), []);
  });
  it('IPT142/IPT143: -X of a chain still referenced or not empty', () => {
    assert.deepEqual(codes('iptables -N ssh_in\niptables -A INPUT -j ssh_in\niptables -X ssh_in'), ['IPT142']);
    assert.deepEqual(codes('iptables -N ssh_in\niptables -A ssh_in -j ACCEPT\niptables -X ssh_in'), ['IPT143']);
  });
  it('-X without a chain refuses while a built-in chain still jumps into a user chain', () => {
    assert.deepEqual(codes('iptables -N ssh_in\niptables -A INPUT -j ssh_in\niptables -X'), ['IPT142']);
    assert.deepEqual(codes('iptables -N ssh_in\niptables -A INPUT -j ssh_in\niptables -F\niptables -X'), []);
  });
  it('IPT144: -X of a built-in or missing chain', () => {
    assert.deepEqual(codes('iptables -X INPUT\niptables -X nothing_here'), ['IPT144', 'IPT144']);
  });
  it('IPT145: -N of an existing chain', () => {
    assert.deepEqual(codes('iptables -N web_in\niptables -N web_in\niptables -N INPUT'), ['IPT145', 'IPT145']);
  });
  it('-P on a user chain or with REJECT changes nothing (the parser reports it)', () => {
    const { ruleset, problems } = build('iptables -N web_in\niptables -P web_in DROP\niptables -P INPUT REJECT');
    assert.deepEqual(problems, []);
    assert.equal(ruleset.tables.get(tableKey('ipv4', 'filter'))!.chains.get('INPUT')!.policy, 'ACCEPT');
  });
  it('IPT148: -E clashes', () => {
    assert.deepEqual(codes('iptables -N a_in\niptables -N b_in\niptables -E a_in b_in\niptables -E INPUT c_in\niptables -E gone_chain d_in'), ['IPT148', 'IPT148', 'IPT148']);
    // iptables-nft renames a built-in chain (and leaves a table it cannot list): a warning, not a failure.
    assert.deepEqual(build('iptables -E INPUT c_in').problems.map((p) => p.severity), ['warning']);
  });
  it('IPT149: rule numbers past the end', () => {
    assert.deepEqual(
      codes('iptables -A INPUT -i lo -j ACCEPT\niptables -I INPUT 2 -j DROP\niptables -I INPUT 4 -j DROP\niptables -D INPUT 3\niptables -R INPUT 5 -j DROP'),
      ['IPT149', 'IPT149', 'IPT149'],
    );
    // Each in iptables' own words (iptables 1.8.9 says "Index of insertion/deletion/replacement too big").
    const messages = build('iptables -A INPUT -i lo -j ACCEPT\niptables -I INPUT 4 -j DROP\niptables -D INPUT 3\niptables -R INPUT 5 -j DROP').problems.map((p) => p.message);
    assert.deepEqual(messages.map((m) => /Index of (\w+) too big/.exec(m)?.[1]), ['insertion', 'deletion', 'replacement']);
  });
  it('IPT150: commands on a chain that does not exist', () => {
    assert.deepEqual(codes('iptables -A web_in -j ACCEPT\niptables -F web_in'), ['IPT150', 'IPT150']);
  });
  it('in restore input, a failing line fails the whole table, and the message says so', () => {
    const { problems } = build('iptables -A web_in -j ACCEPT', { restore: true });
    assert.deepEqual(problems.map((p) => p.code), ['IPT150']);
    assert.match(problems[0].message, /fails the whole table: none of it is loaded/);
  });
  it('a problem caused by a conditional command is only a warning', () => {
    const { problems } = build('iptables -D INPUT -p tcp --dport 22 -j ACCEPT', { conditionalLines: [0] });
    assert.equal(problems[0].severity, 'warning');
  });
  it('IPT151: a hook-bound target in a user chain reached from the wrong built-in chain, and the refused rule or jump is not added', () => {
    const script = [
      'iptables -t nat -N wan_nat',
      'iptables -t nat -A wan_nat -o eth0 -j MASQUERADE',
      'iptables -t nat -A PREROUTING -j wan_nat',
      'iptables -t nat -A POSTROUTING -j wan_nat',
      'iptables -t nat -N dnat_in',
      'iptables -t nat -A PREROUTING -j dnat_in',
      'iptables -t nat -A dnat_in -j MASQUERADE',
    ].join('\n');
    const { ruleset, problems } = build(script);
    assert.deepEqual(problems.map((p) => [p.code, p.range.start.line, p.severity]), [
      ['IPT151', 2, undefined],
      ['IPT151', 6, undefined],
    ]);
    assert.match(problems[0].message, /`-j wan_nat` would let packets of PREROUTING reach the MASQUERADE target in wan_nat \(line 2\)/);
    assert.match(problems[1].message, /dnat_in is reached from PREROUTING/);
    const nat = ruleset.tables.get(tableKey('ipv4', 'nat'))!;
    assert.deepEqual(nat.chains.get('PREROUTING')!.rules.map((e) => e.jumpsTo), ['dnat_in']);
    assert.deepEqual(nat.chains.get('POSTROUTING')!.rules.map((e) => e.jumpsTo), ['wan_nat']);
    assert.equal(nat.chains.get('dnat_in')!.rules.length, 0);
  });
  it('IPT151: through a conditional jump it is only a warning, and renamed chains are followed', () => {
    const { problems } = build(
      ['iptables -N local_users', 'iptables -A INPUT -j local_users', 'iptables -E local_users owners', 'iptables -A owners -m owner --uid-owner 0 -j ACCEPT'].join('\n'),
      { conditionalLines: [1] },
    );
    assert.deepEqual(problems.map((p) => [p.code, p.range.start.line, p.severity]), [['IPT151', 3, 'warning']]);
    assert.match(problems[0].message, /owners is reached from INPUT/);
  });
  it('IPT151: nothing to say where the chain is only reached from where the target works, or not at all', () => {
    const script = [
      'iptables -t nat -N redirect_web',
      'iptables -t nat -A redirect_web -p tcp --dport 80 -j REDIRECT --to-ports 3128',
      'iptables -t nat -A PREROUTING -j redirect_web',
      'iptables -t nat -A OUTPUT -j redirect_web',
      'iptables -t nat -N scratch',
      'iptables -t nat -A scratch -j MASQUERADE',
      'iptables -t nat -A scratch -j DNAT --to-destination 192.0.2.10',
    ].join('\n');
    assert.deepEqual(codes(script), []);
  });
});
