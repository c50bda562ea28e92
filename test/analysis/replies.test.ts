import { strict as assert } from 'node:assert';
import { applyEdits, found, findings, run } from './helpers';

const POLICIES = ['#!/bin/sh', 'iptables -P INPUT DROP', 'iptables -P OUTPUT DROP', 'iptables -A INPUT -i lo -j ACCEPT', 'iptables -A OUTPUT -o lo -j ACCEPT'];
const script = (...lines: string[]) => [...POLICIES, ...lines, ''].join('\n');
const codes = ['IPT201', 'IPT202'];

describe('IPT201: incoming connections whose replies cannot leave', () => {
  it('reports an INPUT accept when OUTPUT ends in a DROP policy, in direction terms', () => {
    const [f] = findings(script('iptables -A INPUT -p tcp --dport 80 -j ACCEPT'), codes);
    assert.equal(f.code, 'IPT201');
    assert.equal(f.range.start.line, 5);
    assert.match(f.message, /^Incoming TCP to port 80 \(HTTP\) is accepted here, but the replies leave through OUTPUT, whose policy is DROP \(line 3\)/);
    assert.match(f.message, /iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT/);
    assert.deepEqual(f.related.map((r) => r.range.start.line), [2]);
  });
  it('is silent when the replies are accepted: conntrack, -m state, or a stateless --sport rule', () => {
    assert.deepEqual(found(script('iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT', 'iptables -A INPUT -p tcp --dport 80 -j ACCEPT'), codes), []);
    assert.deepEqual(found(script('iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT', 'iptables -A OUTPUT -p tcp -m multiport --sports 80,443 -m state --state ESTABLISHED -j ACCEPT'), codes), []);
    assert.deepEqual(found(script('iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -A OUTPUT -p tcp --sport 22 -j ACCEPT'), codes), []);
  });
  it('names a catch-all DROP rule in OUTPUT, even inside a user chain', () => {
    const text = ['iptables -N egress', 'iptables -A egress -p udp --dport 53 -j ACCEPT', 'iptables -A egress -j REJECT', 'iptables -A OUTPUT -j egress', 'iptables -A INPUT -p tcp --dport 443 -j ACCEPT', ''].join('\n');
    const [f] = findings(text, codes);
    assert.equal(f.range.start.line, 4);
    assert.match(f.message, /where line 3 in chain egress \(`iptables -A egress -j REJECT`\) rejects them/);
  });
  it('recognises --dport written where the replies need --sport, and offers to swap it', () => {
    const text = script('iptables -A INPUT -p tcp --dport 80 -j ACCEPT', 'iptables -A OUTPUT -p tcp --dport 80 -j ACCEPT');
    const [f] = findings(text, codes);
    assert.match(f.message, /If line 7 \(`iptables -A OUTPUT -p tcp --dport 80 -j ACCEPT`\) was meant for these replies, it needs `--sport`, not `--dport`/);
    const swap = f.fixes.find((x) => x.title.includes('--sport'))!;
    assert.equal(swap.safe, false);
    assert.deepEqual(found(applyEdits(text, swap.edits), codes), []);
  });
  it('the safe fix inserts an ESTABLISHED,RELATED accept that makes the finding go away', () => {
    const text = script('IPT=/usr/sbin/iptables', '$IPT -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT', '$IPT -A INPUT -p tcp --dport 25 -j ACCEPT', '$IPT -A OUTPUT -p udp --dport 53 -j ACCEPT');
    const [f] = findings(text, codes);
    const fix = f.fixes.find((x) => x.safe)!;
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed, /\$IPT -A OUTPUT -p udp --dport 53 -j ACCEPT\n\$IPT -I OUTPUT 1 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n/);
    assert.deepEqual(found(fixed, codes), []);
  });
  it('in a restore file the fix is a -A line in the *filter section', () => {
    const text = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT DROP [0:0]', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n');
    const [f] = findings(text, codes, 'iptables');
    assert.equal(f.code, 'IPT201');
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.match(fixed, /-A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\nCOMMIT/);
    assert.deepEqual(found(fixed, codes, 'iptables'), []);
  });
  it('loopback: -i lo accepted but OUTPUT has no -o lo accept', () => {
    const text = ['iptables -P OUTPUT DROP', 'iptables -A INPUT -i lo -j ACCEPT', ''].join('\n');
    assert.deepEqual(found(text, codes), ['IPT201@2']);
  });
  it('ICMP echo: replies are ESTABLISHED too', () => {
    assert.deepEqual(found(script('iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT'), codes), ['IPT201@6']);
    assert.deepEqual(found(script('iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT', 'iptables -A OUTPUT -p icmp --icmp-type echo-reply -j ACCEPT'), codes), []);
  });
  it('never claims certainty from what may accept: a conditional accept, an unmodelled match', () => {
    const text = ['iptables -P OUTPUT DROP', 'if [ -n "$ALLOW_REPLIES" ]; then', '  iptables -A OUTPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT', 'fi', 'iptables -A INPUT -p tcp --dport 80 -j ACCEPT', ''].join('\n');
    assert.deepEqual(found(text, codes), []);
    assert.deepEqual(found(script('iptables -A OUTPUT -p tcp -m limit --limit 50/s -j ACCEPT', 'iptables -A INPUT -p tcp --dport 80 -j ACCEPT'), ['IPT201']), []);
  });
  it('an accepting rule under a condition is a hint at most', () => {
    const text = ['iptables -P OUTPUT DROP', 'if [ -f /etc/default/webserver ]; then', '  iptables -A INPUT -p tcp --dport 80 -j ACCEPT', 'fi', ''].join('\n');
    assert.deepEqual(findings(text, codes).map((f) => `${f.code}@${f.range.start.line + 1}:${f.severity}`), ['IPT201@3:hint']);
  });
  it('names the policy when rules drop only part of the replies first', () => {
    const text = ['iptables -P INPUT DROP', 'iptables -A INPUT -s 198.51.100.0/24 -j DROP', 'iptables -A OUTPUT -p udp --dport 123 -j ACCEPT', ''].join('\n');
    const [f] = findings(text, codes);
    assert.match(f.message, /come back in through INPUT, whose policy is DROP \(line 1\)/);
    assert.deepEqual(f.related.map((r) => r.range.start.line), [0, 1]);
  });
  it('FORWARD: forwarded connections whose replies are dropped on the way back', () => {
    const text = ['iptables -P FORWARD DROP', 'iptables -A FORWARD -i eth1 -o eth0 -p tcp --dport 443 -j ACCEPT', ''].join('\n');
    const [f] = findings(text, codes);
    assert.equal(f.code, 'IPT201');
    assert.match(f.message, /^Forwarded TCP to port 443 \(HTTPS\) in on eth1 out through eth0 is accepted here, but the replies come back through FORWARD/);
    // The accepting rule itself is in the reply chain too: it is not a reply rule written with --dport.
    assert.doesNotMatch(f.message, /was meant for these replies/);
  });
});

describe('IPT202: outgoing connections whose replies cannot come back', () => {
  it('reports an OUTPUT accept when INPUT drops the replies', () => {
    const [f] = findings(script('iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT'), codes);
    assert.equal(f.code, 'IPT202');
    assert.match(f.message, /^Outgoing TCP to port 443 \(HTTPS\) is accepted here, but the replies come back in through INPUT, whose policy is DROP \(line 2\)/);
  });
  it('recognises an INPUT rule written with --dport for the replies', () => {
    const [f] = findings(script('iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT', 'iptables -A INPUT -p tcp --dport 443 -j ACCEPT'), ['IPT202']);
    assert.match(f.message, /it needs `--sport`, not `--dport`/);
  });
  it('is silent with an INPUT ESTABLISHED rule, or a stateless --sport rule', () => {
    assert.deepEqual(found(script('iptables -A INPUT -m state --state ESTABLISHED -j ACCEPT', 'iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT'), codes), []);
    assert.deepEqual(found(script('iptables -A OUTPUT -p udp --dport 53 -j ACCEPT', 'iptables -A INPUT -p udp --sport 53 -j ACCEPT'), codes), []);
  });
  it('one finding per loop iteration, naming the value', () => {
    const text = script('for port in 80 443; do', '  iptables -A OUTPUT -p tcp --dport $port -j ACCEPT', 'done');
    const all = findings(text, codes);
    assert.equal(all.length, 2);
    assert.match(all[1].message, /443/);
  });
  it('keeps IPv4 and IPv6 apart', () => {
    const text = ['ip6tables -P INPUT DROP', 'iptables -A OUTPUT -p tcp --dport 443 -j ACCEPT', 'ip6tables -A OUTPUT -p tcp --dport 443 -j ACCEPT', ''].join('\n');
    const [f, ...rest] = findings(text, codes);
    assert.equal(rest.length, 0);
    assert.equal(f.range.start.line, 2);
    assert.match(f.message, /ip6tables -A INPUT -m conntrack/);
    assert.ok(run(text).findings.length >= 1);
  });
});
