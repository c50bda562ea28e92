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
} else if (mode === 'connect' || mode === 'udp') {
  const [host, portList, ms, local] = args;
  const ports = portList.split(',').filter(Boolean).map(Number);
  const results = {};
  const probe = mode === 'connect' ? tcpProbe : udpProbe;
  Promise.all(
    ports.map(
      (port) =>
        new Promise((resolve) => {
          // settle(true) on "pong", settle(false) on error or timeout: whichever comes first counts.
          let settled = false;
          let close = () => {};
          const settle = (ok) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            results[port] = ok;
            close();
            resolve();
          };
          const timer = setTimeout(() => settle(false), Number(ms));
          close = probe(host, port, local || undefined, settle);
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

/** TCP: connect, send "ping", wait for "pong". Returns how to close the socket. */
function tcpProbe(host, port, localAddress, settle) {
  const socket = net.connect({ host, port, localAddress });
  let answer = '';
  socket.on('connect', () => socket.write('ping\n'));
  socket.on('data', (d) => {
    answer += d.toString();
    if (answer.includes('pong')) settle(true);
  });
  socket.on('error', () => settle(false));
  return () => socket.destroy();
}

/** UDP: one "ping" datagram out, one "pong" back. */
function udpProbe(host, port, localAddress, settle) {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (msg) => {
    if (msg.toString().includes('pong')) settle(true);
  });
  socket.on('error', () => settle(false));
  socket.bind(0, localAddress, () => socket.send('ping\n', port, host));
  return () => socket.close();
}
