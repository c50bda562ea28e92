import { strict as assert } from 'node:assert';
import { analyze } from '../../server/src/engine/analyze';

/** A long script whose top-level commands are loops adding three rules each, so the rule count jumps by 3. */
function loopsScript(loops: number): string {
  const lines = ['#!/bin/sh', 'iptables -P INPUT DROP', 'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT'];
  for (let i = 0; i < loops; i++) {
    lines.push(`for port in 22 80 443; do iptables -A INPUT -s 10.${i >> 8}.${i & 255}.0/24 -p tcp --dport "$port" -j ACCEPT; done`);
  }
  return `${lines.join('\n')}\n`;
}

/** Analyses the long script with a cancellation that always answers `cancelled`; counts the questions. */
function analyzeAsking(cancelled: boolean) {
  let asked = 0;
  const result = analyze(loopsScript(1500), {
    languageId: 'shellscript',
    isCancelled: () => {
      asked++;
      return cancelled;
    },
  });
  return { result, asked };
}

describe('cancelling an analysis', () => {
  it('returns nothing once cancelled', () => {
    const { result, asked } = analyzeAsking(true);
    assert.equal(result, undefined);
    assert.equal(asked, 1, 'nothing more is asked once cancelled');
  });

  it('asks during a long script, whatever its statement count, and goes to the end when nobody cancels', () => {
    const { result, asked } = analyzeAsking(false);
    assert.ok(result);
    assert.equal(result.statements.length, 2 + 3 * 1500);
    // Twice during the 1,502 top-level commands, then after the front end and after the model.
    assert.equal(asked, 4);
  });
});
