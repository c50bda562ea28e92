import { strict as assert } from 'node:assert';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { detectLanguage } from '../../server/src/engine/language';
import { REPO, applyWorkspaceEdit, editsFor, fixture, positionOf, startSession, type LspSession, type OpenFile } from './lspSession';

const relay = fixture('relay.sh');

/** Fixtures whose every quick-fix is applied and re-linted. */
const FIXTURES: Array<[name: string, languageId: string, text: string]> = [
  ['relay.sh', 'shellscript', relay],
  ['webserver.rules', 'iptables', fixture('webserver.rules')],
  ['deadrule.rules', 'iptables', fixture('deadrule.rules')],
  ['legacy.sh', 'shellscript', fixture('legacy.sh')],
];

function countByCode(diagnostics: Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(String(d.code), (counts.get(String(d.code)) ?? 0) + 1);
  return counts;
}

/** Each finding as (code, the trimmed text of its line): positions move when a fix adds a line. */
function keyed(diagnostics: Diagnostic[], text: string): Array<[string, string]> {
  const lines = text.split(/\r?\n/);
  return diagnostics.map((d) => [String(d.code), (lines[d.range.start.line] ?? '').trim()]);
}

/** The entries of `after` left once each is paired with an equal, unused entry of `before`. */
function withoutMatches(after: Array<[string, string]>, before: Array<[string, string]>): Array<[string, string]> {
  const pool = before.map(([c, l]) => `${c}\u0000${l}`);
  return after.filter(([c, l]) => {
    const i = pool.indexOf(`${c}\u0000${l}`);
    if (i < 0) return true;
    pool.splice(i, 1);
    return false;
  });
}

describe('LSP: code actions, applied and re-linted', function () {
  let session: LspSession;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session.stop();
  });

  async function quickFixes(file: OpenFile, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const actions = await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: file.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    return (actions ?? []) as CodeAction[];
  }

  /** Applies the action to a fresh copy of the text and returns the new diagnostics. */
  async function applyAndRelint(file: OpenFile, action: CodeAction, copyName: string): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    assert.ok(action.edit, `${action.title} has no edit`);
    const text = applyWorkspaceEdit(file, action.edit);
    const { diagnostics } = await session.open(copyName, /\.(rules|v4|v6)$/.test(file.uri) ? 'iptables' : 'shellscript', text);
    return { text, diagnostics };
  }

  /**
   * Applies every quick-fix of every finding to a fresh copy and re-lints. The finding must go (its
   * code counts fewer) and nothing new may appear: every finding after the fix was there before (same
   * code on the same text), with one exception. A rule that was dead and that the fix moves into play
   * is judged for the first time; what it had hidden (its replies are blocked like its neighbours')
   * may show, on the text the fix wrote, under a code the file already had.
   */
  async function everyQuickFix(name: string, languageId: string, text: string): Promise<{ findings: number; applied: number }> {
    const { file, diagnostics } = await session.open(name, languageId, text);
    const before = countByCode(diagnostics);
    let applied = 0;
    for (const diagnostic of diagnostics) {
      const code = String(diagnostic.code);
      for (const action of await quickFixes(file, diagnostic)) {
        const { text: fixedText, diagnostics: after } = await applyAndRelint(file, action, `fixed-${applied}-${name}`);
        const context = `${name}: ${action.title} on ${code} line ${diagnostic.range.start.line + 1}: ${JSON.stringify(after.map((d) => `${d.code}@${d.range.start.line + 1}`))}`;
        assert.ok((countByCode(after).get(code) ?? 0) < before.get(code)!, `the finding stays: ${context}`);
        // Text the fix wrote: lines that are new, or that an edit inserts (a moved rule).
        const written = editsFor(file, action.edit!).map((e) => e.newText).join('\n');
        const original = new Set(text.split(/\r?\n/).map((l) => l.trim()));
        const wroteLine = (lineText: string) => lineText !== '' && (!original.has(lineText) || written.includes(lineText));
        for (const [findingCode, lineText] of withoutMatches(keyed(after, fixedText), keyed(diagnostics, text))) {
          assert.ok(before.has(findingCode) && wroteLine(lineText), `a new ${findingCode} appears on '${lineText}': ${context}`);
        }
        applied++;
      }
    }
    return { findings: diagnostics.length, applied };
  }

  for (const [name, languageId, text] of FIXTURES) {
    it(`${name}: every quick-fix removes its finding and adds none`, async () => {
      const { findings, applied } = await everyQuickFix(name, languageId, text);
      assert.ok(findings > 0, `${name} should have findings`);
      assert.ok(applied >= findings * 2, 'each finding offers at least the two disable actions');
    });
  }

  it('the project’s fixture scripts and examples: every quick-fix removes its finding and adds none', async () => {
    const files = [
      ...readdirSync(join(REPO, 'test', 'fixtures', 'scripts')).map((f) => join(REPO, 'test', 'fixtures', 'scripts', f)),
      ...readdirSync(join(REPO, 'examples')).map((f) => join(REPO, 'examples', f)),
    ];
    let applied = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      applied += (await everyQuickFix(basename(path), detectLanguage(path, text), text)).applied;
    }
    assert.ok(applied > 0, 'the fixtures have findings with fixes');
  });

  it('disables a code for one line with a comment above it', async () => {
    const { file, diagnostics } = await session.open('relay.sh', 'shellscript', relay);
    const typo = diagnostics.find((d) => d.code === 'IPT101')!;
    const action = (await quickFixes(file, typo)).find((a) => a.title === 'Disable IPT101 for this line');
    assert.ok(action);
    const { text, diagnostics: after } = await applyAndRelint(file, action, 'relay-disabled.sh');
    const lines = text.split('\n');
    assert.equal(lines[typo.range.start.line], '# iptables-lint disable=IPT101');
    assert.match(lines[typo.range.start.line + 1], /--dprot 587/);
    assert.ok(!after.some((d) => d.code === 'IPT101'));
  });

  it('adds to a disable comment already above the line instead of stacking another', async () => {
    const text = relay.replace('$IPT -A INPUT -p tcp -s 203.0.113.0/24', '# iptables-lint disable=IPT401\n$IPT -A INPUT -p tcp -s 203.0.113.0/24');
    const { file, diagnostics } = await session.open('relay-commented.sh', 'shellscript', text);
    const typo = diagnostics.find((d) => d.code === 'IPT101')!;
    const action = (await quickFixes(file, typo)).find((a) => a.title === 'Disable IPT101 for this line')!;
    const { text: fixed } = await applyAndRelint(file, action, 'relay-commented-fixed.sh');
    assert.match(fixed, /^# iptables-lint disable=IPT401,IPT101$/m);
    assert.equal(fixed.split('\n').length, text.split('\n').length);
  });

  it('disables a code for the whole file below the #! line', async () => {
    const { file, diagnostics } = await session.open('relay.sh', 'shellscript', relay);
    const typo = diagnostics.find((d) => d.code === 'IPT101')!;
    const action = (await quickFixes(file, typo)).find((a) => a.title === 'Disable IPT101 for this file')!;
    const { text } = await applyAndRelint(file, action, 'relay-file-disabled.sh');
    assert.deepEqual(text.split('\n').slice(0, 2), ['#!/bin/sh', '# iptables-lint disable-file=IPT101']);
  });

  it('keeps iptables-save’s header first in a restore file', async () => {
    const text = fixture('deadrule.rules');
    const { file, diagnostics } = await session.open('deadrule.rules', 'iptables', text);
    const dead = diagnostics.find((d) => d.code === 'IPT301')!;
    const actions = await quickFixes(file, dead);
    const { text: fixedFile } = await applyAndRelint(file, actions.find((a) => a.title === 'Disable IPT301 for this file')!, 'dead-file.rules');
    assert.match(fixedFile.split('\n')[0], /^# Generated by iptables-save/);
    assert.equal(fixedFile.split('\n')[1], '# iptables-lint disable-file=IPT301');
  });

  it('offers the reply fix for IPT201 first, and it lets the replies out', async () => {
    const text = fixture('webserver.rules');
    const { file, diagnostics } = await session.open('webserver.rules', 'iptables', text);
    const web = diagnostics.find((d) => d.code === 'IPT201' && d.range.start.line === positionOf(text, '--dports 80,443').line)!;
    assert.ok(web, JSON.stringify(diagnostics));
    const [first] = await quickFixes(file, web);
    assert.equal(first.isPreferred, true);
    assert.match(first.title, /established/i);
    const { text: fixed, diagnostics: after } = await applyAndRelint(file, first, 'webserver-fixed.rules');
    assert.match(fixed, /^-A OUTPUT .*--ctstate (RELATED,ESTABLISHED|ESTABLISHED,RELATED) -j ACCEPT$/m);
    assert.ok(!after.some((d) => d.code === 'IPT201'), JSON.stringify(after));
  });

  it('source.fixAll.iptables applies the safe fixes at once and leaves nothing new', async () => {
    for (const [name, languageId, text] of FIXTURES) {
      const { file, diagnostics } = await session.open(name, languageId, text);
      const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: file.uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      })) as CodeAction[];
      const fixAll = actions.filter((a) => a.kind === 'source.fixAll.iptables');
      assert.ok(fixAll.length <= 1);
      if (fixAll.length === 0) continue;
      const { diagnostics: after } = await applyAndRelint(file, fixAll[0], `all-${name}`);
      const before = countByCode(diagnostics);
      assert.ok(after.length < diagnostics.length, `${name}: nothing fixed`);
      for (const [code, n] of countByCode(after)) assert.ok(n <= (before.get(code) ?? 0), `${name}: a new ${code}`);
    }
    const { file } = await session.open('webserver.rules', 'iptables', fixture('webserver.rules'));
    const [fixAll] = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: file.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.iptables'] },
    })) as CodeAction[];
    assert.ok(fixAll, 'the reply fix is safe: fix-all offers it');
    const { diagnostics: after } = await applyAndRelint(file, fixAll, 'webserver-all.rules');
    assert.ok(!after.some((d) => d.code === 'IPT201'));
  });

  it('ties edits to the document version when the editor allows it, and sends plain changes otherwise', async () => {
    const { file, diagnostics } = await session.open('relay.sh', 'shellscript', relay);
    const [versioned] = await quickFixes(file, diagnostics.find((d) => d.code === 'IPT101')!);
    assert.deepEqual(versioned.edit?.documentChanges?.map((c) => ('textDocument' in c ? c.textDocument : undefined)), [{ uri: file.uri, version: 1 }]);
    const basic = await startSession({ capabilities: {} });
    try {
      const opened = await basic.open('relay.sh', 'shellscript', relay);
      const actions = (await basic.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: opened.file.uri },
        range: opened.diagnostics[0].range,
        context: { diagnostics: [opened.diagnostics[0]] },
      })) as CodeAction[];
      assert.ok(actions.length > 0);
      for (const action of actions) {
        assert.equal(action.edit?.documentChanges, undefined);
        assert.ok(action.edit?.changes?.[opened.file.uri]?.length);
      }
    } finally {
      await basic.stop();
    }
  });

  it('never puts fix-all in the lightbulb', async () => {
    const { file, diagnostics } = await session.open('relay.sh', 'shellscript', relay);
    const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: file.uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    assert.ok(actions.length > 0);
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
  });
});
