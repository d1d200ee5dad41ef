'use strict';
// Smoke test for the benchmark peer servers. Speaks the raw WebSocket wire protocol
// (the `ws` devDependency, not socket.io-client) so it exercises exactly the frames
// the C++ load generator must send/expect.
//
// Usage:  node smoke.js [--ping]
//   Starts each server on an ephemeral port, connects 3 clients, publishes "hello"
//   once from client 0, checks every client gets exactly one copy as a TEXT frame,
//   then SIGTERMs the server and checks it exits 0 having printed only "listening <port>".
//   --ping additionally waits (~26 s) for a Socket.IO server ping "2" and answers "3".
const { spawn } = require('node:child_process');
const path = require('node:path');
const assert = require('node:assert/strict');
const WebSocket = require('ws');

const N = 3;
const WAIT_PING = process.argv.includes('--ping');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startServer(file) {
  const child = spawn(process.execPath, [path.join(__dirname, file), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const port = new Promise((resolve, reject) => {
    child.stdout.on('data', () => { const m = /^listening (\d+)\n/.exec(out); if (m) resolve(Number(m[1])); });
    child.on('exit', (c) => reject(new Error(`${file} exited early with ${c}`)));
  });
  const stop = () => new Promise((resolve) => {
    child.on('exit', (code, sig) => resolve({ code, sig, out }));
    child.kill('SIGTERM');
  });
  return { port, stop };
}

// Open a client and collect every frame as {text, isBinary}; `next()` awaits the next one.
function client(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const frames = [];
  let waiter = null;
  ws.on('message', (data, isBinary) => {
    frames.push({ text: data.toString(), isBinary });
    if (waiter) { const w = waiter; waiter = null; w(); }
  });
  const next = async (ms = 3000) => {
    const t0 = Date.now();
    while (!frames.length) {
      if (Date.now() - t0 > ms) throw new Error(`timeout waiting for frame on ${url}`);
      await Promise.race([new Promise((r) => { waiter = r; }), sleep(50)]);
    }
    return frames.shift();
  };
  const opened = new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej); });
  return { ws, frames, next, opened };
}

async function smokeSocketIO() {
  const srv = startServer('socketio-server.js');
  const port = await srv.port;
  const url = `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`;
  const cs = Array.from({ length: N }, () => client(url));
  await Promise.all(cs.map((c) => c.opened));
  for (const [i, c] of cs.entries()) {
    const open = await c.next();
    assert.equal(open.isBinary, false);
    assert.match(open.text, /^0\{/);
    const o = JSON.parse(open.text.slice(1));
    if (i === 0) console.log('  open packet :', open.text);
    assert.deepEqual(o.upgrades, []);
    c.ws.send('40');
    const ack = await c.next();
    if (i === 0) console.log('  connect ack :', ack.text);
    assert.match(ack.text, /^40\{"sid":"[^"]+"\}$/);
    // From here on, answer server pings automatically.
    c.ws.on('message', (d) => { if (d.toString() === '2') { c.pinged = true; c.ws.send('3'); } });
  }
  cs[0].ws.send('42["pub","hello"]');
  for (const c of cs) {
    let f;
    do { f = await c.next(); } while (f.text === '2');
    assert.equal(f.text, '42["msg","hello"]');
    assert.equal(f.isBinary, false);
  }
  await sleep(200);
  for (const c of cs) assert.equal(c.frames.filter((f) => f.text !== '2').length, 0, 'duplicate delivery');
  console.log(`  42["pub","hello"] -> 42["msg","hello"] on all ${N} clients (incl. sender), text frames`);
  if (WAIT_PING) {
    const t0 = Date.now();
    while (!cs.every((c) => c.pinged)) { assert.ok(Date.now() - t0 < 30000, 'no ping'); await sleep(100); }
    await sleep(500);
    assert.ok(cs.every((c) => c.ws.readyState === WebSocket.OPEN));
    console.log(`  server ping "2" after ~${Math.round((Date.now() - t0) / 1000)}s, answered "3", still open`);
  }
  cs.forEach((c) => c.ws.close());
  const r = await srv.stop();
  assert.equal(r.code, 0, `exit code ${r.code} sig ${r.sig}`);
  assert.equal(r.out, `listening ${port}\n`);
  console.log('socket.io OK (SIGTERM -> exit 0)');
}

async function smokeUWS() {
  const srv = startServer('uws-server.js');
  const port = await srv.port;
  const cs = Array.from({ length: N }, () => client(`ws://127.0.0.1:${port}/`));
  await Promise.all(cs.map((c) => c.opened));
  cs[0].ws.send('hello');                                 // text frame
  for (const c of cs) assert.deepEqual(await c.next(), { text: 'hello', isBinary: false });
  cs[1].ws.send(Buffer.from('bin'), { binary: true });    // binary frame
  for (const c of cs) assert.deepEqual(await c.next(), { text: 'bin', isBinary: true });
  await sleep(200);
  for (const c of cs) assert.equal(c.frames.length, 0, 'duplicate delivery');
  console.log(`  "hello" (text) and "bin" (binary) delivered once to all ${N} clients (incl. sender), opcode preserved`);
  cs.forEach((c) => c.ws.close());
  const r = await srv.stop();
  assert.equal(r.code, 0, `exit code ${r.code} sig ${r.sig}`);
  assert.equal(r.out, `listening ${port}\n`);
  console.log('uws OK (SIGTERM -> exit 0)');
}

(async () => {
  await smokeSocketIO();
  await smokeUWS();
})().catch((e) => { console.error('SMOKE FAILED:', e); process.exit(1); });
