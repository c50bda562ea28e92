// Placeholder until the language server lands (issue #4).
process.stderr.write('iptables-language-server: not built yet\n');
