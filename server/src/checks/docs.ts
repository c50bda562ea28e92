import type { Check } from './check';

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', info: 'Information', hint: 'Hint' } as const;

/**
 * The Markdown page of a check, as written to docs/rules/IPTnnn.md. Hover text on a code in a
 * disable comment uses the same words, so the two never drift apart.
 */
export function renderCheckDoc(check: Check): string {
  const d = check.docs;
  const fence = d.exampleLanguage === 'shellscript' ? 'sh' : 'text';
  const parts = [
    `# ${check.code}: ${check.title}`,
    '',
    `Default severity: **${SEVERITY_WORD[check.severity]}**`,
    '',
    '## What it does',
    '',
    d.what,
    '',
    '## Why is this bad',
    '',
    d.why,
    '',
    '## Example',
    '',
    '```' + fence,
    d.example.replace(/\n+$/, ''),
    '```',
    '',
    '## Use instead',
    '',
    '```' + fence,
    d.useInstead.replace(/\n+$/, ''),
    '```',
    '',
  ];
  if (d.fixSafety) parts.push('## Fix safety', '', d.fixSafety, '');
  parts.push(
    '## Disabling',
    '',
    'For one command, put a comment on its line or on the line above it:',
    '',
    '```sh',
    `# iptables-lint disable=${check.code}`,
    '```',
    '',
    `For a whole file: \`# iptables-lint disable-file=${check.code}\`.`,
    '',
  );
  return parts.join('\n');
}

/** A short Markdown summary for hovers: title, what and why. */
export function renderCheckHover(check: Check): string {
  return `**${check.code}: ${check.title}** (${check.severity})\n\n${check.docs.what}\n\n${check.docs.why}`;
}

/** The index page, docs/rules/README.md. */
export function renderCheckIndex(checks: readonly Check[]): string {
  const rows = checks.map((c) => `| [${c.code}](${c.code}.md) | ${c.title} | ${c.severity} |`);
  return ['# Checks', '', '| code | title | default severity |', '|---|---|---|', ...rows, ''].join('\n');
}
