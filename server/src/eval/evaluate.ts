// Placeholder until the evaluator lands (issue #2): the signature is the contract.
import type { Problem } from '../engine/problem';
import type { Script } from '../shell/parser';
import type { Invocation } from './invocation';
export function evaluateScript(_script: Script, _text: string): { invocations: Invocation[]; problems: Problem[] } {
  return { invocations: [], problems: [] };
}
