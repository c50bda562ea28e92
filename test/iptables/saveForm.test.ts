import { strict as assert } from 'node:assert';
import { parseArgs } from '../../server/src/iptables/parseCommand';
import type { Family } from '../../server/src/iptables/rule';
import { commandToSaveForm, toSaveForm } from '../../server/src/iptables/saveForm';
import { argWords, WHOLE_LINE } from './words';

function saved(line: string, family: Family = 'ipv4'): string {
  const { command, problems } = parseArgs(argWords(line), family, WHOLE_LINE);
  assert.deepEqual(problems.filter((p) => p.severity !== 'warning'), [], line);
  return commandToSaveForm(command!)!;
}

// Expected lines are what `iptables -S` printed for these commands (iptables 1.8.9, nf_tables).
describe('iptables -S normal form', () => {
  it('adds the implicit match, /32 hosts and the canonical order -s -d -i -o -p', () => {
    assert.equal(saved('-A INPUT -p tcp --dport 22 -j ACCEPT'), '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT');
    assert.equal(
      saved('-A INPUT -p udp -i eth0 -d 192.0.2.1 -s 10.1.2.3/8 --dport 53'),
      '-A INPUT -s 10.0.0.0/8 -d 192.0.2.1/32 -i eth0 -p udp -m udp --dport 53',
    );
    assert.equal(saved('-A INPUT -s 10.0.0.0/255.255.0.0'), '-A INPUT -s 10.0.0.0/16');
    assert.equal(saved('-A INPUT -s 0.0.0.0/0 -p all -j DROP'), '-A INPUT -j DROP');
    assert.equal(saved('-A INPUT -s 2001:DB8:0:0::1 -j ACCEPT', 'ipv6'), '-A INPUT -s 2001:db8::1/128 -j ACCEPT');
  });

  it('normalises ports, states, ICMP types, flags and rates', () => {
    assert.equal(saved('-A INPUT -p tcp --sport 1024: --dport ssh'), '-A INPUT -p tcp -m tcp --sport 1024:65535 --dport 22');
    assert.equal(saved('-A INPUT -p tcp --syn'), '-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN');
    assert.equal(saved('-A INPUT -p tcp ! --dport 0:1023'), '-A INPUT -p tcp -m tcp --dport 1024:65535');
    assert.equal(saved('-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT'), '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    assert.equal(saved('-A INPUT -p icmp --icmp-type fragmentation-needed'), '-A INPUT -p icmp -m icmp --icmp-type 3/4');
    assert.equal(saved('-A INPUT -p ipv6-icmp --icmpv6-type echo-request', 'ipv6'), '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128');
    assert.equal(saved('-A INPUT -m limit --limit 60/minute -j LOG'), '-A INPUT -m limit --limit 1/sec -j LOG');
    assert.equal(saved('-A INPUT -p tcp -m multiport --dports http,https'), '-A INPUT -p tcp -m multiport --dports 80,443');
  });

  it('prints mobility header types as numbers, as ip6tables reads the names', () => {
    assert.equal(saved('-A INPUT -p mh -m mh --mh-type binding-update', 'ipv6'), '-A INPUT -p mobility-header -m mh --mh-type 5');
    // The first name that begins with the word, unless one is exactly it: ho is home-test-init, hot home-test.
    assert.equal(saved('-A INPUT -p mh -m mh --mh-type ho:hot', 'ipv6'), '-A INPUT -p mobility-header -m mh --mh-type 1:3');
    assert.equal(saved('-A INPUT -p mh -m mh --mh-type BU:', 'ipv6'), '-A INPUT -p mobility-header -m mh --mh-type 5:255');
    assert.equal(saved('-A INPUT -p mh -m mh ! --mh-type 0:255', 'ipv6'), '-A INPUT -p mobility-header -m mh');
  });

  it('prints targets with their defaults', () => {
    assert.equal(saved('-A INPUT -j REJECT'), '-A INPUT -j REJECT --reject-with icmp-port-unreachable');
    assert.equal(saved('-A INPUT -j REJECT', 'ipv6'), '-A INPUT -j REJECT --reject-with icmp6-port-unreachable');
    assert.equal(saved('-A INPUT -j LOG --log-level warning --log-prefix "IPT DROP: "'), '-A INPUT -j LOG --log-prefix "IPT DROP: "');
    assert.equal(saved('-t mangle -A PREROUTING -j MARK --set-mark 1'), '-A PREROUTING -j MARK --set-xmark 0x1/0xffffffff');
    assert.equal(
      saved('-A INPUT -m recent --name SSH --update --seconds 60 --hitcount 4 -j DROP'),
      '-A INPUT -m recent --update --seconds 60 --hitcount 4 --name SSH --mask 255.255.255.255 --rsource -j DROP',
    );
    // HMARK: the tuple's fields as whole prefixes and masks (only ct stays a tuple), the seed in 8 hex digits.
    assert.equal(
      saved('-t mangle -A PREROUTING -j HMARK --hmark-tuple src,dst,sport,ct --hmark-mod 4 --hmark-rnd 0xcafe --hmark-offset 10'),
      '-A PREROUTING -j HMARK --hmark-src-prefix 32 --hmark-dst-prefix 32 --hmark-sport-mask 0xffff --hmark-rnd 0x0000cafe --hmark-mod 4 --hmark-offset 10 --hmark-tuple ct',
    );
    assert.equal(
      saved('-t mangle -A PREROUTING -j HMARK --hmark-src-prefix 64 --hmark-proto-mask 6 --hmark-mod 2 --hmark-rnd 7', 'ipv6'),
      '-A PREROUTING -j HMARK --hmark-src-prefix 64 --hmark-proto-mask 0x06 --hmark-rnd 0x00000007 --hmark-mod 2',
    );
  });

  it('makes one line per address of a list, reversed for -I as iptables inserts them one by one', () => {
    assert.equal(saved('-A INPUT -s 192.0.2.1,192.0.2.2 -j ACCEPT'), '-A INPUT -s 192.0.2.1/32 -j ACCEPT\n-A INPUT -s 192.0.2.2/32 -j ACCEPT');
    assert.equal(saved('-I INPUT -s 192.0.2.1,192.0.2.2 -j ACCEPT'), '-A INPUT -s 192.0.2.2/32 -j ACCEPT\n-A INPUT -s 192.0.2.1/32 -j ACCEPT');
  });

  it('prints policies and new chains, and symbolic values as written', () => {
    assert.equal(saved('-P FORWARD DROP'), '-P FORWARD DROP');
    assert.equal(saved('-N ssh-guard'), '-N ssh-guard');
    const { command } = parseArgs(argWords('-A INPUT -p tcp --dport $PORT -j ACCEPT'), 'ipv4', WHOLE_LINE);
    assert.equal(toSaveForm(command!.rule!), '-A INPUT -p tcp -m tcp --dport $PORT -j ACCEPT');
  });
});

describe('iptables -S normal form of less common extensions', () => {
  // Each expectation is the line iptables 1.8.9 printed in a namespace.
  it('prints them the way their save functions do', () => {
    assert.equal(saved('-A INPUT -m string --algo bm --string BitTorrent --icase'), '-A INPUT -m string --string "BitTorrent" --algo bm --icase');
    assert.equal(saved('-A INPUT -m string --algo bm --hex-string "|de ad|"'), '-A INPUT -m string --hex-string "|dead|" --algo bm');
    assert.equal(saved('-A INPUT -m statistic --mode random ! --probability 0.1'), '-A INPUT -m statistic --mode random ! --probability 0.10000000009');
    assert.equal(
      saved('-A INPUT -m time --weekdays 1,7,Tue --timestart 9:5'),
      '-A INPUT -m time --timestart 09:05:00 --timestop 23:59:59 --weekdays Mon,Tue,Sun --datestop 2038-01-19T03:14:07',
    );
    assert.equal(saved('-A INPUT -m time ! --weekdays Sat,Sun'), '-A INPUT -m time --weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07');
    assert.equal(saved('-A INPUT -m tos --tos Minimize-Delay'), '-A INPUT -m tos --tos 0x10/0x3f');
    assert.equal(saved('-A INPUT -m dscp --dscp-class AF11'), '-A INPUT -m dscp --dscp 0x0a');
    assert.equal(saved('-A INPUT -m connbytes --connbytes 100: --connbytes-dir both --connbytes-mode avgpkt'), '-A INPUT -m connbytes --connbytes 100 --connbytes-mode avgpkt --connbytes-dir both');
    assert.equal(saved('-A INPUT -m conntrack --ctproto udp --ctstatus ASSURED,SEEN_REPLY'), '-A INPUT -m conntrack --ctproto 17 --ctstatus SEEN_REPLY,ASSURED');
    assert.equal(saved('-A INPUT -m pkttype --pkt-type host'), '-A INPUT -m pkttype --pkt-type unicast');
    assert.equal(saved('-A INPUT -j NFQUEUE'), '-A INPUT -j NFQUEUE --queue-num 0');
    assert.equal(saved('-A INPUT -p tcp -j SYNPROXY --mss 1460 --wscale 7 --sack-perm --timestamp'), '-A INPUT -p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460');
    assert.equal(saved('-t mangle -A POSTROUTING -j CLASSIFY --set-class 1:10'), '-A POSTROUTING -j CLASSIFY --set-class 0001:0010');
    assert.equal(saved('-A INPUT -m ipv6header --header frag,hop', 'ipv6'), '-A INPUT -m ipv6header --header hop-by-hop,ipv6-frag');
  });
});
