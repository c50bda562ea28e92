import { strict as assert } from 'node:assert';
import { applyEdits, found, findings } from './helpers';

const codes = ['IPT301', 'IPT302'];

describe('IPT301/IPT302: rules that can never match', () => {
  it('an ACCEPT appended after a catch-all DROP: dead, faded, with the blocker as related information', () => {
    const text = ['iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -A INPUT -j DROP', 'iptables -A INPUT -p tcp --dport 443 -j ACCEPT', ''].join('\n');
    const [f] = findings(text, codes);
    assert.equal(f.code, 'IPT301');
    assert.equal(f.range.start.line, 2);
    assert.equal(f.unnecessary, true);
    assert.match(f.message, /earlier rules decide every packet it would match — line 2 \(`iptables -A INPUT -j DROP`\) drops them first — so its `-j ACCEPT` never happens/);
    assert.deepEqual(f.related.map((r) => r.range.start.line), [1]);
    const fix = f.fixes[0];
    assert.equal(fix.safe, false);
    assert.deepEqual(found(applyEdits(text, fix.edits), codes), []);
  });
  it('a jump into a user chain behind a REJECT', () => {
    const text = ['iptables -N web_in', 'iptables -A web_in -p tcp --dport 443 -j ACCEPT', 'iptables -A INPUT -i eth0 -j REJECT', 'iptables -A INPUT -i eth0 -p tcp -j web_in', ''].join('\n');
    assert.deepEqual(found(text, codes), ['IPT301@4']);
  });
  it('a port inside a dropped range (restore file), with a fix that moves the line', () => {
    const text = ['*filter', ':INPUT ACCEPT [0:0]', '-A INPUT -p tcp -m tcp --dport 6000:6063 -j DROP', '-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 6010 -j ACCEPT', 'COMMIT', ''].join('\n');
    const [f] = findings(text, codes, 'iptables');
    assert.equal(f.code, 'IPT301');
    const moved = applyEdits(text, f.fixes[0].edits);
    assert.equal(moved.split('\n')[2], '-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 6010 -j ACCEPT');
    assert.deepEqual(found(moved, codes, 'iptables'), []);
  });
  it('IPT302: a host inside an already dropped network is redundant (info)', () => {
    const [f] = findings(['iptables -A INPUT -s 203.0.113.0/24 -j DROP', 'iptables -A INPUT -s 203.0.113.77 -j DROP', ''].join('\n'), codes);
    assert.equal(f.code, 'IPT302');
    assert.equal(f.severity, 'info');
    assert.equal(f.unnecessary, true);
    const removed = applyEdits(['iptables -A INPUT -s 203.0.113.0/24 -j DROP', 'iptables -A INPUT -s 203.0.113.77 -j DROP', ''].join('\n'), f.fixes[0].edits);
    assert.equal(removed, 'iptables -A INPUT -s 203.0.113.0/24 -j DROP\n');
    assert.equal(f.fixes[0].safe, false);
  });
  it('rules the loop produced: the finding names the loop value', () => {
    const text = ['iptables -A INPUT -p tcp --dport 8000:8999 -j DROP', 'for port in 443 8080; do', '  iptables -A INPUT -p tcp --dport "$port" -j ACCEPT', 'done', ''].join('\n');
    const [f, ...rest] = findings(text, codes);
    assert.equal(rest.length, 0);
    assert.match(f.message, /8080/);
    assert.deepEqual(f.fixes, []);
  });
  it('never from commands with words the script cannot know in place of options or the table', () => {
    assert.deepEqual(found(['iptables $EXTRA_OPTS -A INPUT -j DROP', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', ''].join('\n'), codes), []);
    assert.deepEqual(found(['iptables -t "$TABLE" -A INPUT -j DROP', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', ''].join('\n'), codes), []);
  });
  it('never from conditional blockers or unmodelled matches; a conditional dead rule is a hint', () => {
    const conditionalBlocker = ['if [ "$LOCKDOWN" = yes ]; then', '  iptables -A INPUT -j DROP', 'fi', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', ''].join('\n');
    assert.deepEqual(found(conditionalBlocker, codes), []);
    assert.deepEqual(found(['iptables -A INPUT -p tcp --dport 22 -m recent --rcheck --seconds 60 -j DROP', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', ''].join('\n'), codes), []);
    const conditionalVictim = ['iptables -A INPUT -j DROP', 'if [ -f /etc/ssh/sshd_config ]; then', '  iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'fi', ''].join('\n');
    assert.deepEqual(findings(conditionalVictim, codes).map((f) => f.severity), ['hint']);
  });
});

describe('IPT401: host names resolved at load time', () => {
  it('explains the consequences on the host name itself', () => {
    const [f] = findings('iptables -A OUTPUT -p tcp -d api.stripe.com --dport 443 -j ACCEPT\n', ['IPT401']);
    assert.equal(f.severity, 'warning');
    assert.equal(f.range.start.character, 'iptables -A OUTPUT -p tcp -d '.length);
    assert.match(f.message, /resolves it once, when this command runs/);
    assert.doesNotMatch(f.message, /already dropped/);
  });
  it('says so when OUTPUT already blocks DNS at that point of the script', () => {
    const text = ['iptables -P OUTPUT DROP', 'iptables -A OUTPUT -o lo -j ACCEPT', 'iptables -A OUTPUT -p tcp -d api.stripe.com --dport 443 -j ACCEPT', 'iptables -A OUTPUT -p udp --dport 53 -j ACCEPT', ''].join('\n');
    const [f] = findings(text, ['IPT401']);
    assert.match(f.message, /DNS lookups \(udp\/53\) are already dropped on their way out by the OUTPUT policy DROP \(line 1\)/);
    const allowedFirst = ['iptables -P OUTPUT DROP', 'iptables -A OUTPUT -p udp --dport 53 -j ACCEPT', 'iptables -A INPUT -p udp --sport 53 -j ACCEPT', 'iptables -A OUTPUT -p tcp -d api.stripe.com --dport 443 -j ACCEPT', ''].join('\n');
    assert.doesNotMatch(findings(allowedFirst, ['IPT401'])[0].message, /already dropped/);
  });
  it('a restore input resolves its names before any of its lines apply', () => {
    const heredoc = ['iptables-restore <<EOF', '*filter', ':OUTPUT DROP [0:0]', '-A OUTPUT -d updates.example.org/32 -p tcp -m tcp --dport 443 -j ACCEPT', 'COMMIT', 'EOF', ''].join('\n');
    assert.doesNotMatch(findings(heredoc, ['IPT401'])[0].message, /already dropped/);
    const after = ['iptables -P OUTPUT DROP', ...heredoc.split('\n')].join('\n');
    assert.match(findings(after, ['IPT401'])[0].message, /already dropped on their way out by the OUTPUT policy DROP \(line 1\)/);
  });
  it('restore files: the whole table fails', () => {
    const text = ['*filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -d updates.example.org/32 -p tcp -m tcp --dport 443 -j ACCEPT', 'COMMIT', ''].join('\n');
    assert.match(findings(text, ['IPT401'], 'iptables')[0].message, /the whole table is not loaded/);
  });
  it('is silent on addresses, networks and values the script cannot know', () => {
    assert.deepEqual(found('iptables -A INPUT -s 192.0.2.0/24 -d 2001:db8::1 -j ACCEPT\nip6tables -A INPUT -s 2001:db8::/32 -j ACCEPT\niptables -A INPUT -s "$ADMIN" -j ACCEPT\n', ['IPT401']), []);
  });
});

describe('model findings through the whole pipeline', () => {
  it('reports what iptables would refuse given the state at that point', () => {
    const text = ['iptables -A INPUT -j LOGDROP', 'iptables -N LOGDROP', 'iptables -N LOGDROP', 'iptables -I INPUT 5 -p tcp --dport 22 -j ACCEPT', 'iptables -X LOGDROP', 'iptables -A LOGDROP -j DROP', 'iptables -X LOGDROP', ''].join('\n');
    // Line 1 fails, so line 5 deletes an empty, unused chain; lines 6 and 7 then find none.
    const all = found(text, ['IPT140', 'IPT141', 'IPT142', 'IPT143', 'IPT144', 'IPT145', 'IPT148', 'IPT149', 'IPT150']);
    assert.deepEqual(all.sort(), ['IPT141@1', 'IPT144@7', 'IPT145@3', 'IPT149@4', 'IPT150@6']);
  });
});
