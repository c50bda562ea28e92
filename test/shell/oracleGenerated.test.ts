import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Parser } from 'web-tree-sitter';
import { loadTreeSitterBash, ourCommands, treeSitterCommands } from './treeSitterOracle';

// Beyond the fixtures: scripts put together at random from the constructs firewall scripts use
// (quoting, expansions, substitutions, here-documents, every compound command) must give the same
// commands and words as tree-sitter-bash wherever tree-sitter parses them without error.
//
// Left out: a three-command pipeline on its own line (`a | b | c`). tree-sitter-bash 0.25 then
// attaches the next line's words to `c` when a later line has a redirection or a here-document
// (e.g. `a | b | c\nexec 3>&1` gives one command `c exec`), which is not what bash does.

const CONSTRUCTS = [
  'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
  'X=$(iptables -S | grep -c DROP)',
  `echo "a $(date +%s) b" 'c d'`,
  'allow() { iptables -A INPUT -p tcp --dport "$1" -j ACCEPT; }',
  'allow 443',
  'if [ -n "$A" ]; then a; elif b; then c; else d; fi',
  'for p in 80 443; do iptables -A INPUT --dport $p -j ACCEPT; done',
  'while read -r addr; do iptables -A INPUT -s "$addr" -j DROP; done < /etc/blocklist',
  'case "$1" in start|restart) go ;; (stop) iptables -F ;; *) ;; esac',
  '{ iptables -F; iptables -X; } > /dev/null 2>&1',
  '( cd /etc/iptables && ls )',
  'iptables -N LOGDROP || iptables -F LOGDROP && echo ok',
  'cat <<EOF\n-A INPUT -i $WAN -s $(hostname -I) -j ACCEPT\nEOF',
  "iptables-restore <<'RULES'\n*filter\nCOMMIT\nRULES",
  'echo ${WAN:-eth0} ${#PORTS} ${NETS[@]} $((8000 + 1))',
  'NETS=(192.0.2.0/24 "198.51.100.0/24" $EXTRA)',
  '[[ $MODE == strict* ]] && iptables -P INPUT DROP',
  '(( count++ ))',
  'KERNEL=`uname -r`',
  'LC_ALL=C iptables -L -n',
  'iptables -A INPUT -s "$NET/24" -j "${TARGET}"',
  'iptables -A INPUT \\\n    -j ACCEPT',
  "echo $'tab\\there'",
  'iptables -S 2>&1 >/dev/null',
  'iptables -A INPUT -m multiport --dports {80,443} -j ACCEPT',
  'echo "nested $(echo "$(hostname)")"',
  'time iptables -L',
  '! iptables -C INPUT -j LOGDROP',
  'exec 3>&1',
  'iptables -F; iptables -X & wait',
  'function block { iptables -A INPUT -s "$1" -j DROP; }',
  'until iptables -L >/dev/null; do sleep 1; done',
  'select zone in public internal; do break; done',
  'diff <(iptables-save) <(cat /etc/iptables/rules.v4)',
  'echo "${IFACE//./_}" ${FILE#*/} ${HOST%%.*}',
  'sudo -u root iptables -A OUTPUT -o lo -j ACCEPT',
  'echo "quote \\" inside" \\$HOME a\\ b',
  'iptables -A INPUT -j ACCEPT # trailing comment; not a command',
  'CHAIN=$(case $1 in web) echo WEB;; *) echo OTHER;; esac)',
  'iptables-restore <<< "$RULES"',
  'cat <<-EOF\n\t-A INPUT -j DROP\n\tEOF',
  'echo ${x:+"$x"} ${PORTS[$i]} ${PORTS[i+1]}',
  'RULES=$(</etc/iptables/rules.v4)',
  '[[ -f /etc/fw ]] || { echo missing; exit 1; }',
  'flush() ( iptables -F )',
  'LINES=$(( $(iptables -S | wc -l) + 1 ))',
  'for ((i = 0; i < 3; i++)); do iptables -A INPUT --dport 900$i -j ACCEPT; done',
  'case $f in\n  *.v4) iptables-restore < "$f" ;;\n  [0-9]*) echo num ;;\nesac',
  'echo "${NAME:-"default value"}"',
  `iptables -A INPUT -m comment --comment "it's fine" -j ACCEPT`,
  'echo ~/rules ~root',
  'iptables -A INPUT -s 10.0.0.0/8 -j DROP &>/dev/null',
  'echo $0 $# $? $$ $! $- "$*" "${@}"',
  'read -r -p "Apply? " answer',
  `trap 'iptables -F' EXIT`,
  'echo "$(iptables -S | awk \'{print $2}\' | sort -u)"',
  'declare -A PORT_OF=([ssh]=22 [https]=443)',
  'echo "two\nlines" \'and\nthese\'',
  'RULES=$(cat <<EOF\n-A INPUT -j DROP\nEOF\n)',
  'apply() { iptables-restore -n; } > /var/log/fw.log 2>&1',
  'iptables -S | if grep -q DOCKER; then echo docker; fi',
  'case $ROLE in\n  # web servers\n  web) ;;\n  db)\n    iptables -A INPUT --dport 5432 -j ACCEPT\n    ;;\nesac',
  'iptables -F &&\n  iptables -X',
  'for chain in INPUT FORWARD\ndo\n  iptables -P $chain DROP\ndone',
  'while read -r net\ndo iptables -A INPUT -s $net -j DROP\ndone <<EOF\n192.0.2.0/24\n198.51.100.0/24\nEOF',
  'echo $(echo $(echo $(hostname)))',
  `echo '$(not a substitution)' "\\$(nor this)"`,
  ': ${WAN:=eth0}',
  'if ! command -v iptables >/dev/null; then exit 1; fi',
];

describe('shell front end vs tree-sitter-bash on generated scripts', function () {
  this.timeout(300_000);
  let parser: Parser;
  before(async () => {
    parser = await loadTreeSitterBash();
  });

  it('agrees on 1,500 random combinations of constructs', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CONSTRUCTS), { minLength: 1, maxLength: 8 }), fc.boolean(), (parts, semicolons) => {
        // A here-document body starts on the next line and a comment runs to the end of it, so those
        // scripts keep one construct per line.
        const separator = semicolons && !parts.some((p) => p.includes('<<') || p.includes(' # ')) ? '; ' : '\n';
        const text = `${parts.join(separator)}\n`;
        const tree = parser.parse(text);
        if (!tree) return;
        const clean = !tree.rootNode.hasError;
        const theirs = clean ? treeSitterCommands(tree.rootNode) : [];
        tree.delete();
        if (!clean) return;
        compared++;
        assert.deepEqual(ourCommands(text), theirs);
      }),
      { numRuns: 1500, seed: 20261125 },
    );
    assert.ok(compared > 1000, `tree-sitter parsed only ${compared} of the scripts`);
  });
});
