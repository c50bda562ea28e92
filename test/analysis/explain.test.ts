import { strict as assert } from 'node:assert';
import { explainRule, ruleAt } from '../../server/src/analysis/explain';
import { run } from './helpers';

const WEB = [
  '#!/bin/sh',
  'iptables -P INPUT DROP',
  'iptables -P OUTPUT DROP',
  'iptables -A INPUT -i eth0 -p tcp -m multiport --dports 80,443 -j ACCEPT',
  'iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
  'iptables -A INPUT -p tcp --dport 25 -j ACCEPT',
  'iptables -A INPUT -j DROP',
  'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
  'for port in 53 123; do',
  '  iptables -A OUTPUT -p udp --dport $port -j ACCEPT',
  'done',
  '',
].join('\n');

describe('hover explanation of a rule', () => {
  const analysis = run(WEB);
  it('ruleAt finds the command and its rules in the final ruleset', () => {
    const at = ruleAt(analysis, { line: 3, character: 12 })!;
    assert.equal(at.statement.command.chain?.value, 'INPUT');
    assert.equal(at.rules[0].index, 0);
    assert.equal(ruleAt(analysis, { line: 0, character: 3 }), undefined);
    assert.equal(ruleAt(analysis, { line: 9, character: 10 })!.rules.length, 2);
  });
  it('direction, match with service names, verdict, and the line that lets the replies out', () => {
    const md = explainRule(analysis, { line: 3, character: 5 })!;
    assert.match(md, /\*\*INPUT\*\* \(filter table, IPv4\) — governs packets arriving for this host \(ingress\)/);
    assert.match(md, /TCP to ports 80 \(HTTP\), 443 \(HTTPS\) in on eth0/);
    assert.match(md, /`ACCEPT` — the packet is let through/);
    assert.match(md, /\*\*Replies\*\* leave through OUTPUT, accepted by line 5: `iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`/);
  });
  it('outgoing accepts whose replies are dropped say so', () => {
    const md = explainRule(analysis, { line: 9, character: 5 })!;
    assert.match(md, /This line adds 2 rules \(port=53; port=123\)/);
    assert.match(md, /\*\*Replies\*\* come back through INPUT and are dropped by line 7: `iptables -A INPUT -j DROP`/);
  });
  it('user chains say where they are reached from; restore files work the same', () => {
    const chained = run(['iptables -N web_in', 'iptables -A web_in -p tcp --dport 443 -j ACCEPT', 'iptables -A INPUT -i eth0 -j web_in', ''].join('\n'));
    assert.match(explainRule(chained, { line: 1, character: 3 })!, /\*\*web_in\*\* \(filter table, IPv4\) — a user chain reached from INPUT: packets arriving for this host/);
    assert.match(explainRule(chained, { line: 2, character: 3 })!, /`-j web_in` — the packet goes through chain web_in; if it comes back/);
    const restore = run(['*filter', ':INPUT DROP [0:0]', ':OUTPUT ACCEPT [0:0]', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n'), 'iptables');
    assert.match(explainRule(restore, { line: 3, character: 4 })!, /\*\*Replies\*\* leave through OUTPUT, accepted by its policy ACCEPT \(line 3\)/);
  });
  it('leaves policies to the language server (it explains them with the chain commands)', () => {
    assert.equal(explainRule(analysis, { line: 1, character: 3 }), undefined);
  });
  it('dead rules are explained as such', () => {
    assert.match(explainRule(analysis, { line: 7, character: 5 })!, /\*\*Never matches:\*\* line 7 \(`iptables -A INPUT -j DROP`\)/);
  });
});
