// Runs inside a network namespace for the host-safety kernel tests.
//   listen HOST PORT          TCP listener answering "pong"; prints "ready"; exits when stdin closes
//   connect HOST PORT MS      TCP connect + ping/pong within MS ms; prints "pass" or "blocked"
//   udp HOST PORT MS          connected UDP socket to a closed port: prints "refused" when the ICMP
//                             port-unreachable error came back within MS ms, "silent" otherwise
'use strict';
const net = require('node:net');
const dgram = require('node:dgram');

const [mode, host, portText, msText] = process.argv.slice(2);
const port = Number(portText);
const ms = Number(msText);

if (mode === 'listen') {
  const server = net.createServer((s) => {
    s.on('data', () => s.end('pong\n'));
    s.on('error', () => {});
  });
  server.listen(port, host, () => process.stdout.write('ready\n'));
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} else if (mode === 'connect') {
  const socket = net.connect({ host, port });
  const finish = (word) => {
    process.stdout.write(word + '\n');
    process.exit(0);
  };
  const timer = setTimeout(() => finish('blocked'), ms);
  socket.on('connect', () => socket.write('ping\n'));
  socket.on('data', () => {
    clearTimeout(timer);
    finish('pass');
  });
  socket.on('error', () => {
    clearTimeout(timer);
    finish('blocked');
  });
} else if (mode === 'udp') {
  const socket = dgram.createSocket('udp4');
  const finish = (word) => {
    process.stdout.write(word + '\n');
    process.exit(0);
  };
  const timer = setTimeout(() => finish('silent'), ms);
  socket.on('error', (err) => {
    clearTimeout(timer);
    finish(err.code === 'ECONNREFUSED' ? 'refused' : `error ${err.code}`);
  });
  socket.connect(port, host, () => {
    // A connected UDP socket reports the ICMP error of a later send as ECONNREFUSED.
    socket.send('ping');
    setTimeout(() => socket.send('ping'), 100);
  });
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
