import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { evaluateScript } from '../../server/src/eval/evaluate';
import { parseShell } from '../../server/src/shell/parser';

// Shell parse + evaluation time on big generated scripts, after warm-up. The targets of issue #2 are
// 15 ms at 10,000 lines and 150 ms at 100,000; this test prints what it measured and fails only on a
// regression far beyond noise (shared CI machines are slow and busy: on a 2-core machine at load 12 we
// measured up to 20× the quiet numbers): generous absolute bounds, and growth that must stay linear
// (quadratic growth would show as a ratio near 100).

function firewallScript(lines: number): string {
  const out = ['#!/bin/sh', 'IPT=/sbin/iptables', 'WAN=eth0'];
  for (let i = 0; i < lines; i++) {
    switch (i % 4) {
      case 0:
        out.push(`iptables -A INPUT -s 198.51.${(i >> 8) & 255}.${i & 255} -j DROP`);
        break;
      case 1:
        out.push(`$IPT -A INPUT -i "$WAN" -p tcp --dport ${1024 + (i % 5000)} -m conntrack --ctstate NEW -j ACCEPT  # rule ${i}`);
        break;
      case 2:
        out.push('iptables -A OUTPUT -o $WAN -p udp --sport 53 -j ACCEPT');
        break;
      default:
        out.push(`iptables -A FORWARD -s 203.0.113.${i & 255}/32 -d 192.0.2.0/24 -j ACCEPT`);
    }
  }
  return `${out.join('\n')}\n`;
}

function bestTime(text: string, expectedInvocations: number, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const { script } = parseShell(text);
    const { invocations } = evaluateScript(script, text);
    best = Math.min(best, performance.now() - started);
    assert.equal(invocations.length, expectedInvocations);
  }
  return best;
}

describe('shell front end speed', function () {
  this.timeout(300_000);

  it('parses and evaluates 10,000 and 100,000 lines in linear time', () => {
    const small = firewallScript(10_000);
    const big = firewallScript(100_000);
    bestTime(small, 10_000, 5); // warm-up
    const smallMs = bestTime(small, 10_000, 7);
    const bigMs = bestTime(big, 100_000, 4);
    console.log(`      parse + evaluate: ${smallMs.toFixed(1)} ms at 10,000 lines, ${bigMs.toFixed(1)} ms at 100,000 lines`);
    assert.ok(smallMs < 400, `10,000 lines took ${smallMs.toFixed(1)} ms`);
    assert.ok(bigMs < 5000, `100,000 lines took ${bigMs.toFixed(1)} ms`);
    assert.ok(bigMs / smallMs < 40, `10× the lines took ${(bigMs / smallMs).toFixed(1)}× the time`);
  });

  it('unrolls a loop over 10,000 addresses quickly', () => {
    const addresses = Array.from({ length: 10_000 }, (_, i) => `198.51.100.${i % 256}/32`).join(' ');
    const text = `BLOCK="${addresses}"\nfor a in $BLOCK; do\n  iptables -A INPUT -s "$a" -j DROP\ndone\n`;
    bestTime(text, 10_000, 3);
    const ms = bestTime(text, 10_000, 5);
    console.log(`      a 10,000-iteration loop: ${ms.toFixed(1)} ms`);
    assert.ok(ms < 500, `took ${ms.toFixed(1)} ms`);
  });
});
