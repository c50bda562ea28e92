import type { ArgKind, ArgSpec, ModuleSpec, OptionSpec } from './types';

/**
 * A compact notation for the grammar tables, read once at load time:
 *   opt('dport,destination-port', '!portrange', 'doc')  → `[!] --dport|--destination-port <portrange>`
 * The signature is `[!]` (negatable) then space-separated argument kinds; `enum:a|b` lists values,
 * `uint:0-255` bounds a number. An empty signature is a flag without argument.
 */
export function opt(names: string, signature: string, doc: string): OptionSpec {
  const [name, ...aliases] = names.split(',').map((n) => `--${n}`);
  const negatable = signature.startsWith('!');
  const body = negatable ? signature.slice(1) : signature;
  const args: ArgSpec[] = body === '' ? [] : body.split(' ').map(parseArgSpec);
  return { name, aliases, args, negatable, doc };
}

function parseArgSpec(text: string): ArgSpec {
  const colon = text.indexOf(':');
  if (colon < 0) return { kind: text as ArgKind };
  const kind = text.slice(0, colon) as ArgKind;
  const detail = text.slice(colon + 1);
  if (kind === 'enum' || kind === 'enumlist') return { kind, values: detail.split('|') };
  if ((kind as string) === 'iEnum') return { kind: 'enum', values: detail.split('|'), caseless: true };
  const [min, max] = detail.split('-').map(Number);
  return { kind, min, max };
}

export function mod(name: string, doc: string, options: OptionSpec[], extra: Partial<ModuleSpec> = {}): ModuleSpec {
  return { name, doc, options, ...extra };
}
