import { strict as assert } from 'node:assert';
import { parseArgs } from '../../server/src/iptables/parseCommand';
import { toSaveLines } from '../../server/src/iptables/saveForm';
import { optionCount, optionNameAt, optionNegatedAt, optionTextAt } from '../../server/src/iptables/shapes';
import type { Family } from '../../server/src/iptables/rule';
import { argWords, WHOLE_LINE } from './words';

function parse(line: string, family: Family = 'ipv4') {
  return parseArgs(argWords(line), family, WHOLE_LINE);
}

function codes(line: string, family: Family = 'ipv4'): string[] {
  return parse(line, family).problems.map((p) => p.code);
}

describe('iptables command parser', () => {
  it('reads a typical rule into its parts, each with the range of its words', () => {
    const line = '-A INPUT -i eth0 -s 198.51.100.0/24 -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT';
    const { command, problems } = parse(line);
    assert.deepEqual(problems, []);
    assert.equal(command?.op, 'append');
    assert.equal(command?.table, 'filter');
    const rule = command!.rule!;
    assert.equal(rule.chain, 'INPUT');
    assert.equal(rule.inInterface?.value, 'eth0');
    assert.equal(rule.source?.value, '198.51.100.0/24');
    assert.equal(rule.protocol?.value, 'tcp');
    assert.deepEqual(rule.matches.map((m) => [m.name, m.implicit]), [['tcp', true], ['conntrack', false]]);
    const dport = rule.matches[0].options[0];
    assert.equal(dport.name, '--dport');
    assert.equal(line.slice(dport.range.start.character, dport.range.end.character), '--dport 22');
    assert.equal(rule.target?.name, 'ACCEPT');
    assert.equal(line.slice(rule.target!.range.start.character, rule.target!.range.end.character), 'ACCEPT');
  });

  it('reads the options of every match alike, whether the match keeps them as objects or as fields', () => {
    // Most matches have one option of one value and keep it in fields of their own (shapes.ts): what
    // their options read as, through the objects or through the option…At functions, is the same.
    const line = '-A INPUT -p tcp ! --dport 22 -m limit --limit 3/min --limit-burst 5 -m conntrack --ctstate NEW -m comment --comment "ssh in" -j ACCEPT';
    const rule = parse(line).command!.rule!;
    const read = rule.matches.map((m) =>
      Array.from({ length: optionCount(m) }, (_, i) => [m.name, optionNameAt(m, i), optionNegatedAt(m, i), optionTextAt(m, i)]),
    );
    const asObjects = rule.matches.map((m) => m.options.map((o) => [m.name, o.name, o.negated, o.values.map((v) => v.value).join(' ')]));
    assert.deepEqual(read, asObjects);
    assert.deepEqual(read, [
      [['tcp', '--dport', true, '22']],
      [['limit', '--limit', false, '3/min'], ['limit', '--limit-burst', false, '5']],
      [['conntrack', '--ctstate', false, 'NEW']],
      [['comment', '--comment', false, 'ssh in']],
    ]);
    // Built when first read, then the same list and option every time (the hover finds a match by its option).
    const dport = rule.matches[0].options[0];
    assert.equal(rule.matches[0].options[0], dport);
    assert.equal(rule.matches.find((m) => m.options.includes(dport))?.name, 'tcp');
    assert.equal(line.slice(dport.range.start.character, dport.range.end.character), '! --dport 22');
    // As JSON, every match is the same shape: name, implicit, range, options.
    assert.deepEqual(JSON.parse(JSON.stringify(rule.matches[0])), JSON.parse(JSON.stringify({ name: 'tcp', implicit: true, range: rule.matches[0].range, options: [dport] })));
  });

  it('maps aliases and unambiguous abbreviations to the canonical option, as getopt_long does', () => {
    // `--sour` is unambiguous before the tcp match is loaded; after it, --source-port competes.
    const rule = parse('--append INPUT --sour 192.0.2.1 --proto tcp --destination-port 80 --jump ACCEPT').command!.rule!;
    assert.equal(rule.matches[0].options[0].name, '--dport');
    assert.equal(rule.source?.value, '192.0.2.1');
    assert.equal(parse('-A INPUT -p tcp --dpor 22').command?.rule?.matches[0].options[0].name, '--dport');
    assert.equal(parse('-A INPUT -p tcp --dport=22').command?.rule?.matches[0].options[0].values[0].value, '22');
  });

  it('reads every spelling of iptables\' own options alike: short, long, bundled and attached', () => {
    const shape = (line: string) => {
      const { command, problems } = parse(line);
      const rule = command?.rule;
      return {
        codes: problems.map((p) => p.code),
        op: command?.op,
        chain: rule?.chain,
        parts: [rule?.source, rule?.destination, rule?.protocol, rule?.inInterface, rule?.outInterface].map((v) => v && [v.value, v.negated]),
        matches: rule?.matches.map((m) => [m.name, m.implicit, m.options.map((o) => [o.name, o.values.map((v) => v.value)])]),
        target: rule?.target?.name,
      };
    };
    const short = shape('-A FORWARD -s 192.0.2.1 ! -d 192.0.2.2 -p udp -i eth0 -o eth1 -m comment --comment x -j ACCEPT');
    assert.deepEqual(shape('--append FORWARD --src 192.0.2.1 ! --dst 192.0.2.2 --protocol udp --in-interface eth0 --out-interface eth1 --match comment --comment x --jump ACCEPT'), short);
    assert.deepEqual(shape('-AFORWARD -s 192.0.2.1 ! --destination 192.0.2.2 -p udp -i eth0 -o eth1 --match=comment --comment=x -j ACCEPT'), short);
    assert.deepEqual(shape('-vA FORWARD -s 192.0.2.1 ! -d 192.0.2.2 -p udp -i eth0 -o eth1 -m comment --comment x -j ACCEPT'), short);
  });

  it('gives the options of a match loaded twice to the newest copy, as iptables does', () => {
    const rule = parse('-A INPUT -p tcp -m multiport --dports 80,443 -m multiport --sports 1024:65535').command!.rule!;
    assert.deepEqual(rule.matches.map((m) => m.options.map((o) => o.name)), [['--dports'], ['--sports']]);
    // One copy of multiport's options in getopt's table: `--destination-port` abbreviates it, and that copy already has it.
    assert.deepEqual(codes('-A INPUT -p tcp -m multiport --dports 80 -m multiport --dports 22 --destination-port 25'), ['IPT114']);
  });

  it('refuses an abbreviation that fits several options', () => {
    assert.deepEqual(codes('-A INPUT -p tcp --destination-port 80 --sour 192.0.2.1'), ['IPT101']);
    const { problems } = parse('-A INPUT -p tcp --d 22');
    assert.deepEqual(problems.map((p) => p.code), ['IPT101']);
    assert.match(problems[0].message, /ambiguous/);
  });

  it('suggests the closest option for a typo, with a fix on that word only', () => {
    const line = '-A INPUT -p tcp --dprot 22 -j ACCEPT';
    const [problem] = parse(line).problems;
    assert.equal(problem.code, 'IPT101');
    assert.match(problem.message, /did you mean --dport\?/);
    const edit = problem.fixes![0].edits[0];
    assert.equal(line.slice(edit.range.start.character, edit.range.end.character), '--dprot');
    assert.equal(edit.newText, '--dport');
  });

  it('says which match an option belongs to when it is not loaded', () => {
    const [problem] = parse('-A INPUT --dport 22 -j ACCEPT').problems;
    assert.equal(problem.code, 'IPT102');
    assert.match(problem.message, /-p tcp/);
    assert.deepEqual(codes('-A INPUT --dport 22 -p tcp'), ['IPT102'], 'iptables loads the tcp match only after -p');
    assert.deepEqual(codes('-A INPUT -m multiport --dports 80,443'), ['IPT102']);
    assert.deepEqual(codes('-A INPUT -p tcp -m multiport --dports 80,443'), []);
  });

  it('refuses -i in output chains and -o in input chains, built-in names only', () => {
    assert.deepEqual(codes('-A OUTPUT -i eth0 -j ACCEPT'), ['IPT103']);
    assert.deepEqual(codes('-t nat -A POSTROUTING -i eth0 -j MASQUERADE'), ['IPT103']);
    assert.deepEqual(codes('-A INPUT -o eth0 -j ACCEPT'), ['IPT104']);
    assert.deepEqual(codes('-A FORWARD -i eth0 -o eth1 -j ACCEPT'), []);
    assert.deepEqual(codes('-A wan-out -i eth0 -j ACCEPT'), [], 'a user chain may be called from anywhere');
  });

  it('checks addresses, masks and ports the way iptables does', () => {
    assert.deepEqual(codes('-A INPUT -s 300.1.1.1'), ['IPT105']);
    assert.deepEqual(codes('-A INPUT -s 192.0.2.0/33'), ['IPT105']);
    assert.deepEqual(codes('-A INPUT -s 2001:db8::1'), ['IPT105'], 'IPv6 address in iptables');
    assert.deepEqual(codes('-A INPUT -s 2001:db8::/32', 'ipv6'), []);
    assert.deepEqual(codes('-A INPUT -p tcp --dport 65536'), ['IPT106']);
    assert.deepEqual(codes('-A INPUT -p tcp --dport 2000:1000'), ['IPT106']);
    assert.deepEqual(codes('-A INPUT -p tcp --dport ntp'), ['IPT106'], 'ntp is a udp service');
    assert.deepEqual(codes('-A INPUT -p udp --dport ssh'), [], 'the udp match resolves any service');
  });

  it('warns, but accepts, the udp ports iptables wraps', () => {
    const { command, problems } = parse('-A INPUT -p udp --dport 70000 -j ACCEPT');
    assert.ok(command, 'iptables accepts it, so the rule exists');
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['IPT106', 'warning']]);
    assert.match(problems[0].message, /4464/);
  });

  it('knows what hashlimit, connbytes, statistic, time and policy need before iptables loads them', () => {
    // Each refused line below was refused by iptables 1.8.9 (nf_tables), each accepted one loaded.
    assert.deepEqual(codes('-A INPUT -m hashlimit --hashlimit-upto 4/min --hashlimit-mode srcip -j ACCEPT'), ['IPT109']);
    assert.deepEqual(codes('-A INPUT -m hashlimit --hashlimit-upto 4/min --hashlimit-name ssh -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m connbytes --connbytes 1000: --connbytes-dir both -j ACCEPT'), ['IPT109']);
    assert.deepEqual(codes('-A INPUT -m connbytes --connbytes 1000: --connbytes-dir both --connbytes-mode bytes -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m statistic --probability 0.5 -j ACCEPT'), ['IPT109'], 'no --mode');
    assert.deepEqual(codes('-A INPUT -m statistic --mode random -j ACCEPT'), ['IPT109'], 'random without --probability');
    assert.deepEqual(codes('-A INPUT -m statistic --mode nth --every 3 -j ACCEPT'), ['IPT109'], '--every without --packet');
    assert.deepEqual(codes('-A INPUT -m statistic --mode nth --every 3 --packet 3 -j ACCEPT'), ['IPT118'], '--packet must stay below --every');
    assert.deepEqual(codes('-A INPUT -m statistic --mode random --probability 0.5 --every 2 -j ACCEPT'), ['IPT114'], 'one or the other');
    assert.deepEqual(codes('-A INPUT -m statistic --mode nth --every 3 --packet 2 -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m time --weekdays mon -j ACCEPT'), ['IPT118'], 'day names are case-sensitive');
    assert.deepEqual(codes('-A INPUT -m time --weekdays Mon,,Tue -j ACCEPT'), ['IPT118']);
    assert.deepEqual(codes('-A INPUT -m time --weekdays 0 -j ACCEPT'), ['IPT118']);
    assert.deepEqual(codes('-A INPUT -m time --weekdays Mo,Tuesday,7, -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m time --monthdays 32 -j ACCEPT'), ['IPT118']);
    assert.deepEqual(codes('-A INPUT -m time --monthdays 1,15,31 -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m policy --pol ipsec -j ACCEPT'), ['IPT109'], 'no --dir');
    assert.deepEqual(codes('-A OUTPUT -m policy --dir in --pol ipsec -j ACCEPT'), ['IPT108']);
    assert.deepEqual(codes('-t nat -A PREROUTING -m policy --dir out --pol ipsec -j ACCEPT'), ['IPT108']);
    assert.deepEqual(codes('-A FORWARD -m policy --dir out --pol ipsec -j ACCEPT'), []);
    assert.deepEqual(codes('-A TUNNEL -m policy --dir out --pol ipsec -j ACCEPT'), [], 'iptables-nft accepts it in a user chain, whoever jumps there');
    assert.deepEqual(codes('-A INPUT -m limit --limit-burst 0 -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m limit --limit-burst 10001 -j ACCEPT'), ['IPT118']);
  });

  it('knows the options targets cannot load without, and the values they read themselves', () => {
    // Checked one by one against iptables 1.8.9 (nf_tables), as the qos-mangle.sh fixture is by the oracle.
    for (const [line, code] of [
      ['-t nat -A POSTROUTING -j SNAT', 'IPT109'],
      ['-t nat -A PREROUTING -j DNAT', 'IPT109'],
      ['-t nat -A POSTROUTING -j NETMAP', 'IPT109'],
      ['-t mangle -A POSTROUTING -j DSCP', 'IPT109'],
      ['-t mangle -A POSTROUTING -j TOS', 'IPT109'],
      ['-t mangle -A POSTROUTING -j TTL', 'IPT109'],
      ['-t mangle -A POSTROUTING -j CLASSIFY', 'IPT109'],
      ['-t mangle -A PREROUTING -j TEE', 'IPT109'],
      ['-t mangle -A PREROUTING -p tcp -j TPROXY --tproxy-mark 1', 'IPT109'],
      ['-t mangle -A PREROUTING -p icmp -j TPROXY --on-port 3129', 'IPT102'],
      ['-A INPUT -j AUDIT', 'IPT109'],
      ['-t mangle -A POSTROUTING -j DSCP --set-dscp-class CS8', 'IPT118'],
      ['-t mangle -A POSTROUTING -j DSCP --set-dscp 10 --set-dscp-class AF11', 'IPT114'],
      ['-t mangle -A POSTROUTING -j CLASSIFY --set-class 1:', 'IPT118'],
      ['-t mangle -A POSTROUTING -j TTL --ttl-inc 0', 'IPT118'],
      ['-t mangle -A POSTROUTING -j TTL --ttl-set 64 --ttl-dec 1', 'IPT114'],
      ['-A INPUT -j NFQUEUE --queue-balance 3:0', 'IPT118'],
      ['-A INPUT -j NFQUEUE --queue-num 1 --queue-balance 0:3', 'IPT114'],
      ['-A INPUT -j NFQUEUE --queue-cpu-fanout', 'IPT109'],
      // "--hmark-mod is mandatory", "--hmark-rnd is mandatory", "you have to specify --hmark-tuple at least"
      ['-t mangle -A PREROUTING -j HMARK --hmark-tuple src --hmark-rnd 1', 'IPT109'],
      ['-t mangle -A PREROUTING -j HMARK --hmark-tuple src --hmark-mod 4', 'IPT109'],
      ['-t mangle -A PREROUTING -j HMARK --hmark-offset 5 --hmark-mod 4 --hmark-rnd 1', 'IPT109'],
      ['-t mangle -A PREROUTING -j HMARK --hmark-spi-mask 1 --hmark-dport-mask 1 --hmark-mod 4 --hmark-rnd 1', 'IPT114'],
      ['-t mangle -A PREROUTING -j HMARK --hmark-tuple spi --hmark-dport-mask 1 --hmark-mod 4 --hmark-rnd 1', 'IPT114'],
      ['-t mangle -A PREROUTING -j HMARK --hmark-tuple sport --hmark-sport-mask 1 --hmark-mod 4 --hmark-rnd 1', 'IPT114'],
      ['-t mangle -A PREROUTING -j HMARK --hmark-tuple foo --hmark-mod 4 --hmark-rnd 1', 'IPT118'],
      ['-t mangle -A PREROUTING -j HMARK --hmark-tuple ct --hmark-mod 0 --hmark-rnd 1', 'IPT118'],
    ]) {
      assert.deepEqual(codes(line), [code], line);
    }
    for (const line of [
      '-t mangle -A PREROUTING -j HMARK --hmark-tuple src,dst --hmark-mod 4 --hmark-rnd 0xcafe',
      '-t mangle -A PREROUTING -j HMARK --hmark-dport-mask 0xffff --hmark-sport-mask 0xffff --hmark-mod 4 --hmark-rnd 1',
      '-t mangle -A PREROUTING -j HMARK --hmark-sport-mask 1 --hmark-tuple SRC,sport,src --hmark-mod 4 --hmark-rnd 1',
      '-t mangle -A POSTROUTING -j DSCP --set-dscp-class af41',
      '-t mangle -A POSTROUTING -j CLASSIFY --set-class 1:10',
      '-t mangle -A POSTROUTING -j TTL --ttl-set 0',
      '-t mangle -A PREROUTING -p udp -j TPROXY --on-port 53',
      '-A INPUT -j NFQUEUE --queue-balance 0:3 --queue-cpu-fanout --queue-bypass',
      '-A INPUT -j NFQUEUE',
      '-t nat -A POSTROUTING -o eth0 -j MASQUERADE',
    ]) {
      assert.deepEqual(codes(line), [], line);
    }
  });

  it('reads --reject-with as iptables does: any prefix of a name or alias, without case, first in its table', () => {
    const rejectWith = (line: string, family: Family = 'ipv4') => parse(line, family).command?.rule?.target?.options[0].values[0].value;
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with icmp-port-unreach'), []);
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with HOST-PROHIB'), []);
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with icmp-unreachable'), ['IPT113'], 'not a prefix of any name');
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with tcp-r'), ['IPT113'], 'tcp-reset, which needs -p tcp');
    assert.deepEqual(codes('-A INPUT -p tcp -j REJECT --reject-with tcp-r'), []);
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with icmp6-port-unreach', 'ipv6'), []);
    assert.equal(rejectWith('-A INPUT -j REJECT --reject-with icmp-p'), 'icmp-p', 'the rule keeps the word as written');
    const save = (line: string, family: Family = 'ipv4') => toSaveLines(parse(line, family).command!.rule!)[0];
    assert.equal(save('-A INPUT -j REJECT --reject-with icmp-p'), '-A INPUT -j REJECT --reject-with icmp-proto-unreachable');
    assert.equal(save('-A INPUT -j REJECT --reject-with icmp'), '-A INPUT -j REJECT --reject-with icmp-net-unreachable');
    assert.equal(save('-A INPUT -j REJECT --reject-with icmp6-a', 'ipv6'), '-A INPUT -j REJECT --reject-with icmp6-adm-prohibited');
  });

  it('knows the IPv6-only matches: header names, eui64 hooks, mh and ah protocols', () => {
    assert.deepEqual(codes('-A INPUT -m ipv6header --header ROUTE -j DROP', 'ipv6'), ['IPT118'], 'names are case-sensitive');
    assert.deepEqual(codes('-A INPUT -m ipv6header --header 300 -j DROP', 'ipv6'), ['IPT118']);
    assert.deepEqual(codes('-A INPUT -m ipv6header --header hop-by-hop,frag,60 --soft -j DROP', 'ipv6'), []);
    assert.deepEqual(codes('-A OUTPUT -m eui64 -j ACCEPT', 'ipv6'), ['IPT108']);
    assert.deepEqual(codes('-A INPUT -m eui64 -j ACCEPT', 'ipv6'), []);
    assert.deepEqual(codes('-A INPUT -p mh -m mh --mh-type 5 -j ACCEPT', 'ipv6'), []);
    assert.deepEqual(codes('-A INPUT -p ipv6-mh -m mh --mh-type 5 -j ACCEPT', 'ipv6'), []);
    assert.deepEqual(codes('-A INPUT -m ah --ahspi 500 -j ACCEPT', 'ipv6'), [], 'an extension header: no -p ah needed');
    assert.deepEqual(codes('-A INPUT -m ah --ahspi 500 -j ACCEPT'), ['IPT102'], 'IPv4 does need -p ah');
    assert.deepEqual(codes('-A INPUT -m hl -j ACCEPT', 'ipv6'), ['IPT109']);
    assert.deepEqual(codes('-A INPUT -m rt --rt-0-res -j DROP', 'ipv6'), ['IPT109']);
    assert.deepEqual(codes('-A INPUT -m rt --rt-type 0 --rt-0-res -j DROP', 'ipv6'), []);
    assert.deepEqual(codes('-t mangle -A PREROUTING -j DNPT --src-pfx 2001:db8::/64', 'ipv6'), ['IPT109']);
  });

  it('knows more match combinations iptables refuses, and the spellings it accepts', () => {
    assert.deepEqual(codes('-A INPUT -m dscp --dscp 46 --dscp-class EF -j ACCEPT'), ['IPT114']);
    assert.deepEqual(codes('-A INPUT -m pkttype --pkt-type Broadcast -j DROP'), [], 'read without case');
    assert.equal(toSaveLines(parse('-A INPUT -m pkttype --pkt-type Broadcast -j DROP').command!.rule!)[0], '-A INPUT -m pkttype --pkt-type broadcast -j DROP');
    assert.deepEqual(codes('-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in -j ACCEPT'), ['IPT108']);
    assert.deepEqual(codes('-A INPUT -m addrtype --src-type LOCAL --limit-iface-out -j ACCEPT'), ['IPT108']);
    assert.deepEqual(codes('-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in -j ACCEPT'), []);
    assert.deepEqual(codes('-A FORWARD -m addrtype --dst-type LOCAL --limit-iface-in --limit-iface-out -j ACCEPT'), ['IPT114']);
    assert.deepEqual(codes('-A INPUT -m recent --name scanners --rcheck --reap -j DROP'), ['IPT109']);
    assert.deepEqual(codes('-A INPUT -m recent --name scanners --update --seconds 600 --reap -j DROP'), []);
    assert.deepEqual(codes('-A OUTPUT -m owner --uid-owner 999-0 -j ACCEPT'), ['IPT118']);
    assert.deepEqual(codes('-A OUTPUT -m owner -j ACCEPT'), ['IPT109']);
    assert.deepEqual(codes('-A OUTPUT -m owner --uid-owner 0-999 -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m ipv6header --header 17 -j DROP', 'ipv6'), ['IPT118'], 'only the extension headers, by name or number');
  });

  it('knows matches loaded with nothing to match, and the values string, time, hashlimit, CT and TCPOPTSTRIP read', () => {
    // Each as iptables 1.8.9 (nf_tables) decided it; the rate-limits.sh and qos-mangle.sh fixtures go through the oracle.
    for (const [line, expected] of [
      ['-A INPUT -m conntrack -j ACCEPT', ['IPT109']],
      ['-A INPUT -m physdev -j ACCEPT', ['IPT109']],
      ['-A INPUT -m ttl -j ACCEPT', ['IPT109']],
      ['-A INPUT -m set -j DROP', ['IPT109']],
      ['-A INPUT -j SET', ['IPT109']],
      ['-A INPUT -j IDLETIMER --timeout 60', ['IPT109']],
      ['-A INPUT -j IDLETIMER --timeout 60 --label backup', []],
      ['-t mangle -A PREROUTING -j CONNMARK --restore-mark --save-mark', ['IPT114']],
      ['-t mangle -A PREROUTING -j MARK --and-mark 0x1/0x2', ['IPT118']],
      ['-A INPUT -m string --algo bm --string GET --hex-string |41| -j DROP', ['IPT114']],
      ['-A INPUT -m string --algo bm --hex-string |4G| -j DROP', ['IPT118']],
      ['-A INPUT -m string --algo bm --hex-string |41 -j DROP', ['IPT118']],
      ['-A INPUT -m string --algo bm --hex-string 41| -j DROP', []],
      ['-A INPUT -m string --algo kmp --string GET --from 60 --to 40 -j DROP', ['IPT118']],
      ['-A INPUT -m time --datestart 2026-13-01 -j ACCEPT', ['IPT118']],
      ['-A INPUT -m time --datestart 2040-01-01 -j ACCEPT', ['IPT118']],
      ['-A INPUT -m time --datestart 2024-1-1T10 --utc -j ACCEPT', []],
      ['-A INPUT -m time --localtz --timestart 09:00 -j ACCEPT', []],
      ['-A INPUT -m connbytes --connbytes 10:5 --connbytes-dir both --connbytes-mode bytes -j ACCEPT', ['IPT118']],
      ['-A INPUT -m hashlimit --hashlimit-above 512kb/s --hashlimit-name bw -j DROP', []],
      ['-A INPUT -m hashlimit --hashlimit-above 5/s --hashlimit-name bw --hashlimit-srcmask 33 -j DROP', ['IPT118']],
      ['-A INPUT -m hashlimit --hashlimit-above 5/s --hashlimit-name bw --hashlimit-burst 0 -j DROP', ['IPT118']],
      ['-A OUTPUT -m devgroup --src-group 2 -j ACCEPT', ['IPT108']],
      ['-A FORWARD -m devgroup --src-group 1 --dst-group 2 -j ACCEPT', []],
      ['-t raw -A PREROUTING -j CT --zone 65536', ['IPT118']],
      ['-t raw -A PREROUTING -j CT --expevents related', ['IPT118']],
      ['-t raw -A PREROUTING -j CT --zone mark --ctevents new,destroy', []],
      ['-t mangle -A FORWARD -p tcp -j TCPOPTSTRIP --strip-options timestamp,8', ['IPT114']],
      ['-t mangle -A FORWARD -p tcp -j TCPOPTSTRIP --strip-options 256', ['IPT118']],
    ] as const) {
      assert.deepEqual(codes(line), expected, line);
    }
    // ip6tables' mh: "Invalid MH type `binding-acknowledgment'" (the name is -acknowledgement), past 255, reversed.
    for (const [type, expected] of [
      ['binding-acknowledgment', ['IPT118']],
      ['256', ['IPT118']],
      ['bu:hot', ['IPT118']],
      ['binding-ack', []],
    ] as const) {
      assert.deepEqual(codes(`-A INPUT -p mh -m mh --mh-type ${type} -j ACCEPT`, 'ipv6'), expected, type);
    }
    const save = (line: string) => toSaveLines(parse(line).command!.rule!)[0];
    assert.equal(save('-t mangle -A PREROUTING -j MARK --and-mark 0xff'), '-A PREROUTING -j MARK --set-xmark 0x0/0xffffff00');
    assert.equal(save('-t mangle -A FORWARD -p tcp -j TCPOPTSTRIP --strip-options md5,3,mss'), '-A FORWARD -p tcp -j TCPOPTSTRIP --strip-options 2,3,19');
    assert.equal(save('-A FORWARD -m devgroup --src-group 10 --dst-group 3/0xf -j ACCEPT'), '-A FORWARD -m devgroup --src-group 0xa --dst-group 0x3/0xf -j ACCEPT');
  });

  it('reads address numbers as iptables does (a leading 0 is octal, 0x is hex) and warns about octal', () => {
    const save = (line: string) => toSaveLines(parse(line).command!.rule!)[0];
    // iptables 1.8.9 prints exactly these for the same commands.
    assert.equal(save('-A INPUT -s 010.0.0.1 -j ACCEPT'), '-A INPUT -s 8.0.0.1/32 -j ACCEPT');
    assert.equal(save('-A INPUT -s 10.0.0.1/010 -j ACCEPT'), '-A INPUT -s 10.0.0.0/8 -j ACCEPT');
    assert.equal(save('-A INPUT -s 0x0a.0.0.1 -j ACCEPT'), '-A INPUT -s 10.0.0.1/32 -j ACCEPT');
    assert.deepEqual(codes('-A INPUT -s 10.0.0.0/08 -j ACCEPT'), ['IPT105'], '08 is no octal number');
    const octal = parse('-A INPUT -s 192.168.001.010 -j ACCEPT').problems;
    assert.deepEqual(octal.map((p) => [p.code, p.severity]), [['IPT105', 'warning']]);
    assert.match(octal[0].message, /this rule is about 192\.168\.1\.8\/32, not 192\.168\.1\.10\/32/);
    assert.deepEqual(octal[0].fixes?.[0].edits.map((e) => e.newText), ['192.168.1.10']);
    assert.deepEqual(codes('-A INPUT -s 192.168.001.001 -j ACCEPT'), [], 'octal 001 is decimal 1: nothing to say');
    assert.deepEqual(codes('-A INPUT -s 192.168.1.10 -j ACCEPT'), []);
  });

  it('reads port numbers per match as iptables does: tcp, sctp, multiport and NAT as C numbers, udp and conntrack as decimal', () => {
    const save = (line: string) => toSaveLines(parse(line).command!.rule!)[0];
    // What iptables 1.8.9 prints for the same commands.
    assert.equal(save('-A INPUT -p tcp --dport 022 -j ACCEPT'), '-A INPUT -p tcp -m tcp --dport 18 -j ACCEPT');
    assert.equal(save('-A INPUT -p udp --dport 022 -j ACCEPT'), '-A INPUT -p udp -m udp --dport 22 -j ACCEPT');
    assert.equal(save('-A INPUT -p tcp --dport 0x16 -j ACCEPT'), '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT');
    assert.equal(save('-A INPUT -p tcp -m multiport --dports 022,0x16 -j ACCEPT'), '-A INPUT -p tcp -m multiport --dports 18,22 -j ACCEPT');
    assert.equal(save('-A INPUT -m conntrack --ctorigsrcport 022 -j ACCEPT'), '-A INPUT -m conntrack --ctorigsrcport 22 -j ACCEPT');
    assert.equal(save('-t nat -A PREROUTING -p tcp -j DNAT --to-destination 192.0.2.30:010'), '-A PREROUTING -p tcp -j DNAT --to-destination 192.0.2.30:8');
    assert.deepEqual(codes('-A INPUT -p udp --dport 0x16 -j ACCEPT'), ['IPT106'], 'no hex for udp');
    assert.deepEqual(codes('-A INPUT -p tcp --dport 080 -j ACCEPT'), ['IPT106'], '8 is no octal digit');
    assert.deepEqual(codes('-A INPUT -p udp --dport 080 -j ACCEPT'), [], 'udp reads decimal');
    const octal = parse('-A INPUT -p tcp --dport 022 -j ACCEPT').problems;
    assert.deepEqual(octal.map((p) => [p.code, p.severity]), [['IPT106', 'warning']]);
    assert.deepEqual(octal[0].fixes?.[0].edits.map((e) => e.newText), ['22']);
    assert.deepEqual(codes('-A INPUT -p tcp --dport 007 -j ACCEPT'), [], 'octal 7 is 7');
  });

  it('knows log level spellings, ULOG, and the recent match as iptables 1.8.9 reads them', () => {
    assert.deepEqual(codes('-A INPUT -j LOG --log-level warning'), []);
    assert.deepEqual(codes('-A INPUT -j LOG --log-level DEBUG'), ['IPT118'], 'names are lower case only');
    assert.deepEqual(codes('-A INPUT -j ULOG'), ['IPT107'], 'gone from the kernel since Linux 3.17');
    assert.deepEqual(codes('-A INPUT -m recent --name ssh --rcheck --seconds 0 -j DROP'), ['IPT118']);
    assert.deepEqual(codes('-A INPUT -m recent --name lan/ssh --set -j DROP'), ['IPT118']);
    assert.deepEqual(codes('-A INPUT -m recent --name ssh --set --rsource --rdest -j DROP'), [], 'iptables takes both');
  });

  it('refuses -6 in iptables and -4 in ip6tables on the command line (iptables-restore skips such lines)', () => {
    assert.deepEqual(codes('-6 -A INPUT -j ACCEPT'), ['IPT116']);
    assert.deepEqual(codes('-A INPUT -4 -j ACCEPT', 'ipv6'), ['IPT116']);
    assert.deepEqual(codes('-4 -A INPUT -j ACCEPT'), []);
    const restored = parseArgs(argWords('-A INPUT -6 -j ACCEPT'), 'ipv4', WHOLE_LINE, 'filter');
    assert.deepEqual([restored.problems, restored.command], [[], undefined]);
  });

  it('warns, but accepts, an address range written backwards, and offers it the right way round', () => {
    const { command, problems } = parse('-A INPUT -m iprange --src-range 192.0.2.20-192.0.2.5 -j DROP');
    assert.ok(command?.rule, 'iptables accepts it, so the rule exists');
    assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['IPT105', 'warning']]);
    assert.match(problems[0].message, /matches no address/);
    assert.deepEqual(problems[0].fixes?.[0].edits.map((e) => e.newText), ['192.0.2.5-192.0.2.20']);
    const negated = parse('-A INPUT -m iprange ! --dst-range 192.0.2.20-192.0.2.5 -j DROP').problems;
    assert.match(negated[0].message, /with `!` it matches every address/);
    const v6 = parse('-A INPUT -m iprange --src-range 2001:db8::ff-2001:db8::1 -j DROP', 'ipv6').problems;
    assert.deepEqual(v6.map((p) => [p.code, p.severity]), [['IPT105', 'warning']]);
    // In order, a single address, or equal ends: nothing to say.
    assert.deepEqual(codes('-A INPUT -m iprange --src-range 192.0.2.5-192.0.2.20 -j DROP'), []);
    assert.deepEqual(codes('-A INPUT -m iprange --dst-range 192.0.2.5-192.0.2.5 -j DROP'), []);
    assert.deepEqual(codes('-A INPUT -m iprange --src-range 2001:db8::1-2001:db8::ff -j DROP', 'ipv6'), []);
  });

  it('knows targets per table and chain', () => {
    assert.deepEqual(codes('-t nat -A POSTROUTING -j DNAT --to-destination 192.0.2.10'), ['IPT108']);
    assert.deepEqual(codes('-t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 192.0.2.10:8080'), []);
    // A base port (`/8085`) shifts a port range; after one port iptables calls it garbage.
    assert.deepEqual(codes('-t nat -A PREROUTING -p tcp -j DNAT --to-destination 192.0.2.10:80-90/8085'), []);
    assert.deepEqual(codes('-t nat -A PREROUTING -p tcp -j DNAT --to-destination 192.0.2.10:80/81'), ['IPT106']);
    assert.deepEqual(codes('-t nat -A PREROUTING -p tcp -j DNAT --to-destination 192.0.2.10:80-90/x'), ['IPT106']);
    assert.deepEqual(codes('-t mangle -A INPUT -j REJECT'), ['IPT108']);
    assert.deepEqual(codes('-t nat -A PREROUTING -j DROP'), ['IPT108']);
    assert.deepEqual(codes('-A OUTPUT -m owner --uid-owner 0 -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -m owner --uid-owner 0 -j ACCEPT'), ['IPT108']);
    assert.deepEqual(codes('-A INPUT -g ACCEPT'), ['IPT107']);
    assert.deepEqual(codes('-t nat -A PREROUTING -j REDIRECT --to-ports 3128'), ['IPT102'], 'a port needs -p tcp');
  });

  it('checks REJECT reply types per family, and tcp-reset needs -p tcp', () => {
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with tcp-reset'), ['IPT113']);
    assert.deepEqual(codes('-A INPUT -p tcp -j REJECT --reject-with tcp-reset'), []);
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with icmp-port-unreachable', 'ipv6'), ['IPT113']);
    assert.deepEqual(codes('-A INPUT -j REJECT --reject-with icmp6-adm-prohibited', 'ipv6'), []);
  });

  it('reports missing arguments, unknown modules, protocols, tables and states', () => {
    assert.deepEqual(codes('-A INPUT -j'), ['IPT109']);
    assert.deepEqual(codes('-A INPUT -m state -j ACCEPT'), ['IPT109']);
    assert.deepEqual(codes('-A INPUT -m conntack --ctstate NEW'), ['IPT110']);
    assert.match(parse('-A INPUT -m conntack --ctstate NEW').problems[0].message, /did you mean conntrack\?/);
    assert.deepEqual(codes('-A INPUT -p tpc'), ['IPT111']);
    assert.deepEqual(codes('-t nta -A POSTROUTING -j MASQUERADE'), ['IPT117']);
    assert.deepEqual(codes('-A INPUT -m conntrack --ctstate ESTABLISHD'), ['IPT112']);
    assert.deepEqual(codes('-A INPUT -m state --state established,related'), [], 'states are case-insensitive');
  });

  it('reads negation where iptables allows it and refuses it elsewhere', () => {
    const rule = parse('-A INPUT ! -s 192.0.2.0/24 -p tcp ! --dport 22 ! -i lo').command!.rule!;
    assert.equal(rule.source?.negated, true);
    assert.equal(rule.inInterface?.negated, true);
    assert.equal(rule.matches[0].options[0].negated, true);
    assert.deepEqual(codes('-A INPUT -s ! 192.0.2.1'), ['IPT120'], 'iptables 1.8 dropped the intrapositioned form');
    assert.deepEqual(codes('-A INPUT ! ! -s 192.0.2.1'), ['IPT120']);
    assert.deepEqual(codes('-A INPUT ! -j ACCEPT'), ['IPT120']);
    assert.deepEqual(codes('-A INPUT -m limit ! --limit 5/min'), ['IPT120']);
    assert.deepEqual(codes('-A INPUT -s 192.0.2.1 !'), ['IPT120']);
  });

  it('reads every command form', () => {
    const op = (line: string) => parse(line).command?.op;
    assert.equal(op('-I INPUT 3 -j ACCEPT'), 'insert');
    assert.equal(parse('-I INPUT 3 -j ACCEPT').command?.ruleNum?.value, 3);
    assert.equal(op('-D INPUT 2'), 'delete');
    assert.equal(parse('-D INPUT 2').command?.rule, undefined, 'delete by number carries no rule');
    assert.equal(op('-R INPUT 1 -j DROP'), 'replace');
    assert.equal(op('-F'), 'flush');
    assert.equal(op('--flush INPUT'), 'flush');
    assert.equal(op('-X'), 'delete-chain');
    assert.equal(op('-N ssh-guard'), 'new-chain');
    assert.equal(op('-E ssh-guard ssh-in'), 'rename-chain');
    assert.equal(parse('-E ssh-guard ssh-in').command?.newName?.value, 'ssh-in');
    assert.equal(op('-P FORWARD DROP'), 'policy');
    assert.equal(op('-Z'), 'zero');
    assert.equal(op('-L INPUT -n --line-numbers'), 'list');
    assert.equal(op('-S INPUT'), 'list-rules');
    assert.equal(op('-C INPUT -j ACCEPT'), 'check');
    assert.equal(op('-w 5 -A INPUT -j ACCEPT'), 'append');
  });

  it('refuses what iptables refuses about commands', () => {
    assert.deepEqual(codes('-A INPUT -I INPUT'), ['IPT114']);
    // Listing and zeroing go together (iptables lists the counters, then zeroes them).
    assert.deepEqual(codes('-L -Z'), []);
    assert.deepEqual(codes('-S INPUT -Z'), []);
    assert.equal(parse('-Z -L INPUT').command?.op, 'list');
    assert.deepEqual(codes('-W 100000 -A INPUT -j ACCEPT'), ['IPT109'], '--wait-interval without --wait');
    assert.deepEqual(codes('-w -W 100000 -A INPUT -j ACCEPT'), []);
    assert.deepEqual(codes('-A INPUT -s 192.0.2.1 -s 192.0.2.2'), ['IPT114']);
    assert.deepEqual(codes('-A INPUT -p tcp --dport 1 --dport 2'), ['IPT114']);
    assert.deepEqual(codes('-I INPUT 0 -j ACCEPT'), ['IPT115']);
    assert.deepEqual(codes('-R INPUT -j ACCEPT'), ['IPT115']);
    assert.deepEqual(codes('-P ssh-guard DROP'), ['IPT115']);
    assert.deepEqual(codes('-N a-chain-name-that-is-far-too-long-for-iptables'), ['IPT115']);
    assert.deepEqual(codes('-F INPUT -s 192.0.2.1'), ['IPT116']);
    assert.deepEqual(codes('-A INPUT extra'), ['IPT116']);
    assert.deepEqual(codes('-A INPUT -n'), ['IPT116']);
    assert.deepEqual(codes('-P INPUT REJECT'), ['IPT121']);
    assert.deepEqual(codes('-t nat -P PREROUTING DROP'), ['IPT121']);
    assert.deepEqual(codes('-p tcp --dport 22 -j ACCEPT'), ['IPT122']);
  });

  it('returns no command when iptables would refuse it, only what was read for the editor', () => {
    const result = parse('-A INPUT -p tcp --dprot 22 -j ACCEPT');
    assert.equal(result.command, undefined);
    assert.equal(result.partial?.rule?.protocol?.value, 'tcp');
    assert.equal(result.partial?.rule?.target, undefined, 'iptables stopped reading at --dprot');
  });

  it('keeps values the script cannot know symbolic and never judges them', () => {
    const { command, problems } = parse('-A $CHAIN -p $PROTO --dport $PORT -s $ADMIN -j $VERDICT');
    assert.deepEqual(problems, []);
    const rule = command!.rule!;
    assert.equal(rule.chain, '$CHAIN');
    assert.equal(rule.protocol?.known, false);
    assert.equal(rule.matches[0].options[0].values[0].known, false);
    assert.equal(rule.target?.name, '$VERDICT');
    const opaque = parse('-A INPUT $EXTRA_OPTS -j ACCEPT');
    assert.deepEqual(opaque.problems, []);
    assert.equal(opaque.command?.unknownArgs?.[0].value, '$EXTRA_OPTS');
    assert.deepEqual(parse('-t $TABLE -A PREROUTING -j DNAT --to-destination 192.0.2.1').problems, []);
    assert.deepEqual(parse('$ACTION INPUT -p tcp --dport 22 -j ACCEPT').problems, [], 'INPUT may be the argument of whatever $ACTION is');
  });

  it('reads iptables-nft 1.8.9 attached values as it does: the whole word', () => {
    assert.deepEqual(codes('-A INPUT --source=192.0.2.1'), ['IPT105']);
    const { command, problems } = parse('-A INPUT -ieth0 -j ACCEPT');
    assert.equal(command?.rule?.inInterface?.value, '-ieth0');
    assert.deepEqual(problems.map((p) => p.severity), ['warning']);
  });

  it('skips a restore line meant for the other family (-4 / -6), as iptables-restore does', () => {
    // On the command line iptables refuses it instead (exit status 2): see the test above.
    assert.deepEqual(parseArgs(argWords('-6 -A INPUT -p ipv6-icmp -j ACCEPT'), 'ipv4', WHOLE_LINE, 'filter'), { problems: [] });
    assert.equal(parse('-4 -A INPUT -j ACCEPT').command?.op, 'append');
  });
});

describe('iptables parser fixes', () => {
  function fixOf(line: string) {
    const [problem] = parseArgs(argWords(line), 'ipv4', WHOLE_LINE).problems;
    const fix = problem.fixes?.[0];
    if (!fix) return undefined;
    // Apply the edits right to left to the one-line command.
    let out = line;
    for (const e of [...fix.edits].sort((a, b) => b.range.start.character - a.range.start.character)) {
      out = out.slice(0, e.range.start.character) + e.newText + out.slice(e.range.end.character);
    }
    return out;
  }

  it('offers the obvious correction, rewriting only the word at fault', () => {
    assert.equal(fixOf('-A INPUT -p tcp --dprot 22 -j ACCEPT'), '-A INPUT -p tcp --dport 22 -j ACCEPT');
    assert.equal(fixOf('-A INPUT -p tpc --dport 22 -j ACCEPT'), '-A INPUT -p tcp --dport 22 -j ACCEPT');
    assert.equal(fixOf('-A INPUT -m conntack --ctstate NEW'), '-A INPUT -m conntrack --ctstate NEW');
    assert.equal(fixOf('-A OUTPUT -i eth0 -j ACCEPT'), '-A OUTPUT -o eth0 -j ACCEPT');
    assert.equal(fixOf('-A INPUT -o eth0 -j ACCEPT'), '-A INPUT -i eth0 -j ACCEPT');
    assert.equal(fixOf('-P INPUT DORP'), '-P INPUT DROP');
    assert.equal(fixOf('-t nta -A POSTROUTING -j MASQUERADE'), '-t nat -A POSTROUTING -j MASQUERADE');
    assert.equal(fixOf('-A INPUT -s ! 198.51.100.0/24 -j DROP'), '-A INPUT ! -s 198.51.100.0/24 -j DROP');
  });

  it('offers no edit when the word comes from a variable holding several arguments', () => {
    const words = argWords('-A INPUT -p tcp --dprot 22');
    words[3].range = words[4].range = { start: { line: 0, character: 16 }, end: { line: 0, character: 22 } };
    const [problem] = parseArgs(words, 'ipv4', WHOLE_LINE).problems;
    assert.equal(problem.fixes, undefined);
  });
});
