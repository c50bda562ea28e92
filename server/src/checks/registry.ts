import type { Check } from './check';
import { IPT001 } from './IPT001';
import { IPT002 } from './IPT002';
import { IPT101 } from './IPT101';
import { IPT102 } from './IPT102';
import { IPT103 } from './IPT103';
import { IPT104 } from './IPT104';
import { IPT105 } from './IPT105';
import { IPT106 } from './IPT106';
import { IPT107 } from './IPT107';
import { IPT108 } from './IPT108';
import { IPT109 } from './IPT109';
import { IPT110 } from './IPT110';
import { IPT111 } from './IPT111';
import { IPT112 } from './IPT112';
import { IPT113 } from './IPT113';
import { IPT114 } from './IPT114';
import { IPT115 } from './IPT115';
import { IPT116 } from './IPT116';
import { IPT117 } from './IPT117';
import { IPT118 } from './IPT118';
import { IPT119 } from './IPT119';
import { IPT120 } from './IPT120';
import { IPT121 } from './IPT121';
import { IPT122 } from './IPT122';
import { IPT140 } from './IPT140';
import { IPT141 } from './IPT141';
import { IPT142 } from './IPT142';
import { IPT143 } from './IPT143';
import { IPT144 } from './IPT144';
import { IPT145 } from './IPT145';
import { IPT146 } from './IPT146';
import { IPT148 } from './IPT148';
import { IPT149 } from './IPT149';
import { IPT150 } from './IPT150';
import { IPT151 } from './IPT151';
import { IPT201 } from './IPT201';
import { IPT202 } from './IPT202';
import { IPT301 } from './IPT301';
import { IPT302 } from './IPT302';
import { IPT401 } from './IPT401';
import { IPT501 } from './IPT501';
import { IPT502 } from './IPT502';
import { IPT503 } from './IPT503';

/** Every check, in code order. Each lives in its own file (checks/IPTnnn.ts). */
export const allChecks: Check[] = [
  IPT001,
  IPT002,
  IPT101,
  IPT102,
  IPT103,
  IPT104,
  IPT105,
  IPT106,
  IPT107,
  IPT108,
  IPT109,
  IPT110,
  IPT111,
  IPT112,
  IPT113,
  IPT114,
  IPT115,
  IPT116,
  IPT117,
  IPT118,
  IPT119,
  IPT120,
  IPT121,
  IPT122,
  IPT140,
  IPT141,
  IPT142,
  IPT143,
  IPT144,
  IPT145,
  IPT146,
  IPT148,
  IPT149,
  IPT150,
  IPT151,
  IPT201,
  IPT202,
  IPT301,
  IPT302,
  IPT401,
  IPT501,
  IPT502,
  IPT503,
];

export function checkByCode(code: string): Check | undefined {
  return allChecks.find((c) => c.code === code);
}
