'use strict';
// Herald benchmark peer #1: a minimal Socket.IO 4 chat-room server.
//
// Usage:  node socketio-server.js [port]     (or PORT=... ; default 9201, 0 = ephemeral)
// Binds 127.0.0.1, prints exactly one line "listening <port>" on stdout, exits 0 on
// SIGTERM/SIGINT. No per-message logging.
//
// Behaviour: every socket joins room "bench"; on event "pub" the first argument is
// broadcast as event "msg" to the whole room, sender included (io.to(), not
// socket.to()). The payload is forwarded untouched; the benchmark sends strings.
//
// Wire protocol (Engine.IO v4 + Socket.IO v5 packets, WebSocket transport only,
// one Engine.IO packet per WebSocket *text* frame, no permessage-deflate):
//   client: GET ws://127.0.0.1:<port>/socket.io/?EIO=4&transport=websocket
//   server: 0{"sid":"...","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}
//   client: 40                          (Socket.IO CONNECT to namespace "/")
//   server: 40{"sid":"..."}             (CONNECT ack)
//   client: 42["pub","hello"]           (EVENT)
//   server: 42["msg","hello"]           (EVENT, to every room member)
//   server: 2   every pingInterval ms -> client must answer 3 within pingTimeout ms,
//               otherwise the server closes the connection ("ping timeout").
//   client: 41 / plain WS close         (disconnect)
const http = require('node:http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] ?? process.env.PORT ?? 9201);
const ROOM = 'bench';

const httpServer = http.createServer((req, res) => { res.writeHead(404).end(); });
const io = new Server(httpServer, {
  transports: ['websocket'], // no HTTP long-polling, no upgrade dance
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,        // don't serve /socket.io/socket.io.js
  // pingInterval 25000 / pingTimeout 20000 / maxHttpBufferSize 1e6 left at defaults.
});

io.on('connection', (socket) => {
  socket.join(ROOM);
  socket.on('pub', (payload) => { io.to(ROOM).emit('msg', payload); });
});

httpServer.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${httpServer.address().port}\n`);
});

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  io.close(() => process.exit(0)); // disconnects all sockets + closes httpServer
  setTimeout(() => process.exit(0), 2000).unref(); // don't hang on stragglers
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
