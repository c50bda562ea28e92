import { strict as assert } from 'node:assert';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  ErrorCodes,
  type DocumentSymbol,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { comparePositions } from '../../server/src/core/range';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, fixture, startSession, type LspSession, type OpenFile } from './lspSession';

/** Half-typed and broken text, as an editor sends it between keystrokes. */
const BROKEN = [
  '#!/bin/bash',
  'IPT=/sbin/iptables',
  '$IPT -A INPUT -p tcp --dport "$(cat /etc/ssh-port)" -j ACC',
  '$IPT -A -p',
  'iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination \\',
  '  192.0.2.10:80 \\',
  '',
  'iptables-restore <<EOF',
  '*filter',
  ':INPUT DROP [0:0',
  '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATE -j',
  'EOF',
  'ip6tables -A INPUT -s 2001:db8::/32 -p ipv6-icmp --icmpv6-type echo-request -j ACCEPT',
  "iptables -A INPUT -m comment --comment 'unterminated",
  '\u0000\u0007\u00ff\ud800 iptables -N',
].join('\n');

describe('LSP: every request at every place of real and broken documents', function () {
  let session: LspSession;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session.stop();
  });

  const documents: Array<[string, string, () => string]> = [
    ['gateway.sh', 'shellscript', () => fixture('gateway.sh')],
    ['deadrule.rules', 'iptables', () => fixture('deadrule.rules')],
    ['legacy.sh', 'shellscript', () => fixture('legacy.sh')],
    ['broken.sh', 'shellscript', () => BROKEN],
    ['functions.sh', 'shellscript', () => readFileSync(join(REPO, 'test', 'fixtures', 'scripts', 'functions.sh'), 'utf8')],
    ['nat-router.sh', 'shellscript', () => readFileSync(join(REPO, 'test', 'fixtures', 'scripts', 'nat-router.sh'), 'utf8')],
    ['broken.rules', 'iptables', () => BROKEN],
  ];

  for (const [name, languageId, text] of documents) {
    it(`${name}: answers without an internal error`, async () => {
      const { file, diagnostics } = await session.open(name, languageId, text());
      const lines = file.text.split('\n');
      const requests: Array<Promise<unknown>> = [];
      const doc = { uri: file.uri };
      for (let line = 0; line <= lines.length; line++) {
        const length = lines[line]?.length ?? 0;
        for (const character of new Set([0, Math.floor(length / 2), Math.max(0, length - 1), length, length + 5])) {
          const position = { line, character };
          requests.push(
            session.connection.sendRequest(HoverRequest.type, { textDocument: doc, position }),
            session.connection.sendRequest(CompletionRequest.type, { textDocument: doc, position }),
            session.connection.sendRequest(DefinitionRequest.type, { textDocument: doc, position }),
            session.connection.sendRequest(ReferencesRequest.type, { textDocument: doc, position, context: { includeDeclaration: true } }),
            refusalIsAnAnswer(session.connection.sendRequest(PrepareRenameRequest.type, { textDocument: doc, position })),
            session.connection.sendRequest(CodeActionRequest.type, {
              textDocument: doc,
              range: { start: position, end: position },
              context: { diagnostics: diagnostics.filter((d) => d.range.start.line === line) },
            }),
          );
        }
      }
      const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
      requests.push(
        session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: doc }),
        session.connection.sendRequest(FoldingRangeRequest.type, { textDocument: doc }),
        session.connection.sendRequest(InlayHintRequest.type, { textDocument: doc, range: whole }),
        session.connection.sendRequest(CodeActionRequest.type, { textDocument: doc, range: whole, context: { diagnostics: [], only: ['source.fixAll'] } }),
      );
      await Promise.all(requests);
      assertNoInternalErrors(session, file);
      const symbols = (await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: doc })) as DocumentSymbol[] | null;
      for (const symbol of symbols ?? []) assertEncloses(symbol);
    });
  }
});

/** A rename refused with a reason (InvalidRequest) is a proper answer; anything else is not. */
async function refusalIsAnAnswer(request: Promise<unknown>): Promise<unknown> {
  try {
    return await request;
  } catch (err) {
    assert.equal((err as { code?: number }).code, ErrorCodes.InvalidRequest, String(err));
    return null;
  }
}

/** VS Code drops the whole outline when a symbol's range does not hold its selection range and children. */
function assertEncloses(symbol: DocumentSymbol): void {
  const holds = (outer: Range, inner: Range) =>
    comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
  assert.ok(holds(symbol.range, symbol.selectionRange), `${symbol.name}: selection outside its range`);
  for (const child of symbol.children ?? []) {
    assert.ok(holds(symbol.range, child.range), `${symbol.name}: child ${child.name} outside its range`);
    assertEncloses(child);
  }
}

function assertNoInternalErrors(session: LspSession, file: OpenFile): void {
  const failures = session.log.filter((l) => /iptables-lint: .* failed|uncaught|unhandled rejection|internal error/.test(l));
  assert.deepEqual(failures, [], `while serving ${file.uri}`);
}
