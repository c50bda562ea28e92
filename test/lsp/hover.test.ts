import { strict as assert } from 'node:assert';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { fixture, positionOf, startSession, type LspSession, type OpenFile } from './lspSession';

describe('LSP: hover', function () {
  let session: LspSession;
  let gateway: OpenFile;
  let web: OpenFile;
  before(async () => {
    session = await startSession();
    gateway = (await session.open('gateway.sh', 'shellscript', fixture('gateway.sh'))).file;
    web = (await session.open('webserver.rules', 'iptables', fixture('webserver.rules'))).file;
  });
  after(async () => {
    await session.stop();
  });

  async function hoverText(file: OpenFile, needle: string, offset = 1, occurrence = 0): Promise<string | undefined> {
    const hover = await session.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: file.uri },
      position: positionOf(file.text, needle, offset, occurrence),
    });
    return hover ? (hover.contents as MarkupContent).value : undefined;
  }

  it('documents an option of the match that -p loaded', async () => {
    const text = await hoverText(gateway, '--dport 22', 3);
    assert.ok(text);
    assert.match(text, /--dport/);
    assert.match(text, /Destination TCP port/);
  });

  it('documents a match module after -m, and a target after -j', async () => {
    assert.match((await hoverText(gateway, 'conntrack', 2)) ?? '', /Match `conntrack`/);
    const masquerade = await hoverText(gateway, 'MASQUERADE', 3);
    assert.match(masquerade ?? '', /Target `MASQUERADE`/);
    assert.match(masquerade ?? '', /outgoing interface/);
  });

  it('says what one conntrack state of a list means', async () => {
    const text = await hoverText(gateway, 'ESTABLISHED,RELATED', 14);
    assert.ok(text);
    assert.match(text, /^`RELATED` \(--ctstate\): /);
    assert.match(text, /ICMP errors/);
  });

  it('documents iptables’ own options', async () => {
    const text = await hoverText(web, '-s 198.51.100.0/24', 1);
    assert.match(text ?? '', /--source/);
  });

  it('explains a rule: the direction it governs and its verdict', async () => {
    const text = await hoverText(web, '198.51.100.0/24', 4);
    assert.ok(text);
    assert.match(text, /INPUT/);
    assert.match(text, /ingress/i);
    assert.match(text, /ACCEPT/);
  });

  it('says where the replies of an accepted connection go', async () => {
    const text = await hoverText(web, '80,443', 1);
    assert.ok(text);
    assert.match(text, /\*\*Replies\*\* leave through OUTPUT/);
    assert.match(text, /policy DROP \(line 5\)/);
    const fixed = await hoverText(gateway, '-s $LAN_NET -j LAN_SERVICES', 1);
    assert.ok(fixed);
    assert.doesNotMatch(fixed, /cannot work/);
  });

  it('explains a policy and a user chain definition', async () => {
    const policy = await hoverText(web, ':OUTPUT DROP', 2);
    assert.match(policy ?? '', /\*\*Policy `DROP`:\*\*/);
    assert.match(policy ?? '', /egress/);
    const chain = await hoverText(gateway, '-N LAN_SERVICES', 5);
    assert.match(chain ?? '', /user chain, reached from INPUT/);
  });

  it('explains a rule of a user chain through the built-in chain that jumps to it', async () => {
    const text = await hoverText(gateway, '--reject-with', -12);
    assert.ok(text);
    assert.match(text, /INPUT/);
    assert.match(text, /LAN_SERVICES/);
    assert.match(text, /REJECT/);
  });

  it('shows a check’s documentation on its code in a disable comment', async () => {
    const { file } = await session.open(
      'blocklist.sh',
      'shellscript',
      '#!/bin/sh\n# iptables-lint disable=IPT401,IPT301\niptables -A INPUT -s 203.0.113.0/24 -j DROP\n',
    );
    const text = await hoverText(file, 'IPT301', 2);
    assert.ok(text);
    assert.match(text, /\*\*IPT301\*\*/);
    assert.match(text, /Why is this bad\?/);
    assert.match(text, /docs\/rules\/IPT301\.md/);
    const other = await hoverText(file, 'IPT401', 0);
    assert.match(other ?? '', /\*\*IPT401\*\*/);
  });

  it('answers nothing outside iptables commands', async () => {
    assert.equal(await hoverText(gateway, 'set -euo pipefail', 1), undefined);
  });
});
