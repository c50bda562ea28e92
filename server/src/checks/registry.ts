import type { Check } from './check';
import { IPT140 } from './IPT140';
import { IPT141 } from './IPT141';
import { IPT142 } from './IPT142';
import { IPT143 } from './IPT143';
import { IPT144 } from './IPT144';
import { IPT145 } from './IPT145';
import { IPT148 } from './IPT148';
import { IPT149 } from './IPT149';
import { IPT150 } from './IPT150';
import { IPT201 } from './IPT201';
import { IPT202 } from './IPT202';
import { IPT301 } from './IPT301';
import { IPT302 } from './IPT302';
import { IPT401 } from './IPT401';

/** Every check, in code order. Each lives in its own file (checks/IPTnnn.ts). */
export const allChecks: Check[] = [
  IPT140,
  IPT141,
  IPT142,
  IPT143,
  IPT144,
  IPT145,
  IPT148,
  IPT149,
  IPT150,
  IPT201,
  IPT202,
  IPT301,
  IPT302,
  IPT401,
];

export function checkByCode(code: string): Check | undefined {
  return allChecks.find((c) => c.code === code);
}
