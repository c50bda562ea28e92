import { lineOf, sourceLine } from '../analysis/describe';
import type { RelatedInfo } from '../core/finding';
import { findHostnameUses, type HostnameUse } from '../analysis/hostnames';
import { isRestoreStatement } from '../model/build';
import type { Check } from './check';

function relatedFor(use: HostnameUse): RelatedInfo[] {
  const blocked = use.dnsBlockedBy;
  const range = blocked?.decider.kind === 'rule' ? blocked.decider.entry.rule.range : blocked?.policyRange;
  return range ? [{ range, message: 'drops DNS before the name is resolved' }] : [];
}

export const IPT401: Check = {
  code: 'IPT401',
  title: 'Host name in a rule: resolved once, at load time',
  severity: 'warning',
  docs: {
    what: 'Finds host names (not IP addresses or networks) in `-s`/`-d`.',
    why: 'iptables resolves the name once, when the command runs, and stores the addresses it got. A later DNS change is never seen (cloud APIs and CDNs change addresses often); a name with several A records becomes several rules; when DNS is not reachable at that moment — at boot before the network is up, or because OUTPUT already blocks udp/53 — the command fails with "host/network not found" and the rule is missing (in iptables-restore, the whole table fails to load). The man page calls remote names "a really bad idea".',
    example: 'iptables -A OUTPUT -p tcp -d api.stripe.com --dport 443 -j ACCEPT\n',
    useInstead: '# api.stripe.com, addresses kept current by a job that refreshes the ipset\niptables -A OUTPUT -p tcp -m set --match-set payment_api dst --dport 443 -j ACCEPT\n',
    exampleLanguage: 'shellscript',
  },
  run(ctx) {
    const { analysis } = ctx;
    for (const use of findHostnameUses(analysis.statements, analysis.ruleset.hostnameCandidates)) {
      const names = use.names.map((n) => `\`${n}\``).join(', ');
      const restore = isRestoreStatement(use.statement);
      let blocked = '';
      if (use.dnsBlockedBy) {
        const d = use.dnsBlockedBy.decider;
        const policyRange = use.dnsBlockedBy.policyRange;
        const where = d.kind === 'policy' ? `the ${d.chain.name} policy DROP${policyRange ? ` (${lineOf(policyRange)})` : ''}` : `${lineOf(d.entry.statement.command.range)} (\`${sourceLine(analysis.text, d.entry.statement.command.range)}\`)`;
        blocked =
          use.dnsBlockedBy.direction === 'query'
            ? ` At this point of the script DNS lookups (udp/53) are already dropped on their way out by ${where}, so the lookup fails and ${restore ? 'the table does not load' : 'this rule is not added'}.`
            : ` At this point of the script DNS answers (udp from port 53) are already dropped on their way in by ${where}, so the lookup fails and ${restore ? 'the table does not load' : 'this rule is not added'}.`;
      }
      const failure = restore
        ? 'if DNS is not reachable then (at boot, before the network is up), iptables-restore fails and the whole table is not loaded'
        : 'if DNS is not reachable then (at boot, before the network is up), the command fails with "host/network not found" and the rule is missing';
      ctx.report({
        message: `${names} ${use.names.length > 1 ? 'are host names' : 'is a host name'}: iptables resolves it once, when this ${restore ? 'table is loaded' : 'command runs'}, and keeps the addresses it got. Later DNS changes are never seen; a name with several addresses becomes several rules; ${failure}.${blocked} Use addresses or networks, or an ipset kept current by a job.`,
        range: use.value.range,
        related: relatedFor(use),
      });
    }
  },
};
