import { strict as assert } from 'node:assert';
import { CompletionRequest, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol/node';
import { checkByCode } from '../../server/src/checks/registry';
import { FULL_CAPABILITIES, startSession, type LspSession, type OpenFile } from './lspSession';

/** A script being written: each test types at the end of one of its lines. */
const draft = `#!/bin/sh
IPT=/usr/sbin/iptables
$IPT -N WEB_IN
$IPT -t nat -N PORTFWD
$IPT -A INPUT -p tcp --d
$IPT -A INPUT -m conntrack --ctstate ESTABLISHED,
$IPT -A INPUT -p tcp --dport 80 -j 
$IPT -t nat -A 
$IPT -A INPUT -p udp --dport 
$IPT -A OUTPUT -
ipt
$IPT -A INPUT -p icmp --icmp-type 
$IPT -A INPUT -m multiport --dports 80,4
$IPT -A INPUT -i wg0 -p udp --dport 51820 -j ACCEPT
$IPT -A FORWARD -i 
# iptables-lint disable=IPT401,IPT3
`;

describe('LSP: completion', function () {
  let session: LspSession;
  let file: OpenFile;
  before(async () => {
    session = await startSession();
    file = (await session.open('draft.sh', 'shellscript', draft)).file;
  });
  after(async () => {
    await session.stop();
  });

  async function completeAtEndOf(lineStart: string): Promise<CompletionItem[]> {
    const lines = file.text.split('\n');
    const line = lines.findIndex((l) => l.startsWith(lineStart) && l.length === lineStart.length);
    assert.ok(line >= 0, lineStart);
    const result = (await session.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri: file.uri },
      position: { line, character: lines[line].length },
    })) as CompletionList | null;
    return result?.items ?? [];
  }
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);

  it('offers the tcp options after -p tcp, replacing what is typed', async () => {
    const items = await completeAtEndOf('$IPT -A INPUT -p tcp --d');
    assert.ok(labels(items).includes('--dport'));
    assert.ok(labels(items).includes('--tcp-flags'));
    assert.ok(!labels(items).includes('--ctstate'), 'conntrack was not loaded');
    const dport = items.find((i) => i.label === '--dport')!;
    assert.ok(dport.textEdit && 'range' in dport.textEdit);
    assert.equal(dport.textEdit.range.end.character - dport.textEdit.range.start.character, '--d'.length);
  });

  it('offers conntrack states after a comma, without the ones already listed', async () => {
    const items = await completeAtEndOf('$IPT -A INPUT -m conntrack --ctstate ESTABLISHED,');
    assert.ok(labels(items).includes('RELATED'));
    assert.ok(labels(items).includes('NEW'));
    assert.ok(!labels(items).includes('ESTABLISHED'));
  });

  it('offers targets and the user chains of the same table after -j', async () => {
    const items = await completeAtEndOf('$IPT -A INPUT -p tcp --dport 80 -j ');
    for (const t of ['ACCEPT', 'DROP', 'REJECT', 'LOG', 'WEB_IN']) assert.ok(labels(items).includes(t), t);
    assert.ok(!labels(items).includes('PORTFWD'), 'PORTFWD is a chain of the nat table');
    assert.ok(!labels(items).includes('MASQUERADE'), 'MASQUERADE is a nat target');
  });

  it('offers the chains of the table named by -t', async () => {
    const items = await completeAtEndOf('$IPT -t nat -A ');
    for (const c of ['PREROUTING', 'POSTROUTING', 'OUTPUT', 'PORTFWD']) assert.ok(labels(items).includes(c), c);
    assert.ok(!labels(items).includes('FORWARD'));
    assert.ok(!labels(items).includes('WEB_IN'));
  });

  it('offers well-known ports with their service names', async () => {
    const items = await completeAtEndOf('$IPT -A INPUT -p udp --dport ');
    const dns = items.find((i) => i.label === '53');
    assert.equal(dns?.detail, 'domain');
    assert.equal(items.find((i) => i.label === '443')?.detail, 'https');
  });

  it('continues a multiport list after the comma', async () => {
    const items = await completeAtEndOf('$IPT -A INPUT -m multiport --dports 80,4');
    const https = items.find((i) => i.label === '443');
    assert.ok(https?.textEdit && 'range' in https.textEdit);
    assert.equal(https.textEdit.range.end.character - https.textEdit.range.start.character, 1, 'replaces only the element after the comma');
    assert.ok(!labels(items).includes('80'));
  });

  it('offers lo and the interfaces the script names after -i', async () => {
    const items = await completeAtEndOf('$IPT -A FORWARD -i ');
    assert.deepEqual(labels(items).sort(), ['lo', 'wg0']);
  });

  it('offers the check codes, with their titles, in a disable comment', async () => {
    const items = await completeAtEndOf('# iptables-lint disable=IPT401,IPT3');
    const dead = items.find((i) => i.label === 'IPT301');
    assert.ok(dead);
    assert.equal(dead.detail, checkByCode('IPT301')?.title);
    assert.ok(!labels(items).includes('IPT401'), 'already listed');
    assert.ok(dead.textEdit && 'range' in dead.textEdit);
    assert.equal(dead.textEdit.range.end.character - dead.textEdit.range.start.character, 'IPT3'.length);
  });

  it('offers ICMP type names after --icmp-type', async () => {
    const items = await completeAtEndOf('$IPT -A INPUT -p icmp --icmp-type ');
    assert.ok(labels(items).includes('echo-request'));
  });

  it('leaves -i out of an OUTPUT rule (iptables refuses it there)', async () => {
    const items = await completeAtEndOf('$IPT -A OUTPUT -');
    assert.ok(labels(items).includes('-o'));
    assert.ok(!labels(items).includes('-i'));
    assert.ok(labels(items).includes('-p'));
  });

  it('offers rule snippets where a command starts, as snippets when the editor supports them', async () => {
    const items = await completeAtEndOf('ipt');
    const replies = items.find((i) => /allow replies/.test(i.label));
    assert.ok(replies, JSON.stringify(labels(items)));
    assert.equal(replies.insertTextFormat, InsertTextFormat.Snippet);
    assert.ok(replies.textEdit && 'newText' in replies.textEdit);
    assert.match(replies.textEdit.newText, /^iptables -A \$\{1\|INPUT,OUTPUT,FORWARD\|\} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT$/);
  });

  it('offers plain-text snippets to editors without snippet support', async () => {
    const plain = await startClientWithoutSnippets();
    try {
      const { file: f } = await plain.open('draft.sh', 'shellscript', 'ipt');
      const result = (await plain.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: f.uri }, position: { line: 0, character: 3 } })) as CompletionList;
      const replies = result.items.find((i) => /allow replies/.test(i.label));
      assert.equal(replies?.insertTextFormat, InsertTextFormat.PlainText);
      assert.ok(replies?.textEdit && 'newText' in replies.textEdit);
      assert.equal(replies.textEdit.newText, 'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT');
    } finally {
      await plain.stop();
    }
  });

  it('completes in restore files: chains after -A, the options of the loaded match', async () => {
    const restore = '*filter\n:INPUT DROP [0:0]\n:WEB - [0:0]\n-A \n-A INPUT -m conntrack --ct\nCOMMIT\n';
    const { file: f } = await session.open('draft.rules', 'iptables', restore);
    const chains = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: f.uri }, position: { line: 3, character: 3 } })) as CompletionList;
    assert.ok(labels(chains.items).includes('INPUT'));
    assert.ok(labels(chains.items).includes('WEB'));
    const options = (await session.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: f.uri }, position: { line: 4, character: 26 } })) as CompletionList;
    assert.ok(labels(options.items).includes('--ctstate'));
  });
});

function startClientWithoutSnippets(): Promise<LspSession> {
  return startSession({ capabilities: { ...FULL_CAPABILITIES, textDocument: { ...FULL_CAPABILITIES.textDocument, completion: { completionItem: { snippetSupport: false } } } } });
}
