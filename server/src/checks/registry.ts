import type { Check } from './check';

/** Every check, in code order. Each lives in its own file (checks/IPTnnn.ts). */
export const allChecks: Check[] = [];

export function checkByCode(code: string): Check | undefined {
  return allChecks.find((c) => c.code === code);
}
