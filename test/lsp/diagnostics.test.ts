import { strict as assert } from 'node:assert';
import { DiagnosticSeverity, DiagnosticTag, HoverRequest } from 'vscode-languageserver-protocol/node';
import { FULL_CAPABILITIES, fixture, positionOf, startSession, type LspSession } from './lspSession';

const typoScript = fixture('relay.sh');

describe('LSP: diagnostics over stdio', function () {
  let session: LspSession;
  beforeEach(async () => {
    session = await startSession();
  });
  afterEach(async () => {
    await session.stop();
  });

  it('publishes coded findings with source iptables and a link to the rule docs', async () => {
    const { diagnostics } = await session.open('relay.sh', 'shellscript', typoScript);
    const typo = diagnostics.find((d) => d.range.start.line === 6);
    assert.ok(typo, JSON.stringify(diagnostics));
    assert.equal(typo.code, 'IPT101');
    assert.equal(typo.source, 'iptables');
    assert.equal(typo.severity, DiagnosticSeverity.Error);
    assert.deepEqual(typo.range.start, positionOf(typoScript, '--dprot'));
    assert.equal(typo.codeDescription?.href, 'https://github.com/iptables-lint/iptables-lint/blob/main/docs/rules/IPT101.md');
    for (const d of diagnostics) {
      assert.equal(d.source, 'iptables');
      assert.match(String(d.code), /^IPT\d{3}$/);
    }
  });

  it('looks only at iptables commands in a shell script', async () => {
    const { diagnostics } = await session.open('relay.sh', 'shellscript', typoScript);
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.every((d) => d.range.start.line !== 7), 'the echo | logger line is not ours to judge');
  });

  it('follows incremental edits: fixing the typo removes its finding, reintroducing it brings it back', async () => {
    const { file } = await session.open('relay.sh', 'shellscript', typoScript);
    const at = positionOf(typoScript, '--dprot');
    const fixed = await session.change(file, [{ range: { start: at, end: { line: at.line, character: at.character + 7 } }, text: '--dport' }]);
    assert.ok(!fixed.some((d) => d.code === 'IPT101'), JSON.stringify(fixed));
    const broken = await session.change(file, [{ range: { start: { line: at.line, character: at.character + 3 }, end: { line: at.line, character: at.character + 5 } }, text: 'pr' }]);
    assert.ok(broken.some((d) => d.code === 'IPT101' && d.range.start.line === at.line), JSON.stringify(broken));
  });

  it('analyses only the latest version when edits come faster than the debounce', async () => {
    session.settings.debounceMs = 200;
    const { file } = await session.open('relay.sh', 'shellscript', typoScript);
    const at = positionOf(typoScript, '--dprot');
    // Three edits in a row; only the last version's diagnostics may be published after the first open.
    const published: Array<number | undefined> = [];
    session.onPublish((p) => published.push(p.version));
    void session.change(file, [{ range: { start: at, end: at }, text: ' ' }]);
    void session.change(file, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }]);
    const last = await session.change(file, [{ range: { start: at, end: { line: at.line, character: at.character + 7 } }, text: '--dport' }]);
    assert.ok(!last.some((d) => d.code === 'IPT101'));
    assert.deepEqual(published, [4]);
  });

  it('applies per-code severity overrides from the settings, and "off" hides a code', async () => {
    session.settings.severity = { IPT101: 'warning' };
    const { file, diagnostics } = await session.open('relay.sh', 'shellscript', typoScript);
    assert.equal(diagnostics.find((d) => d.code === 'IPT101')?.severity, DiagnosticSeverity.Warning);
    session.settings.severity = { IPT101: 'off' };
    // A configuration change re-publishes every open document with the new settings.
    const republished = session.nextDiagnostics(file.uri, () => true);
    session.configurationChanged();
    const after = await republished;
    assert.ok(!after.some((d) => d.code === 'IPT101'), JSON.stringify(after));
  });

  it('reads the settings per document, scoped to it, and asks again only after a change', async () => {
    const relay = await session.open('relay.sh', 'shellscript', typoScript);
    const rules = await session.open('deadrule.rules', 'iptables', fixture('deadrule.rules'));
    await session.change(relay.file, [{ text: typoScript + '\n' }]);
    assert.deepEqual(session.configurationAsked, [relay.file.uri, rules.file.uri]);
    const republished = session.nextDiagnostics(relay.file.uri, () => true);
    session.configurationChanged();
    await republished;
    assert.deepEqual(session.configurationAsked.slice(2).sort(), [relay.file.uri, rules.file.uri].sort());
  });

  it('publishes nothing for a document when iptables.enable is false', async () => {
    session.settings.enable = false;
    const { diagnostics } = await session.open('relay.sh', 'shellscript', typoScript);
    assert.deepEqual(diagnostics, []);
  });

  it('clears a document’s diagnostics when it is closed', async () => {
    const { file, diagnostics } = await session.open('relay.sh', 'shellscript', typoScript);
    assert.ok(diagnostics.length > 0);
    const cleared = session.nextDiagnostics(file.uri, () => true);
    await session.close(file);
    assert.deepEqual(await cleared, []);
  });

  it('reports a dead rule as unnecessary, naming the rule that blocks it', async () => {
    const text = fixture('deadrule.rules');
    const { diagnostics } = await session.open('deadrule.rules', 'iptables', text);
    const dead = diagnostics.find((d) => d.code === 'IPT301');
    assert.ok(dead, JSON.stringify(diagnostics));
    assert.equal(dead.range.start.line, positionOf(text, '-A INPUT -s 203.0.113.64/26').line);
    assert.deepEqual(dead.tags, [DiagnosticTag.Unnecessary]);
    const blocker = positionOf(text, '-A INPUT -s 203.0.113.0/24 -j DROP').line;
    assert.ok(dead.relatedInformation?.some((r) => r.location.range.start.line === blocker), JSON.stringify(dead.relatedInformation));
  });

  it('writes the related locations into the message for editors that cannot show them', async () => {
    const plain = await startSession({
      capabilities: { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, publishDiagnostics: {} } },
    });
    try {
      const text = fixture('deadrule.rules');
      const { diagnostics } = await plain.open('deadrule.rules', 'iptables', text);
      const dead = diagnostics.find((d) => d.code === 'IPT301');
      assert.ok(dead);
      assert.equal(dead.relatedInformation, undefined);
      const blocker = positionOf(text, '-A INPUT -s 203.0.113.0/24 -j DROP').line + 1;
      assert.match(String(dead.message), new RegExp(`\\n  line ${blocker}: `));
    } finally {
      await plain.stop();
    }
  });

  it('points a reply problem at the policy that drops the replies', async () => {
    const text = fixture('webserver.rules');
    const { diagnostics } = await session.open('webserver.rules', 'iptables', text);
    const web = diagnostics.find((d) => d.code === 'IPT201' && d.range.start.line === positionOf(text, '--dports 80,443').line);
    assert.ok(web, JSON.stringify(diagnostics));
    const policy = positionOf(text, ':OUTPUT DROP').line;
    assert.ok(web.relatedInformation?.some((r) => r.location.range.start.line === policy && r.location.uri.endsWith('webserver.rules')));
  });

  it('survives garbage: binary bytes and a 1 MB line still get an answer, and the server keeps serving', async () => {
    const garbage = `#!/bin/sh\n\u0000\u0001\u00ff iptables -A "INPUT -j\n${'x'.repeat(1_000_000)}\niptables -A INPUT -p tcp --dport 22 -j ACCEPT\n`;
    const { file } = await session.open('garbage.sh', 'shellscript', garbage);
    const hover = await session.connection.sendRequest(HoverRequest.type, { textDocument: { uri: file.uri }, position: { line: 9999, character: 0 } });
    assert.equal(hover, null);
    const { diagnostics } = await session.open('relay.sh', 'shellscript', typoScript);
    assert.ok(diagnostics.some((d) => d.code === 'IPT101'));
  });
});
