import type { Check, CheckDocs } from './check';

/**
 * A check whose findings the model found while applying the commands in order (it knows what the
 * chains hold at each point). The check owns the code's docs and reports the problems under it.
 */
export function modelProblemCheck(code: string, title: string, docs: CheckDocs): Check {
  return {
    code,
    title,
    severity: 'error',
    docs,
    run(ctx) {
      for (const p of ctx.analysis.problems) {
        if (p.code !== code) continue;
        ctx.report({ message: p.message, range: p.range, related: p.related, fixes: p.fixes, severity: p.severity });
      }
    },
  };
}
