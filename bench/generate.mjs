// Seeded, deterministic generators of the synthetic firewalls the benchmark measures.
// Each returns the text plus what a correct engine must make of it (the rule count of the final
// ruleset and the findings planted on purpose), so the smoke test can tell a working engine from a
// placeholder that returns nothing very quickly.

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
function randomSource(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ABUSE_NOTES = [
  'SSH brute force, fail2ban export',
  'abuse report: SMTP relay probing',
  'web scanner hitting /wp-login.php',
  'open resolver amplification source',
  'credential stuffing against the API',
];

/**
 * Distinct blocked sources that never overlap one another, so the only redundancy in the
 * blocklist is the one planted deliberately:
 * - /32 hosts from 10.0.0.0/9 and the documentation ranges 192.0.2.0/24 and 203.0.113.0/24;
 * - /24 networks from 10.128.0.0/9, 172.16.0.0/12 and 192.168.0.0/16.
 * 198.51.100.0/24 stays unblocked: it is the administrators' network.
 */
function blockedSources(count, random) {
  const seen = new Set();
  const out = [];
  const octet = () => Math.floor(random() * 256);
  while (out.length < count) {
    const pick = random();
    let source;
    if (pick < 0.02) source = `${random() < 0.5 ? '192.0.2' : '203.0.113'}.${1 + Math.floor(random() * 254)}`;
    else if (pick < 0.78) source = `10.${Math.floor(random() * 128)}.${octet()}.${1 + Math.floor(random() * 254)}`;
    else if (pick < 0.93) source = `10.${128 + Math.floor(random() * 128)}.${octet()}.0/24`;
    else if (pick < 0.98) source = `172.${16 + Math.floor(random() * 16)}.${octet()}.0/24`;
    else source = `192.168.${octet()}.0/24`;
    if (seen.has(source)) continue;
    seen.add(source);
    // Half of the hosts are written with /32, half bare, as hand-kept lists mix both.
    if (!source.includes('/') && random() < 0.5) source += '/32';
    out.push(source);
  }
  return out;
}

/** The first /24 in the list, and a host inside it: dropping that host again is redundant (IPT302). */
function hostInsideFirstNetwork(sources) {
  const network = sources.find((s) => s.endsWith('/24'));
  if (!network) throw new Error('blocklist too small to plant a redundant rule');
  return network.replace(/\.0\/24$/, '.77/32');
}

/**
 * (a) A blocklist shell script: loopback and established traffic first, then `rules - 5`
 * `iptables -A INPUT -s X -j DROP` lines (one of them redundant on purpose), then the services
 * the host offers and the policies.
 */
export function generateBlocklist(rules, seed = 1) {
  const random = randomSource(seed);
  const drops = rules - 5; // besides the drops: lo, established, and three services
  const sources = blockedSources(drops - 1, random);
  const planted = hostInsideFirstNetwork(sources);
  // Plant the redundant host late, after its network, where a list that grew by hand would have it.
  sources.splice(Math.floor(sources.length * 0.9) + 1, 0, planted);

  const out = [
    '#!/bin/sh',
    '# Edge host blocklist: drop known-bad sources, then allow the public services.',
    `# Regenerated nightly from the abuse feed (${drops} entries).`,
    'set -e',
    '',
    'iptables -F INPUT',
    'iptables -A INPUT -i lo -j ACCEPT',
    'iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '',
  ];
  let plantedLine = -1;
  for (let i = 0; i < sources.length; i++) {
    if (i % 250 === 0) out.push(`# ${ABUSE_NOTES[(i / 250) % ABUSE_NOTES.length]}`);
    if (sources[i] === planted) plantedLine = out.length;
    out.push(`iptables -A INPUT -s ${sources[i]} -j DROP`);
  }
  out.push(
    '',
    '# Services',
    'iptables -A INPUT -s 198.51.100.0/24 -p tcp --dport 22 -j ACCEPT',
    'iptables -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
    'iptables -A INPUT -p icmp --icmp-type echo-request -m limit --limit 5/second -j ACCEPT',
    '',
    'iptables -P INPUT DROP',
    'iptables -P FORWARD DROP',
    'iptables -P OUTPUT ACCEPT',
    '',
  );
  return { text: out.join('\n'), languageId: 'shellscript', rules, planted: [{ code: 'IPT302', line: plantedLine }] };
}

const TENANT_SERVICES = [
  { name: 'web', ports: '80 443' },
  { name: 'web', ports: '80 443 8080 8443' },
  { name: 'api', ports: '443 8443' },
  { name: 'mail', ports: '25 465 587 993' },
  { name: 'git', ports: '22 443 9418' },
];

/** Tenant i owns 10.(i >> 8).(i & 255).0/24; tenants never overlap. */
function tenantNetwork(i) {
  return `10.${(i >> 8) & 255}.${i & 255}`;
}

/**
 * (b) A services script in the style admins write by hand: variables, a helper function taking
 * `$1`/`$2`, one user chain per tenant, `for` loops over port lists, and rules under `if`.
 * Emits tenants until the final ruleset holds exactly `rules` rules. No finding is planted: every
 * accepted connection has a way back through the ESTABLISHED rules.
 */
export function generateServices(rules, seed = 2) {
  const random = randomSource(seed);
  const out = [
    '#!/bin/bash',
    '# Application tier firewall: one chain per tenant, replies through conntrack.',
    'set -euo pipefail',
    '',
    'IPT=/usr/sbin/iptables',
    'WAN=eth0',
    'LAN=eth1',
    'MGMT_NET=198.51.100.0/24',
    'MONITORING=203.0.113.10',
    'DNS_SERVERS="192.0.2.53 192.0.2.54"',
    '',
    '# allow_tcp CHAIN SOURCE PORT',
    'allow_tcp() {',
    '  $IPT -A "$1" -s "$2" -p tcp --dport "$3" -j ACCEPT',
    '}',
    '',
    '$IPT -F',
    '$IPT -X',
    '$IPT -P INPUT DROP',
    '$IPT -P FORWARD DROP',
    '$IPT -P OUTPUT DROP',
    '',
    '$IPT -A INPUT -i lo -j ACCEPT',
    '$IPT -A OUTPUT -o lo -j ACCEPT',
    '$IPT -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '$IPT -A OUTPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '$IPT -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
    '',
    '$IPT -N MGMT',
    '$IPT -A INPUT -s "$MGMT_NET" -j MGMT',
    'for port in 22 9100; do',
    '  $IPT -A MGMT -p tcp --dport "$port" -j ACCEPT',
    'done',
    '$IPT -A INPUT -s "$MONITORING" -p icmp --icmp-type echo-request -j ACCEPT',
    '',
    'for server in $DNS_SERVERS; do',
    '  $IPT -A OUTPUT -d "$server" -p udp --dport 53 -j ACCEPT',
    'done',
    '$IPT -A OUTPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
    '$IPT -A OUTPUT -p udp --dport 123 -j ACCEPT',
    '',
  ];
  // Rules so far: lo×2, established×3, MGMT jump, MGMT×2, icmp, DNS×2, http(s), ntp.
  let count = 13;
  const tail = 1; // the FORWARD rule for outgoing web traffic from the LAN, written last
  let tenant = 0;
  while (count < rules - tail) {
    const room = rules - tail - count;
    const network = tenantNetwork(tenant);
    const chain = `TENANT_${tenant}`;
    const service = TENANT_SERVICES[Math.floor(random() * TENANT_SERVICES.length)];
    const ports = service.ports.split(' ');
    // A full tenant: jump + loop + database + conditional syslog. Smaller remainders get a short tenant.
    const full = 1 + ports.length + 1 + 1;
    out.push(`# tenant ${tenant}: ${service.name} (${network}.0/24)`);
    out.push(`$IPT -N ${chain}`);
    out.push(`$IPT -A INPUT -i "$WAN" -s ${network}.0/24 -j ${chain}`);
    count++;
    if (room >= full) {
      out.push(`for port in ${service.ports}; do`);
      out.push(`  $IPT -A ${chain} -s ${network}.0/25 -p tcp --dport "$port" -j ACCEPT`);
      out.push('done');
      out.push(`allow_tcp ${chain} ${network}.128/26 5432`);
      out.push(`if [ -f /etc/firewall/tenant-${tenant}.syslog ]; then`);
      out.push(`  $IPT -A ${chain} -s ${network}.192/27 -p udp --dport 514 -j ACCEPT`);
      out.push('fi');
      count += ports.length + 2;
    } else {
      for (let k = 1; k < room; k++) out.push(`allow_tcp ${chain} ${network}.${k}/32 ${ports[0]}`);
      count += room - 1;
    }
    out.push('');
    tenant++;
  }
  out.push('$IPT -A FORWARD -i "$LAN" -o "$WAN" -p tcp -m multiport --dports 80,443 -j ACCEPT', '');
  count += tail;
  return { text: out.join('\n'), languageId: 'shellscript', rules: count, planted: [] };
}

/**
 * (c) An iptables-save file of the same volume, in the normal form iptables-save prints: a
 * blocklist (with the same deliberate redundancy) followed by per-tenant service chains.
 */
export function generateRestore(rules, seed = 3) {
  const random = randomSource(seed);
  const serviceRules = Math.max(6, Math.floor(rules / 2));
  const drops = rules - serviceRules - 3;
  const sources = blockedSources(drops - 1, random).map((s) => (s.includes('/') ? s : `${s}/32`));
  const planted = hostInsideFirstNetwork(sources);
  sources.splice(Math.floor(sources.length * 0.9) + 1, 0, planted);

  const head = [
    '# Generated by iptables-save v1.8.9 (nf_tables) on Wed Nov 25 21:40:00 2026',
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
  ];
  const body = [
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 22 -j ACCEPT',
  ];
  let count = 3;
  let plantedBodyIndex = -1;
  for (const source of sources) {
    if (source === planted) plantedBodyIndex = body.length;
    body.push(`-A INPUT -s ${source} -j DROP`);
    count++;
  }
  let tenant = 0;
  while (count < rules) {
    const room = rules - count;
    const network = tenantNetwork(tenant);
    const chain = `TENANT_${tenant}`;
    const ports = TENANT_SERVICES[Math.floor(random() * TENANT_SERVICES.length)].ports.split(' ');
    head.push(`:${chain} - [0:0]`);
    body.push(`-A INPUT -s ${network}.0/24 -i eth0 -j ${chain}`);
    count++;
    const take = Math.min(room - 1, ports.length + 1);
    for (let k = 0; k < take; k++) {
      if (k < ports.length) body.push(`-A ${chain} -s ${network}.0/25 -p tcp -m tcp --dport ${ports[k]} -j ACCEPT`);
      else body.push(`-A ${chain} -s ${network}.128/26 -p tcp -m tcp --dport 5432 -j ACCEPT`);
    }
    count += take;
    tenant++;
  }
  const lines = [...head, ...body, 'COMMIT', '# Completed on Wed Nov 25 21:40:00 2026', ''];
  return {
    text: lines.join('\n'),
    languageId: 'iptables',
    rules: count,
    planted: [{ code: 'IPT302', line: head.length + plantedBodyIndex }],
  };
}

export const GENERATORS = {
  blocklist: { generate: generateBlocklist, extension: 'sh' },
  services: { generate: generateServices, extension: 'sh' },
  restore: { generate: generateRestore, extension: 'rules' },
};
