import { strict as assert } from 'node:assert';
import {
  DefinitionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type DocumentSymbol,
  type Location,
} from 'vscode-languageserver-protocol/node';
import { applyWorkspaceEdit, editsFor, fixture, positionOf, startSession, type LspSession, type OpenFile } from './lspSession';

describe('LSP: navigation, outline, folding, inlay hints', function () {
  let session: LspSession;
  let gateway: OpenFile;
  let dead: OpenFile;
  before(async () => {
    session = await startSession();
    gateway = (await session.open('gateway.sh', 'shellscript', fixture('gateway.sh'))).file;
    dead = (await session.open('deadrule.rules', 'iptables', fixture('deadrule.rules'))).file;
  });
  after(async () => {
    await session.stop();
  });
  const lineOf = (file: OpenFile, needle: string, occurrence = 0) => positionOf(file.text, needle, 0, occurrence).line;

  describe('restore file', () => {
    it('goes from a jump to the chain’s :CHAIN line', async () => {
      const result = (await session.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: dead.uri },
        position: positionOf(dead.text, '-j SSH_ADMIN', 5),
      })) as Location[];
      assert.equal(result.length, 1);
      assert.deepEqual(result[0].range, { start: positionOf(dead.text, 'SSH_ADMIN'), end: positionOf(dead.text, 'SSH_ADMIN', 9) });
    });

    it('finds every jump to the chain, and its definition when asked', async () => {
      const position = positionOf(dead.text, 'SSH_ADMIN', 2);
      const jumps = (await session.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: dead.uri }, position, context: { includeDeclaration: false } })) as Location[];
      assert.deepEqual(jumps.map((l) => l.range.start.line), [lineOf(dead, '-j SSH_ADMIN')]);
      const all = (await session.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: dead.uri }, position, context: { includeDeclaration: true } })) as Location[];
      assert.deepEqual(all.map((l) => l.range.start.line), [lineOf(dead, ':SSH_ADMIN'), lineOf(dead, '-j SSH_ADMIN')]);
    });

    it('renames a user chain everywhere it is named, and the result lints as before', async () => {
      const position = positionOf(dead.text, '-A SSH_ADMIN -j DROP', 4);
      const prepared = await session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: dead.uri }, position });
      assert.ok(prepared && 'placeholder' in prepared);
      assert.equal(prepared.placeholder, 'SSH_ADMIN');
      const edit = await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: dead.uri }, position, newName: 'ADMIN_SSH' });
      assert.ok(edit);
      const renamed = applyWorkspaceEdit(dead, edit);
      assert.equal(renamed.split('SSH_ADMIN').length - 1, 0);
      assert.equal(renamed.split('ADMIN_SSH').length - 1, dead.text.split('SSH_ADMIN').length - 1);
      const { diagnostics: before } = await session.open('deadrule-before.rules', 'iptables', dead.text);
      const { diagnostics: after } = await session.open('deadrule-renamed.rules', 'iptables', renamed);
      assert.deepEqual(after.map((d) => `${d.code}@${d.range.start.line}`), before.map((d) => `${d.code}@${d.range.start.line}`));
    });

    it('refuses to rename a built-in chain or to an invalid name', async () => {
      await assert.rejects(
        session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: dead.uri }, position: positionOf(dead.text, '-A INPUT', 4) }),
        /only user chains can be renamed/,
      );
      await assert.rejects(
        session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: dead.uri }, position: positionOf(dead.text, 'SSH_ADMIN', 2), newName: 'ACCEPT' }),
        /is a target/,
      );
      await assert.rejects(
        session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: dead.uri }, position: positionOf(dead.text, 'SSH_ADMIN', 2), newName: 'A_NAME_LONGER_THAN_IPTABLES_ALLOWS' }),
        /at most 28 characters/,
      );
    });

    it('outlines tables → chains → policy and rules', async () => {
      const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: dead.uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['filter']);
      const chains = symbols[0].children!;
      assert.deepEqual(chains.map((c) => c.name), ['INPUT', 'FORWARD', 'OUTPUT', 'SSH_ADMIN']);
      const input = chains[0].children!.map((c) => c.name);
      assert.equal(input[0], 'policy DROP');
      assert.ok(input.includes('-p tcp -m tcp --dport 22 -j SSH_ADMIN'), JSON.stringify(input));
      assert.equal(chains[3].children!.length, 3);
    });

    it('folds each table from *table to COMMIT', async () => {
      const ranges = await session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: dead.uri } });
      assert.ok(ranges?.some((r) => r.startLine === lineOf(dead, '*filter') && r.endLine === lineOf(dead, 'COMMIT')));
    });

    it('shows each rule’s direction and the service names of its ports', async () => {
      const hints = await session.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri: dead.uri },
        range: { start: { line: 0, character: 0 }, end: { line: dead.text.split('\n').length, character: 0 } },
      });
      assert.ok(hints);
      const at = (needle: string) => hints.filter((h) => h.position.line === lineOf(dead, needle)).map((h) => h.label);
      assert.deepEqual(at('--dport 443'), ['ingress', 'https']);
      assert.deepEqual(at('-A SSH_ADMIN -j DROP'), ['ingress']);
    });

    it('shows no inlay hints when the setting turns them off, and has the editor refresh them', async () => {
      const refreshed = new Promise<void>((resolve) => session.connection.onRequest(InlayHintRefreshRequest.type, () => resolve()));
      session.settings.inlayHints = { enable: false };
      session.configurationChanged();
      await refreshed;
      try {
        const hints = await session.connection.sendRequest(InlayHintRequest.type, {
          textDocument: { uri: dead.uri },
          range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        });
        assert.equal(hints, null);
      } finally {
        session.settings.inlayHints = { enable: true };
        session.configurationChanged();
      }
    });
  });

  describe('shell script', () => {
    it('goes from -j to the chain’s -N, and lists every jump', async () => {
      const position = positionOf(gateway.text, '-j LAN_SERVICES', 4);
      const definition = (await session.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: gateway.uri }, position })) as Location[];
      assert.deepEqual(definition.map((l) => l.range.start), [positionOf(gateway.text, 'LAN_SERVICES')]);
      const refs = (await session.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: gateway.uri }, position, context: { includeDeclaration: false } })) as Location[];
      assert.deepEqual(refs.map((l) => l.range.start.line), [lineOf(gateway, '-j LAN_SERVICES')]);
    });

    it('renames the chain at every place, the loop body once', async () => {
      const position = positionOf(gateway.text, 'LAN_SERVICES', 3);
      const edit = await session.connection.sendRequest(RenameRequest.type, { textDocument: { uri: gateway.uri }, position, newName: 'OFFICE_SERVICES' });
      assert.ok(edit);
      const edits = editsFor(gateway, edit);
      assert.equal(edits.length, gateway.text.split('LAN_SERVICES').length - 1);
      assert.ok(!applyWorkspaceEdit(gateway, edit).includes('LAN_SERVICES'));
    });

    it('names every direction a function’s rule stands for, once', async () => {
      const text = '#!/bin/sh\nallow() {\n  iptables -A "$1" -p tcp --dport "$2" -j ACCEPT\n}\nallow INPUT 22\nallow OUTPUT 443\n';
      const { file } = await session.open('function.sh', 'shellscript', text);
      const hints = await session.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri: file.uri },
        range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
      });
      assert.deepEqual((hints ?? []).map((h) => h.label), ['ingress, egress', 'ssh, https']);
    });

    it('refuses to rename a chain whose name comes from a variable', async () => {
      const text = '#!/bin/sh\nCHAIN=WEB_IN\niptables -N $CHAIN\niptables -A WEB_IN -p tcp --dport 443 -j ACCEPT\niptables -A INPUT -j WEB_IN\n';
      const { file } = await session.open('variable-chain.sh', 'shellscript', text);
      await assert.rejects(
        session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: file.uri }, position: positionOf(text, '-j WEB_IN', 5) }),
        /written as '\$CHAIN' on line 3/,
      );
    });

    it('outlines IPv4 tables with their chains, a loop’s rule once', async () => {
      const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: gateway.uri } })) as DocumentSymbol[];
      assert.deepEqual(symbols.map((s) => s.name), ['filter', 'nat']);
      const lan = symbols[0].children!.find((c) => c.name === 'LAN_SERVICES');
      assert.ok(lan);
      assert.equal(lan.children!.length, 3);
    });

    it('leaves folding of shell scripts to the editor', async () => {
      assert.equal(await session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: gateway.uri } }), null);
    });

    it('labels the rules of a user chain with the direction of the chains that jump to it', async () => {
      const hints = await session.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri: gateway.uri },
        range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
      });
      const labelsOn = (needle: string) => (hints ?? []).filter((h) => h.position.line === lineOf(gateway, needle)).map((h) => h.label);
      assert.deepEqual(labelsOn('--dport 22'), ['ingress', 'ssh']);
      assert.deepEqual(labelsOn('-A FORWARD -i $LAN'), ['forwarded']);
      assert.deepEqual(labelsOn('--dport "$port"'), ['ingress', 'domain, ntp'], 'one hint for the loop, naming every value');
    });
  });
});
