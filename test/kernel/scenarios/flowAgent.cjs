// Runs inside a network namespace (ip netns exec NS node flowAgent.cjs …) for the kernel scenario suite.
//   listen TCP_PORTS [UDP_PORTS]     listen on 0.0.0.0 on each port; answer "ping" with "pong"; print "ready";
//                                    exit when stdin closes
//   connect HOST PORTS MS [LOCAL]    TCP: connect to each port at once, send "ping", expect "pong" within MS
//                                    milliseconds; print {"port": true|false} (optionally from the LOCAL address)
//   udp HOST PORTS MS [LOCAL]        the same over UDP: one datagram out, one back
'use strict';
const dgram = require('node:dgram');
const net = require('node:net');

const [mode, ...args] = process.argv.slice(2);

if (mode === 'listen') {
  const ports = args[0].split(',').filter(Boolean).map(Number);
  const udpPorts = (args[1] ?? '').split(',').filter(Boolean).map(Number);
  let pending = ports.length + udpPorts.length;
  const udpSockets = udpPorts.map((port) => {
    const socket = dgram.createSocket('udp4');
    socket.on('message', (msg, from) => {
      if (msg.toString().includes('ping')) socket.send('pong\n', from.port, from.address);
    });
    socket.bind(port, '0.0.0.0', () => {
      if (--pending === 0) process.stdout.write('ready\n');
    });
    return socket;
  });
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
  if (pending === 0) process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const s of servers) s.close();
    for (const s of udpSockets) s.close();
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
} else if (mode === 'udp') {
  const [host, portList, ms, local] = args;
  const ports = portList.split(',').filter(Boolean).map(Number);
  const results = {};
  Promise.all(
    ports.map(
      (port) =>
        new Promise((resolve) => {
          const socket = dgram.createSocket('udp4');
          const done = (ok) => {
            results[port] = ok;
            socket.close();
            resolve();
          };
          const timer = setTimeout(() => done(false), Number(ms));
          socket.on('message', (msg) => {
            if (msg.toString().includes('pong')) {
              clearTimeout(timer);
              done(true);
            }
          });
          socket.on('error', () => {
            clearTimeout(timer);
            done(false);
          });
          socket.bind(0, local || undefined, () => socket.send('ping\n', port, host));
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
