/**
 * A seeded generator of iptables command lines: mostly what firewall scripts really write, plus the
 * mistakes people make (typos, --dport without -p, -i in OUTPUT, bad ports and masks, targets in
 * the wrong table, misplaced `!`…). It never decides what is valid: the kernel does that.
 */
import type { Family } from '../../../server/src/iptables/rule';

export interface GeneratedCommand {
  family: Family;
  args: string[];
  /** Table and chain the harness lists after the command (and flushes). */
  table: string;
  chain: string;
  /** The command creates a chain (`-N`) or sets a policy (`-P`): the harness undoes it. */
  undo?: 'delete-chain' | 'reset-policy';
}

/** mulberry32: small, fast, good enough for test generation, and reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** User chains the harness creates in every table before running anything. */
export const USER_CHAINS: Readonly<Record<string, readonly string[]>> = {
  filter: ['web-in', 'LOGDROP'],
  nat: ['port-fwd'],
  mangle: ['mark-in'],
  raw: [],
};

const BUILTIN: Readonly<Record<string, readonly string[]>> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

export class CommandGenerator {
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  /** A one-letter slip: drop, double, swap or replace a character. */
  private typo(word: string): string {
    const i = this.int(2, word.length - 1);
    switch (this.int(0, 3)) {
      case 0:
        return word.slice(0, i) + word.slice(i + 1);
      case 1:
        return word.slice(0, i) + word[i] + word.slice(i);
      case 2:
        return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word + 'e';
      default:
        return word.slice(0, i) + this.pick(['a', 'o', 'r', 't', 's']) + word.slice(i + 1);
    }
  }

  next(): GeneratedCommand {
    const family: Family = this.chance(0.8) ? 'ipv4' : 'ipv6';
    const roll = this.random();
    if (roll < 0.05) return this.policyCommand(family);
    if (roll < 0.08) return this.newChainCommand(family);
    if (roll < 0.12) return this.otherCommand(family);
    return this.ruleCommand(family);
  }

  private tableArgs(table: string): string[] {
    if (table === 'filter' && this.chance(0.85)) return [];
    return [this.pick(['-t', '-t', '--table']), table];
  }

  private pickTable(): string {
    const r = this.random();
    return r < 0.7 ? 'filter' : r < 0.85 ? 'nat' : r < 0.95 ? 'mangle' : 'raw';
  }

  private policyCommand(family: Family): GeneratedCommand {
    const table = this.pickTable();
    const chain = this.pick(BUILTIN[table]);
    const policy = this.chance(0.85) ? this.pick(['ACCEPT', 'DROP']) : this.pick(['REJECT', 'drop', 'DORP', 'RETURN']);
    const target = this.chance(0.9) ? chain : this.pick(USER_CHAINS.filter.concat(['INPUT']));
    return { family, args: [...this.tableArgs(table), this.pick(['-P', '--policy']), target, policy], table, chain, undo: 'reset-policy' };
  }

  private newChainCommand(family: Family): GeneratedCommand {
    const table = this.pickTable();
    const names = ['ssh-guard', 'LOG_AND_DROP', 'wan-in', 'docker-user-extra', 'a-chain-name-that-is-far-too-long-for-iptables', '-bad', 'LOG'];
    const name = this.pick(names);
    return { family, args: [...this.tableArgs(table), this.pick(['-N', '--new-chain']), name], table, chain: name, undo: 'delete-chain' };
  }

  private otherCommand(family: Family): GeneratedCommand {
    const table = this.pickTable();
    const chain = this.pick(BUILTIN[table]);
    const op = this.pick(['-F', '-Z', '-S', '-L', '--flush', '-L']);
    const args = [...this.tableArgs(table), op];
    // -Z of a chain iptables-nft has not created yet fails: that depends on state, not syntax.
    if (op !== '-Z' && this.chance(0.7)) args.push(chain);
    if (this.chance(0.15)) args.push('-s', '192.0.2.1');
    if (this.chance(0.15)) args.push(this.pick(['-n', '-v', '--line-numbers', '-x']));
    return { family, args, table, chain };
  }

  private ruleCommand(family: Family): GeneratedCommand {
    const table = this.pickTable();
    const userChains = USER_CHAINS[table];
    const chain = userChains.length && this.chance(0.15) ? this.pick(userChains) : this.pick(BUILTIN[table]);
    const args = [...this.tableArgs(table)];
    const op = this.pick(['-A', '-A', '-A', '-A', '--append', '-I', '--insert']);
    args.push(op, chain);
    if (op.includes('I') && this.chance(0.4)) args.push(this.pick(['1', '1', '0', 'x']));

    const parts: string[][] = [];
    let protocol: string | undefined;
    if (this.chance(0.6)) {
      protocol = this.protocolName(family);
      parts.push([...this.maybeNot(0.05), this.pick(['-p', '-p', '--protocol', '--proto']), protocol]);
    }
    if (this.chance(0.3)) parts.push(this.addressPart('-s', family));
    if (this.chance(0.2)) parts.push(this.addressPart('-d', family));
    if (this.chance(0.25)) parts.push([...this.maybeNot(0.1), this.pick(['-i', '--in-interface']), this.interfaceName()]);
    if (this.chance(0.15)) parts.push([...this.maybeNot(0.1), this.pick(['-o', '--out-interface']), this.interfaceName()]);
    const proto = protocol?.toLowerCase();
    if (proto === 'tcp' || proto === 'udp' || proto === '6' || proto === '17' || this.chance(0.06)) parts.push(...this.portParts(proto));
    if ((proto === 'icmp' || proto === 'icmpv6' || proto === 'ipv6-icmp') && this.chance(0.8)) parts.push(this.icmpPart(family));
    if (proto === 'tcp' && this.chance(0.1)) parts.unshift(['-m', 'tcp']);
    if ((proto === 'tcp' || proto === 'udp') && this.chance(0.05)) parts.push(['-m', proto, '--sport', this.portValue()]);
    const matchCount = this.chance(0.5) ? this.int(1, 2) : 0;
    for (let k = 0; k < matchCount; k++) parts.push(this.matchPart(family, proto));
    if (family === 'ipv4' && this.chance(0.02)) parts.push([...this.maybeNot(0.3), '-f']);

    // Order is free in iptables; shuffle a little, as people write options in any order.
    if (this.chance(0.3)) parts.sort(() => this.random() - 0.5);
    for (const p of parts) {
      // `--opt=value` is the getopt form some generators write.
      if (p.length === 2 && p[0].startsWith('--') && this.chance(0.05)) args.push(`${p[0]}=${p[1]}`);
      else args.push(...p);
    }
    if (this.chance(0.04)) args.push(this.pick(['-w', '-w', '--wait', '-v']), ...(this.chance(0.5) ? ['5'] : []));
    if (this.chance(0.9)) args.push(...this.targetPart(family, table, proto));
    if (this.chance(0.05)) this.mistake(args);
    return { family, args, table, chain };
  }

  private maybeNot(p: number): string[] {
    return this.chance(p) ? ['!'] : [];
  }

  private protocolName(family: Family): string {
    const common = family === 'ipv4' ? ['tcp', 'tcp', 'tcp', 'udp', 'udp', 'icmp'] : ['tcp', 'tcp', 'udp', 'icmpv6', 'ipv6-icmp'];
    if (this.chance(0.85)) return this.pick(common);
    return this.pick(['all', '6', '17', 'TCP', 'esp', 'gre', 'udplite', 'sctp', 'tpc', 'icmp6', '0', '300']);
  }

  private addressPart(flag: string, family: Family): string[] {
    const v4 = ['192.0.2.1', '198.51.100.0/24', '203.0.113.7/32', '10.1.2.3/8', '10.0.0.0/255.255.0.0', '172.16.0.0/12', '0.0.0.0/0', '192.0.2.0/255.255.255.128', '198.51.100.10,198.51.100.11', '192.168.1'];
    const v4bad = ['300.1.1.1', '192.0.2.0/33', '192.0.2.1/', '10.0.0.0/255.0.255.x', '192.0.2.1-192.0.2.9'];
    const v6 = ['2001:db8::1', '2001:db8::/32', '2001:DB8:0:0:1::/64', 'fe80::/10', '::1', '2001:db8:0:1:0:0:0:1', '::ffff:192.0.2.1'];
    const v6bad = ['2001:db8::1::2', '2001:db8::/129', '192.0.2.1', '2001:db8:gg::1'];
    const good = family === 'ipv4' ? v4 : v6;
    const bad = family === 'ipv4' ? v4bad : v6bad;
    const value = this.chance(0.85) ? this.pick(good) : this.pick(bad);
    const spelled = this.pick([flag, flag, flag, flag === '-s' ? '--source' : '--destination', flag === '-s' ? '--src' : '--dst']);
    if (this.chance(0.03)) return [spelled, '!', value];
    return [...this.maybeNot(0.12), spelled, value];
  }

  private interfaceName(): string {
    return this.chance(0.92) ? this.pick(['eth0', 'eth1', 'lo', 'wlan0', 'ens3', 'eth+', 'br-lan', 'wg0', 'eth0.100']) : this.pick(['averyveryverylongname0', '']);
  }

  private portValue(): string {
    if (this.chance(0.8)) return this.pick(['22', '80', '443', '53', '123', '8080', '1024:65535', '1024:', ':1023', '6000:6010', 'ssh', 'http', 'https', 'domain', '25', '0']);
    return this.pick(['65536', '100:50', 'sshh', '-1', '22,80', 'www', 'ntp']);
  }

  private portParts(proto: string | undefined): string[][] {
    const parts: string[][] = [];
    if (this.chance(0.75)) {
      let name = this.pick(['--dport', '--dport', '--dport', '--destination-port', '--dpor']);
      if (this.chance(0.05)) name = this.typo(name);
      parts.push([...this.maybeNot(0.08), name, this.portValue()]);
    }
    if (this.chance(0.25)) parts.push([...this.maybeNot(0.05), this.pick(['--sport', '--source-port']), this.portValue()]);
    if (proto === 'tcp' || proto === '6') {
      if (this.chance(0.1)) parts.push([...this.maybeNot(0.3), '--syn']);
      else if (this.chance(0.08)) parts.push(['--tcp-flags', this.pick(['SYN,ACK', 'ALL', 'SYN,RST', 'FIN,SYN,RST,ACK']), this.pick(['SYN', 'NONE', 'ALL', 'SYN,ACK'])]);
    }
    return parts;
  }

  private icmpPart(family: Family): string[] {
    const names =
      family === 'ipv4'
        ? ['echo-request', 'echo-reply', '8', '0', '3/4', 'fragmentation-needed', 'time-exceeded', 'destination-unreachable', 'any', 'ping', 'bogus-type']
        : ['echo-request', 'echo-reply', '128', '1/4', 'packet-too-big', 'neighbour-solicitation', 'router-advertisement', 'bogus-type'];
    const flag = family === 'ipv4' ? this.pick(['--icmp-type', '--icmp-type', '--icmpv6-type']) : this.pick(['--icmpv6-type', '--icmpv6-type', '--icmp-type']);
    return [...this.maybeNot(0.05), flag, this.pick(names)];
  }

  private matchPart(family: Family, proto: string | undefined): string[] {
    const kind = this.int(0, 32);
    switch (kind) {
      case 0:
      case 1:
      case 2: {
        const states = this.pick(['NEW', 'ESTABLISHED,RELATED', 'RELATED,ESTABLISHED', 'INVALID', 'NEW,ESTABLISHED', 'ESTABLISHED', 'new', 'UNTRACKED', 'ESTABLISHED,NEW,INVALID', 'ESTABLISHD', 'DNAT']);
        if (this.chance(0.6)) return ['-m', 'conntrack', ...this.maybeNot(0.05), this.pick(['--ctstate', '--ctstate', '--ctstat']), states];
        return ['-m', 'state', ...this.maybeNot(0.05), '--state', states];
      }
      case 3: {
        const ports = this.pick(['80,443', '22,80,443,8080', '1000:2000,3000', 'http,https', '53', '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16', '22:22,80']);
        return ['-m', 'multiport', ...this.maybeNot(0.05), this.pick(['--dports', '--sports', '--ports', '--destination-ports']), ports];
      }
      case 4:
        return ['-m', 'limit', '--limit', this.pick(['5/min', '3/second', '10/minute', '60/min', '120/hour', '1/day', '2/s', '0/min', '5/fortnight']), ...(this.chance(0.5) ? ['--limit-burst', this.pick(['5', '10', '20'])] : [])];
      case 5:
        return ['-m', 'comment', '--comment', this.pick(['allow ssh', 'web-traffic', 'drop "bad" hosts', 'it\'s fine', 'x', 'SSH_from_admins'])];
      case 6:
        return ['-m', 'mark', ...this.maybeNot(0.1), '--mark', this.pick(['0x1', '1', '0x10/0xff', '0x1/0xffffffff', '0xzz'])];
      case 7:
        return ['-m', 'mac', '--mac-source', this.pick(['00:11:22:33:44:AA', '52:54:00:12:34:56', '00:11:22:33:44'])];
      case 8:
        return ['-m', 'iprange', this.pick(['--src-range', '--dst-range']), family === 'ipv4' ? this.pick(['192.0.2.1-192.0.2.20', '198.51.100.5-198.51.100.9']) : '2001:db8::1-2001:db8::ff'];
      case 9:
        return ['-m', 'addrtype', ...this.maybeNot(0.2), this.pick(['--dst-type', '--src-type']), this.pick(['LOCAL', 'BROADCAST', 'MULTICAST', 'UNICAST', 'LOCAL,BROADCAST', 'LOKAL'])];
      case 10:
        return ['-m', 'pkttype', '--pkt-type', this.pick(['broadcast', 'multicast', 'unicast'])];
      case 11:
        return ['-m', 'length', '--length', this.pick(['0:128', '1500', '1000:1500', '64:'])];
      case 12:
        return ['-m', 'recent', '--name', this.pick(['SSH', 'portscan']), this.pick(['--set', '--rcheck', '--update']), ...(this.chance(0.5) ? ['--seconds', '60', '--hitcount', '4'] : [])];
      case 13:
        return proto === 'tcp' ? ['-m', 'connlimit', this.pick(['--connlimit-above', '--connlimit-upto']), this.pick(['10', '20'])] : ['-m', 'pkttype', '--pkt-type', 'unicast'];
      case 14:
        return ['-m', this.pick(['conntrak', 'multiports', 'statee', 'tcp', 'udp', 'icmp'])];
      case 16:
        return ['-m', 'owner', ...this.maybeNot(0.1), this.pick(['--uid-owner', '--gid-owner']), this.pick(['0', '1000', '33'])];
      case 17:
        return ['-m', 'connmark', ...this.maybeNot(0.1), '--mark', this.pick(['0x1', '0x2/0xff', '5'])];
      case 18:
        return ['-m', 'hashlimit', this.pick(['--hashlimit-upto', '--hashlimit-above']), this.pick(['5/min', '10/second', '100/hour']), '--hashlimit-mode', this.pick(['srcip', 'srcip,dstport', 'dstip']), '--hashlimit-name', this.pick(['ssh', 'http-flood'])];
      case 19:
        return ['-m', 'conntrack', '--ctstate', 'NEW', this.pick(['--ctorigdst', '--ctorigsrc']), family === 'ipv4' ? '192.0.2.0/24' : '2001:db8::/48', ...(this.chance(0.5) ? ['--ctdir', this.pick(['ORIGINAL', 'REPLY'])] : [])];
      case 20:
        return ['-m', 'comment', '--comment', this.pick(['managed by ansible', 'rule #7', 'tab\there', 'ünïcode'])];
      case 21:
        return ['-m', 'time', ...this.pick([['--timestart', '09:00', '--timestop', '17:30'], ['--weekdays', 'Mon,Tue,Wed'], ['--datestart', '2026-01-01'], ['--timestart', '25:00'], ['--monthdays', '1,15']])];
      case 22:
        return ['-m', 'string', '--algo', this.pick(['bm', 'kmp', 'xyz']), '--string', this.pick(['GET /admin', 'BitTorrent']), ...(this.chance(0.3) ? ['--icase'] : [])];
      case 23:
        return ['-m', 'statistic', '--mode', 'random', '--probability', this.pick(['0.5', '0.25', '1.5'])];
      case 24:
        return ['-m', 'physdev', ...this.maybeNot(0.1), this.pick(['--physdev-in', '--physdev-out', '--physdev-is-bridged']), ...(this.chance(0.7) ? ['eth0'] : [])];
      case 25:
        return ['-m', this.pick(['tos', 'dscp']), this.pick(['--tos', '--dscp', '--dscp-class']), this.pick(['0x10', '8', 'AF11', 'Minimize-Delay', 'EF'])];
      case 26:
        return ['-m', 'pkttype', ...this.maybeNot(0.2), '--pkt-type', this.pick(['host', 'broadcast', 'multicast'])];
      case 27:
        return ['-m', 'connbytes', '--connbytes', this.pick(['10000:', '0:500']), '--connbytes-dir', this.pick(['original', 'reply', 'both']), '--connbytes-mode', this.pick(['bytes', 'packets'])];
      case 28:
        return ['-m', 'helper', '--helper', this.pick(['ftp', 'sip'])];
      case 29:
        return ['-m', 'conntrack', ...this.maybeNot(0.2), this.pick(['--ctstatus', '--ctproto', '--ctorigdstport']), this.pick(['ASSURED', 'tcp', '22', 'SEEN_REPLY,ASSURED', '1000:2000'])];
      case 30:
        return ['-m', 'limit', this.pick(['--limit', '--lim']), this.pick(['1/s', '30/m', '100/h', '1/d', '10'])];
      case 31:
        return family === 'ipv6' ? ['-m', this.pick(['frag', 'hbh', 'rt', 'ipv6header']), ...this.pick([['--fragmore'], ['--hbh-len', '8'], ['--rt-type', '0'], ['--header', 'frag,hop'], ['--fragid', '100:200']])] : ['-m', 'ecn', this.pick(['--ecn-tcp-cwr', '--ecn-ip-ect']), ...(this.chance(0.5) ? ['1'] : [])];
      case 32:
        return ['-m', 'quota', '--quota', this.pick(['1000000', '50'])];
      default:
        return family === 'ipv4' ? ['-m', 'ttl', this.pick(['--ttl-eq', '--ttl-gt', '--ttl-lt']), this.pick(['1', '64', '255'])] : ['-m', 'hl', this.pick(['--hl-eq', '--hl-lt']), '64'];
    }
  }

  private targetPart(family: Family, table: string, proto: string | undefined): string[] {
    const flag = this.chance(0.95) ? this.pick(['-j', '-j', '-j', '--jump']) : '-g';
    const r = this.random();
    if (r < 0.45) return [flag, this.pick(['ACCEPT', 'ACCEPT', 'DROP', 'DROP', 'RETURN'])];
    if (r < 0.55) {
      const v4 = ['icmp-port-unreachable', 'icmp-host-prohibited', 'tcp-reset', 'icmp-net-unreachable', 'port-unreach', 'icmp-admin-prohibited'];
      const v6 = ['icmp6-port-unreachable', 'icmp6-adm-prohibited', 'tcp-reset', 'adm-prohibited', 'icmp6-no-route'];
      const all = this.chance(0.1) ? [...v4, ...v6] : family === 'ipv4' ? v4 : v6;
      return [flag, 'REJECT', ...(this.chance(0.6) ? ['--reject-with', this.pick(all)] : [])];
    }
    if (r < 0.63) {
      const out = [flag, 'LOG'];
      if (this.chance(0.7)) out.push('--log-prefix', this.pick(['IPT DROP: ', 'INPUT-DROP ', 'ssh:', 'x']));
      if (this.chance(0.4)) out.push('--log-level', this.pick(['4', 'info', 'warning', '7', 'debug', '9', 'warn', 'err', 'panic', 'crit']));
      if (this.chance(0.2)) out.push(this.pick(['--log-tcp-options', '--log-ip-options', '--log-uid']));
      return out;
    }
    if (r < 0.7) return [flag, this.pick(USER_CHAINS.filter.concat(USER_CHAINS[table] ?? []).concat(['undefined-chain']))];
    if (r < 0.75) return [flag, this.pick(['ACCPET', 'accept', 'DRPO', 'REJCT'])];
    if (r < 0.8) return [flag, 'MARK', this.pick(['--set-mark', '--set-xmark']), this.pick(['0x1', '1', '0x10/0xff', '7'])];
    if (r < 0.85) {
      const to = family === 'ipv4' ? this.pick(['192.0.2.10', '192.0.2.10:8080', '203.0.113.5']) : this.pick(['2001:db8::10', '[2001:db8::10]:8080']);
      return [flag, this.pick(['DNAT', 'SNAT']), this.pick(['--to-destination', '--to-source', '--to']), to];
    }
    if (r < 0.9) return [flag, 'MASQUERADE', ...(proto === 'tcp' && this.chance(0.3) ? ['--to-ports', '1024-65535'] : [])];
    if (r < 0.93) return [flag, 'REDIRECT', ...(proto === 'tcp' ? ['--to-ports', this.pick(['3128', '8080'])] : [])];
    if (r < 0.95) return [flag, this.pick(['NOTRACK', 'CT']), ...(this.chance(0.5) ? ['--notrack'] : [])];
    if (r < 0.96) return [flag, 'CONNMARK', ...this.pick([['--save-mark'], ['--restore-mark'], ['--set-mark', '0x1'], ['--set-xmark', '0x2/0xff'], ['--save-mark', '--mask', '0xff']])];
    if (r < 0.97) return [flag, 'NFLOG', ...this.pick([[], ['--nflog-group', '2'], ['--nflog-prefix', 'dropped: '], ['--nflog-group', '70000']])];
    if (r < 0.975) return [flag, 'TCPMSS', this.pick(['--clamp-mss-to-pmtu', '--set-mss'])];
    if (r < 0.98) return [flag, this.pick(['TTL', 'HL']), this.pick(['--ttl-set', '--hl-set', '--ttl-dec']), '64'];
    const extra: string[][] = [
      ['NFQUEUE', '--queue-num', '3'],
      ['NFQUEUE', '--queue-balance', '0:3', '--queue-bypass'],
      ['CT', '--zone', '5'],
      ['CLASSIFY', '--set-class', '1:10'],
      ['DSCP', '--set-dscp', '10'],
      ['DSCP', '--set-dscp-class', 'EF'],
      ['TOS', '--set-tos', '0x10'],
      ['TRACE'],
      ['AUDIT', '--type', 'drop'],
      ['CHECKSUM', '--checksum-fill'],
      ['SYNPROXY', '--mss', '1460', '--wscale', '7', '--sack-perm', '--timestamp'],
      ['NETMAP', '--to', '198.51.100.0/24'],
      ['LOG', '--log-pref', 'abbrev: '],
    ];
    return [flag, ...this.pick(extra)];
  }

  /** The slips that reach real scripts: a lost argument, a doubled option, a stray word, a stray `!`. */
  private mistake(args: string[]): void {
    switch (this.int(0, 4)) {
      case 0:
        args.pop();
        return;
      case 1:
        args.push('-s', '192.0.2.77', '-s', '192.0.2.78');
        return;
      case 2:
        args.push('extra');
        return;
      case 3:
        args.push('!');
        return;
      default:
        args.splice(2, 0, '!', '!');
    }
  }
}
