// Runs inside a network namespace (ip netns exec NS node flowAgent.cjs …) for the kernel scenario suite.
//   listen PORTS             listen on 0.0.0.0 on each port; answer "ping" with "pong"; print "ready"; exit when stdin closes
//   connect HOST PORTS MS [LOCAL]   connect to each port at once, send "ping", expect "pong" within MS milliseconds;
//                                   print {"port": true|false} (optionally from the LOCAL source address)
'use strict';
const net = require('node:net');

const [mode, ...args] = process.argv.slice(2);

if (mode === 'listen') {
  const ports = args[0].split(',').filter(Boolean).map(Number);
  let pending = ports.length;
  const servers = ports.map((port) =>
    net
      .createServer((socket) => {
        socket.on('data', (d) => {
          if (d.toString().includes('ping')) socket.end('pong\n');
        });
        socket.on('error', () => {});
      })
      .listen(port, '0.0.0.0', () => {
        if (--pending === 0) process.stdout.write('ready\n');
      }),
  );
  if (ports.length === 0) process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const s of servers) s.close();
    process.exit(0);
  });
} else if (mode === 'connect') {
  const [host, portList, ms, local] = args;
  const ports = portList.split(',').filter(Boolean).map(Number);
  const results = {};
  Promise.all(
    ports.map(
      (port) =>
        new Promise((resolve) => {
          const socket = net.connect({ host, port, localAddress: local || undefined });
          let answer = '';
          const done = (ok) => {
            results[port] = ok;
            socket.destroy();
            resolve();
          };
          const timer = setTimeout(() => done(false), Number(ms));
          socket.on('connect', () => socket.write('ping\n'));
          socket.on('data', (d) => {
            answer += d.toString();
            if (answer.includes('pong')) {
              clearTimeout(timer);
              done(true);
            }
          });
          socket.on('error', () => {
            clearTimeout(timer);
            done(false);
          });
        }),
    ),
  ).then(() => {
    process.stdout.write(JSON.stringify(results) + '\n');
    process.exit(0);
  });
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
