import type { Negatable, Rule } from '../iptables/rule';
import { canonicalBlock, parseAddress } from './address';

/**
 * A text that is equal for two rules exactly when `iptables -D CHAIN <spec>` would take one for the
 * other. iptables compares the rules as the kernel stores them, so `-s 192.0.2.7` equals
 * `-s 192.0.2.7/32`, `-p tcp --dport 22` equals `-p tcp -m tcp --dport 22`, and the order of a
 * module's options does not matter.
 */
export function ruleKey(rule: Rule): string {
  const parts: string[] = [
    field(rule.protocol, (v) => v.toLowerCase()),
    field(rule.source, (v) => address(v, rule)),
    field(rule.destination, (v) => address(v, rule)),
    field(rule.inInterface, (v) => v),
    field(rule.outInterface, (v) => v),
    rule.fragment ? (rule.fragment.negated ? '!f' : 'f') : '',
  ];
  for (const m of rule.matches) {
    // An implicit `-p tcp` module with no options leaves nothing in the kernel rule.
    if (m.implicit && m.options.length === 0) continue;
    const options = m.options.map((o) => `${o.negated ? '!' : ''}${o.name}=${o.values.map((v) => v.value).join(' ')}`).sort();
    parts.push(`m:${m.name}(${options.join(';')})`);
  }
  if (rule.target) {
    const options = rule.target.options.map((o) => `${o.name}=${o.values.map((v) => v.value).join(' ')}`).sort();
    parts.push(`${rule.target.kind === 'goto' ? 'g' : 'j'}:${rule.target.name}(${options.join(';')})`);
  }
  return parts.join('|');
}

function field(value: Negatable<string> | undefined, normalize: (v: string) => string): string {
  if (!value) return '';
  return `${value.negated ? '!' : ''}${normalize(value.value)}`;
}

function address(text: string, rule: Rule): string {
  return text
    .split(',')
    .map((part) => {
      const parsed = parseAddress(part, rule.family);
      return parsed.kind === 'block' ? canonicalBlock(parsed.block) : part;
    })
    .join(',');
}
