// The WebSocket handshake of Pusher protocol 7: connection_established, pings,
// refused connections (unknown key, protocol version, connection quota) and
// apps that require users to sign in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client, RawSocket, appUrl, closeOf, connect, errorCode, eventually, mainApp, rawConnect, sdk, sdkUserAuth, startServer, TIMEOUT,
} from './support.mjs';

const limited = { id: 'limited', key: 'limited-key', secret: 'limited-secret-0123456789', max_connections: 2 };
const signinRequired = {
  id: 'gated', key: 'gated-key', secret: 'gated-secret-0123456789',
  user_authentication_required: true, user_authentication_timeout: 1,
};

let server;

before(async () => {
  server = await startServer({ apps: [limited, signinRequired] });
});

after(async () => {
  await server?.stop();
});

test('pusher-js connects and gets a socket id', async () => {
  const client = await connect(server, mainApp);
  try {
    assert.match(client.socketId, /^\d+\.\d+$/);
    assert.equal(client.state, 'connected');
  } finally {
    await client.close();
  }
});

test('connection_established is a JSON-encoded string with socket_id and activity_timeout 120', async () => {
  const socket = new RawSocket(appUrl(server, mainApp.key));
  try {
    const frame = await socket.established();
    assert.equal(typeof frame.rawData, 'string', 'data is double-encoded, as Pusher sends it');
    assert.match(frame.data.socket_id, /^\d+\.\d+$/);
    assert.equal(frame.data.activity_timeout, 120);
    assert.equal(socket.frames().length, 1, 'connection_established is the first and only frame');
  } finally {
    await socket.close();
  }
});

test('every connection gets its own socket id', async () => {
  const sockets = await Promise.all([1, 2, 3].map(() => rawConnect(server, mainApp)));
  try {
    assert.equal(new Set(sockets.map((s) => s.socketId)).size, 3);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
  }
});

test('pusher:ping is answered with pusher:pong', async () => {
  const socket = await rawConnect(server, mainApp);
  try {
    socket.send({ event: 'pusher:ping', data: {} });
    const pong = await socket.waitFor((f) => f.event === 'pusher:pong', 'pusher:pong');
    assert.equal(pong.channel, undefined);
  } finally {
    await socket.close();
  }
});

test('pusher-js ping: the client sees pusher:pong', async () => {
  const client = await connect(server, mainApp);
  try {
    client.pusher.connection.send_event('pusher:ping', {});
    await client.log.waitFor((e) => e.event === 'pusher:pong', 'pusher:pong');
    assert.equal(client.state, 'connected');
  } finally {
    await client.close();
  }
});

test('a WebSocket protocol ping is answered with a protocol pong', async () => {
  const socket = await rawConnect(server, mainApp);
  try {
    const payload = Buffer.from('herald-ping');
    const pong = new Promise((resolvePong, reject) => {
      const timer = setTimeout(() => reject(new Error('no pong')), TIMEOUT);
      socket.ws.once('pong', (data) => { clearTimeout(timer); resolvePong(data); });
    });
    socket.ws.ping(payload);
    const data = await pong;
    assert.deepEqual(Buffer.from(data), payload);
  } finally {
    await socket.close();
  }
});

test('an unknown app key is closed with 4001', async () => {
  const socket = new RawSocket(appUrl(server, 'no-such-key'));
  const { code } = await closeOf(socket);
  assert.equal(code, 4001);
  assert.equal(socket.frames((f) => f.event === 'pusher:connection_established').length, 0);
});

test('pusher-js with an unknown key ends disconnected with error 4001 and does not retry', async () => {
  const client = new Client(server, { key: 'no-such-key' });
  try {
    await client.errors.waitFor((e) => errorCode(e) === 4001, 'error 4001');
    await client.states.waitFor((s) => ['disconnected', 'failed'].includes(s.current), 'pusher-js to give up');
    assert.equal(client.states.count((s) => s.current === 'connected'), 0);
  } finally {
    client.disconnect();
  }
});

// Pusher's codes: 4006 invalid version string, 4007 unsupported version,
// 4008 no version given. Protocol 7 is what pusher-js 8 speaks; 1-3 are retired
// at Pusher, 8 does not exist.
for (const [name, query, code] of [
  ['protocol=8', 'protocol=8&client=js&version=8.4.0', 4007],
  ['protocol=3', 'protocol=3&client=js&version=8.4.0', 4007],
  ['protocol=seven', 'protocol=seven&client=js&version=8.4.0', 4006],
  ['no protocol', 'client=js&version=8.4.0', 4008],
]) {
  test(`${name} is closed with ${code}`, async () => {
    const socket = new RawSocket(appUrl(server, mainApp.key, query));
    const { code: closeCode } = await closeOf(socket);
    assert.equal(closeCode, code);
    assert.equal(socket.frames((f) => f.event === 'pusher:connection_established').length, 0);
  });
}

test('protocol=6 (older Pusher clients) is accepted', async () => {
  const socket = await rawConnect(server, mainApp, 'protocol=6&client=java&version=2.2.1');
  try {
    assert.match(socket.socketId, /^\d+\.\d+$/);
    await socket.roundTrip();
  } finally {
    await socket.close();
  }
});

test('max_connections: the connection over the quota is closed with 4004, a freed slot is reusable', async () => {
  const first = await rawConnect(server, limited);
  const second = await rawConnect(server, limited);
  const third = new RawSocket(appUrl(server, limited.key));
  try {
    const { code } = await closeOf(third);
    assert.equal(code, 4004);
    assert.equal(third.frames((f) => f.event === 'pusher:connection_established').length, 0);
    // The other app's connections do not count against this quota.
    const elsewhere = await rawConnect(server, mainApp);
    await elsewhere.close();
    await first.close();
    // The server frees the slot when it has handled the close.
    const again = await eventually(async () => {
      const socket = new RawSocket(appUrl(server, limited.key));
      const outcome = await Promise.race([socket.established().then(() => 'open'), socket.closed.then(() => 'closed')]);
      if (outcome === 'open') return socket;
      return null;
    }, 'a connection in the freed slot');
    assert.match(again.socketId, /^\d+\.\d+$/);
    await again.close();
  } finally {
    await Promise.all([first.close(), second.close(), third.close()]);
  }
});

test('user_authentication_required: a connection that never signs in is closed with 4009', async () => {
  const backend = sdk(server, signinRequired);
  // Signed in first, so its deadline passes before the other one's.
  const signedIn = new Client(server, signinRequired, {
    userAuthentication: sdkUserAuth(backend, { id: 'gina', user_info: { name: 'Gina' } }),
  });
  await signedIn.connected();
  await signedIn.signIn();
  const anonymous = await rawConnect(server, signinRequired);
  try {
    const { code } = await closeOf(anonymous, TIMEOUT + 2000);
    assert.equal(code, 4009);
    // The signed-in connection outlived its own deadline and still works.
    assert.equal(signedIn.state, 'connected');
    signedIn.pusher.connection.send_event('pusher:ping', {});
    await signedIn.log.waitFor((e) => e.event === 'pusher:pong', 'pusher:pong after the deadline');
    assert.equal(signedIn.errors.count((e) => errorCode(e) === 4009), 0);
  } finally {
    await signedIn.close();
    await anonymous.close();
  }
});

test('a connection that stops answering pings is closed with 4201, so pusher-js reconnects at once', async () => {
  // A server of its own: pings every second, idle after two.
  const quick = await startServer({ extraArgs: ['--ping-interval-seconds', '1', '--idle-timeout-seconds', '2'] });
  try {
    const socket = new RawSocket(appUrl(quick, mainApp.key), { autoPong: false });
    await socket.established();
    const closed = await closeOf(socket, 10000);
    assert.equal(closed.code, 4201);
    const answering = await rawConnect(quick, mainApp);  // ws answers pings by itself
    try {
      await new Promise((r) => setTimeout(r, 3500));
      assert.equal(answering.ws.readyState, answering.ws.OPEN, 'a client that answers pings stays');
    } finally {
      await answering.close();
    }
  } finally {
    await quick.stop();
  }
});
