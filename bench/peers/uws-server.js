'use strict';
// Herald benchmark peer #2: bare uWebSockets.js pub/sub (native C++ via Node addon).
//
// Usage:  node uws-server.js [port]     (or PORT=... ; default 9202, 0 = ephemeral)
// Binds 127.0.0.1, prints exactly one line "listening <port>" on stdout, exits 0 on
// SIGTERM/SIGINT. No per-message logging.
//
// Wire protocol: plain RFC 6455 WebSocket on any path (ws://127.0.0.1:<port>/ works),
// no subprotocol, no permessage-deflate. Every connection is subscribed to topic
// "bench"; every message received is published verbatim to "bench" via app.publish(),
// which delivers to ALL subscribers including the sender, with the same opcode
// (text stays text, binary stays binary). No application-level framing, no pings
// (idleTimeout 0 = disabled). Messages > 64 KiB close the connection; a subscriber
// with > 64 MiB of unsent data has further messages dropped (not closed).
const uws = require('@trufflesuite/uws-js-unofficial');

// The npm package silently falls back to a slow JS (ws-based) shim if the native
// binary for this Node ABI is missing; that would make the comparison meaningless.
if (typeof uws.SSLApp !== 'function' || uws.DISABLED === undefined) {
  console.error('uws-server: native uWebSockets.js binary not loaded (JS fallback active); refusing to run');
  process.exit(1);
}

const port = Number(process.argv[2] ?? process.env.PORT ?? 9202);
const TOPIC = 'bench';

const app = uws.App().ws('/*', {
  compression: uws.DISABLED,
  maxPayloadLength: 64 * 1024,
  maxBackpressure: 64 * 1024 * 1024,
  idleTimeout: 0, // never time out idle sockets, never auto-ping
  open: (ws) => { ws.subscribe(TOPIC); },
  // msg is an ArrayBuffer only valid during this call; publish copies it synchronously.
  message: (ws, msg, isBinary) => { app.publish(TOPIC, msg, isBinary); },
});

let listenSocket = null;
app.listen('127.0.0.1', port, (ls) => {
  if (!ls) {
    console.error(`uws-server: failed to listen on 127.0.0.1:${port}`);
    process.exit(1);
  }
  listenSocket = ls;
  process.stdout.write(`listening ${uws.us_socket_local_port(ls)}\n`);
});

function shutdown() {
  if (listenSocket) uws.us_listen_socket_close(listenSocket);
  listenSocket = null;
  app.close(); // force-closes remaining connections
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
