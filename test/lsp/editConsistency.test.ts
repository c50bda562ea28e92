import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/engine/analyze';
import { toDiagnostics } from '../../server/src/lsp/diagnostics';
import { parseSettings } from '../../server/src/lsp/settings';
import { seededRandom } from '../kernel/parser/generate';
import { REPO, startSession, type LspSession, type OpenFile } from './lspSession';

/** Real scripts and restore files from the repository, each edited at random while open. */
const DOCUMENTS: { path: string; languageId: 'shellscript' | 'iptables' }[] = [
  { path: 'test/lsp/fixtures/relay.sh', languageId: 'shellscript' },
  { path: 'test/lsp/fixtures/gateway.sh', languageId: 'shellscript' },
  { path: 'test/lsp/fixtures/legacy.sh', languageId: 'shellscript' },
  { path: 'test/nvim/fixtures/mailrelay.sh', languageId: 'shellscript' },
  { path: 'test/cli/fixtures/stateful-host.sh', languageId: 'shellscript' },
  { path: 'examples/payment-egress.sh', languageId: 'shellscript' },
  { path: 'test/lsp/fixtures/webserver.rules', languageId: 'iptables' },
  { path: 'test/lsp/fixtures/deadrule.rules', languageId: 'iptables' },
  { path: 'test/cli/fixtures/rules.v6', languageId: 'iptables' },
];
const EDITS_PER_DOCUMENT = 40;

/** What people type, and what breaks a script halfway through typing it. */
const TYPED = [' ', '\n', '-', 'A', 'x', '0', '/', ',', ':', '#', '"', "'", '$', '\\', '`', '(', '{', ';', '!', '\t', 'é', '-j DROP', ' -p tcp --dport 22', '$IPT', 'iptables -A INPUT -s 10.0.0.0/8 -j ACCEPT\n', 'COMMIT\n', '*nat\n', '<<EOF\n'];

/** One to three range changes in one didChange, each against the text the previous one left, as editors send them. */
function randomChanges(text: string, random: () => number): TextDocumentContentChangeEvent[] {
  const changes: TextDocumentContentChangeEvent[] = [];
  let current = TextDocument.create('file:///edit', 'x', 0, text);
  const count = random() < 0.7 ? 1 : 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const length = current.getText().length;
    const start = Math.floor(random() * (length + 1));
    const kind = random();
    // Typing, deleting up to a few characters (possibly a line break), or both at once (a replacement).
    const end = kind < 0.5 ? start : Math.min(length, start + 1 + Math.floor(random() * 12));
    const inserted = kind < 0.5 || kind > 0.8 ? TYPED[Math.floor(random() * TYPED.length)] : '';
    const change = { range: { start: current.positionAt(start), end: current.positionAt(end) }, text: inserted };
    changes.push(change);
    current = TextDocument.update(current, [change], 0);
  }
  return changes;
}

describe('LSP: diagnostics after edits equal those of a fresh analysis of the same text', function () {
  let session: LspSession;
  before(async () => {
    session = await startSession({ settings: { debounceMs: 0 } });
  });
  after(async () => {
    await session.stop();
  });

  for (const [seed, { path, languageId }] of DOCUMENTS.entries()) {
    it(`${path}: ${EDITS_PER_DOCUMENT} random edits`, async () => {
      const random = seededRandom(seed + 1); // seeded: a failure replays
      const original = readFileSync(join(REPO, path), 'utf8');
      const { file } = await session.open(path.split('/').pop()!, languageId, original);
      const settings = parseSettings(session.settings);
      const expected = (f: OpenFile) => {
        const fresh = analyze(f.text, { languageId, fileName: f.uri });
        assert.ok(fresh);
        // As the server sends them: JSON, so ranges are their positions whatever object holds them.
        return JSON.parse(JSON.stringify(toDiagnostics(f.uri, fresh.findings, settings, true)));
      };
      for (let i = 0; i < EDITS_PER_DOCUMENT; i++) {
        const before = file.text;
        const changes = randomChanges(file.text, random);
        const published = await session.change(file, changes);
        assert.deepEqual(published, expected(file), `edit ${i + 1} of ${path}: ${JSON.stringify(changes)}\nbefore:\n${before}\nafter:\n${file.text}`);
      }
      await session.close(file);
    });
  }
});
