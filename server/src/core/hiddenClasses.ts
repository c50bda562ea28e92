/**
 * Objects kept alive for the life of the process, for their hidden classes only.
 *
 * V8 keeps the hidden class (map) of a class's fully built instances reachable only through weak
 * transition links from the constructor's initial map. When every instance of a per-analysis class
 * (the evaluator, the ruleset builder, a range…) has died, a full garbage collection drops that map,
 * and every optimized function that was specialised on it is thrown away ("weak objects" deopts):
 * each analysis then starts again in the interpreter and pays for optimizing the same code anew.
 * Measured at 10,000 rules, this cost the evaluator and the model half their time on every run.
 * One small, empty instance of each such class, held here, keeps its map and the optimized code.
 */
const kept: object[] = [];

export function keepHiddenClassesOf(...instances: object[]): void {
  for (const instance of instances) kept.push(instance);
}
