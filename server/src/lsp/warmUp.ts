import { allChecks } from '../checks/registry';
import { analyze } from '../engine/analyze';

/**
 * Run the engine over every check's documented example before the first document arrives. V8
 * compiles functions on first use: without this, the first file a user opens pays about ten times
 * what later analyses cost (68 ms against 6 ms at 1,000 rules in bench/RESULTS.md). The examples
 * touch every check, so every code path is compiled while the editor is still starting.
 */
export function warmUpEngine(rounds = 2): void {
  for (let i = 0; i < rounds; i++) {
    for (const check of allChecks) {
      try {
        analyze(check.docs.example, { languageId: check.docs.exampleLanguage });
        analyze(check.docs.useInstead, { languageId: check.docs.exampleLanguage });
      } catch {
        // The engine never throws on its own examples (test/checks/docs.test.ts); warming up must not fail the server either.
      }
    }
  }
}
