// Did the engine understand the generated file? A benchmark of an engine that silently reads
// nothing would be fast and worthless, so every row says whether the ruleset and the findings
// are the ones the generator built in.

/**
 * Returns what is wrong (empty when all is well): the final ruleset must hold exactly the rules
 * generated; each planted finding must be reported on its line, and its code nowhere else; and no
 * other error or warning may appear, because the scripts are otherwise correct firewalls.
 */
export function verifyEngineResult(generated, engine) {
  const problems = [];
  if (engine.rules !== generated.rules) problems.push(`ruleset holds ${engine.rules} rules, expected ${generated.rules}`);
  const plantedCodes = new Set(generated.planted.map((p) => p.code));
  for (const { code, line } of generated.planted) {
    if (!engine.findings.some((f) => f.code === code && f.line === line)) problems.push(`no ${code} on line ${line + 1}`);
  }
  for (const code of plantedCodes) {
    const expected = generated.planted.filter((p) => p.code === code).length;
    const found = engine.findingsByCode[code] ?? 0;
    if (found !== expected) problems.push(`${code} ×${found}, expected ×${expected}`);
  }
  const unexpected = engine.findings.filter((f) => !plantedCodes.has(f.code) && (f.severity === 'error' || f.severity === 'warning'));
  const byCode = new Map();
  for (const f of unexpected) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f.line]);
  for (const [code, lines] of byCode) problems.push(`unexpected ${code} ×${lines.length} (first on line ${lines[0] + 1})`);
  return problems;
}
