// Herald meets Pusher: herald-server signs private-herald-user-<id> for its own
// signed-in users (POST /pusher/auth, /pusher/user-auth, the form pusher-js's
// ajax authorizer posts), and a user's Herald notifications are also published
// there as herald:notification.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PusherServer, connect, mainApp, notify, postForm, rawConnect, registerHeraldUser, sdk, startServer, sync,
} from './support.mjs';

let server, backend, alice, bob;

before(async () => {
  server = await startServer({ extraArgs: ['--pusher-herald-users'] });
  backend = sdk(server, mainApp);
  alice = await registerHeraldUser(server, 'alice');
  bob = await registerHeraldUser(server, 'bob');
});

after(async () => {
  await server?.stop();
});

const userChannel = (user) => `private-herald-user-${user.id}`;

/** A pusher-js client whose auth endpoints are herald-server's own, with the user's session token. */
function heraldClient(user) {
  const headers = user ? { Authorization: `Bearer ${user.token}` } : {};
  return connect(server, mainApp, {
    channelAuthorization: { endpoint: `http://127.0.0.1:${server.port}/pusher/auth`, headers },
    userAuthentication: { endpoint: `http://127.0.0.1:${server.port}/pusher/user-auth`, headers },
  });
}

test('POST /pusher/auth signs the user\'s own channel with the app\'s key, as the SDK would', async () => {
  const socket = await rawConnect(server, mainApp);
  try {
    const channel = userChannel(alice);
    const response = await postForm(server, '/pusher/auth', { socket_id: socket.socketId, channel_name: channel }, alice.token);
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json, backend.authorizeChannel(socket.socketId, channel));
    socket.subscribe(channel, response.json);
    const answer = await socket.waitForSubscription(channel);
    assert.equal(answer.event, 'pusher_internal:subscription_succeeded');
  } finally {
    await socket.close();
  }
});

test('POST /pusher/auth refuses another user\'s channel (403), other channels (403) and bad tokens (401)', async () => {
  const socket = await rawConnect(server, mainApp); // a live socket id: only the channel or token is wrong
  const { socketId } = socket;
  try {
    const other = await postForm(server, '/pusher/auth', { socket_id: socketId, channel_name: userChannel(bob) }, alice.token);
    assert.equal(other.status, 403);
    const unrelated = await postForm(server, '/pusher/auth', { socket_id: socketId, channel_name: 'private-orders' }, alice.token);
    assert.equal(unrelated.status, 403);
    const presence = await postForm(server, '/pusher/auth', { socket_id: socketId, channel_name: `presence-herald-user-${alice.id}` }, alice.token);
    assert.equal(presence.status, 403);
    const noToken = await postForm(server, '/pusher/auth', { socket_id: socketId, channel_name: userChannel(alice) });
    assert.equal(noToken.status, 401);
    const badToken = await postForm(server, '/pusher/auth', { socket_id: socketId, channel_name: userChannel(alice) }, 'f'.repeat(64));
    assert.equal(badToken.status, 401);
    const apiKeyIsNoSession = await postForm(server, '/pusher/auth', { socket_id: socketId, channel_name: userChannel(alice) }, 'pusher-compat-api-key-0123456789');
    assert.equal(apiKeyIsNoSession.status, 401);
  } finally {
    await socket.close();
  }
});

test('pusher-js with channelAuthorization.endpoint = /pusher/auth subscribes to its user channel', async () => {
  const client = await heraldClient(alice);
  try {
    await client.subscribe(userChannel(alice));
    const refused = await client.subscribeRefused(userChannel(bob));
    assert.equal(refused.status, 403);
    assert.equal(refused.type, 'AuthError');
  } finally {
    await client.close();
  }
});

test('pusher-js without a Herald session is refused with 401', async () => {
  const client = await heraldClient(undefined);
  try {
    const refused = await client.subscribeRefused(userChannel(alice));
    assert.equal(refused.status, 401);
  } finally {
    await client.close();
  }
});

test('POST /pusher/user-auth signs the Herald user, and pusher-js signs in with it', async () => {
  const socket = await rawConnect(server, mainApp);
  try {
    const response = await postForm(server, '/pusher/user-auth', { socket_id: socket.socketId }, alice.token);
    assert.equal(response.status, 200, response.text);
    const userData = JSON.parse(response.json.user_data);
    assert.deepEqual(userData, { id: String(alice.id), user_info: { name: 'alice' } });
    const token = new PusherServer.Token(mainApp.key, mainApp.secret);
    assert.equal(response.json.auth, `${mainApp.key}:${token.sign(`${socket.socketId}::user::${response.json.user_data}`)}`,
      'signed with the app\'s secret the way the SDK signs');
    const noToken = await postForm(server, '/pusher/user-auth', { socket_id: socket.socketId });
    assert.equal(noToken.status, 401);
  } finally {
    await socket.close();
  }
  const client = await heraldClient(alice);
  try {
    await client.signIn();
    assert.deepEqual(client.pusher.user.user_data, { id: String(alice.id), user_info: { name: 'alice' } });
    await backend.sendToUser(String(alice.id), 'hello', { to: 'alice' });
    const event = await client.log.waitFor((e) => e.event === 'hello', 'the user event');
    assert.equal(event.channel, `#server-to-user-${alice.id}`);
  } finally {
    await client.close();
  }
});

test('a Herald notification is published on the recipient\'s private-herald-user channel', async () => {
  const aliceClient = await heraldClient(alice);
  const bobClient = await heraldClient(bob);
  try {
    const aliceChannel = await aliceClient.subscribe(userChannel(alice));
    await bobClient.subscribe(userChannel(bob));
    const got = new Promise((resolveGot) => aliceChannel.bind('herald:notification', resolveGot));
    const sent = await notify(server, { title: 'Deploy finished', body: 'v2 is live — Zażółć', to: [alice.id] });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const notification = await got;
    assert.equal(notification.title, 'Deploy finished');
    assert.equal(notification.body, 'v2 is live — Zażółć');
    assert.equal(notification.read, false);
    assert.equal(typeof notification.id, 'number');
    assert.equal(typeof notification.ts, 'number');

    // Bob gets his own notification, and never alice's.
    await notify(server, { title: 'For bob', body: 'only bob', to: [bob.id] });
    const bobEvent = await bobClient.waitForEvent(userChannel(bob), 'herald:notification');
    assert.equal(bobEvent.data.title, 'For bob');
    await sync(backend, userChannel(bob), [bobClient]);
    assert.equal(bobClient.events(userChannel(bob), 'herald:notification').length, 1);
    assert.equal(aliceClient.events(userChannel(alice), 'herald:notification').length, 1);
    assert.notEqual(bobEvent.data.id, notification.id);

    // "everyone" reaches both.
    await notify(server, { title: 'All hands', body: 'everyone', everyone: true });
    await aliceClient.waitForEvent(userChannel(alice), 'herald:notification', (e) => e.data.title === 'All hands');
    await bobClient.waitForEvent(userChannel(bob), 'herald:notification', (e) => e.data.title === 'All hands');
  } finally {
    await Promise.all([aliceClient.close(), bobClient.close()]);
  }
});

test('a user in two tabs gets the notification in both', async () => {
  const tab1 = await heraldClient(alice);
  const tab2 = await heraldClient(alice);
  try {
    await tab1.subscribe(userChannel(alice));
    await tab2.subscribe(userChannel(alice));
    await notify(server, { title: 'Two tabs', body: 'b', to: [alice.id] });
    for (const tab of [tab1, tab2]) {
      await tab.waitForEvent(userChannel(alice), 'herald:notification', (e) => e.data.title === 'Two tabs');
    }
  } finally {
    await Promise.all([tab1.close(), tab2.close()]);
  }
});

// CORS: pusher-js on a page of another origin posts to these endpoints. A
// real browser's side of it is in tests/e2e (pusher-auth.test.mjs); here the
// headers, and the HTTP API (for app servers) never opened to pages.
const preflight = (path, origin) => fetch(`http://127.0.0.1:${server.port}${path}`, {
  method: 'OPTIONS',
  headers: {
    Origin: origin, 'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'authorization,content-type',
  },
});

test('CORS: /pusher/auth and /pusher/user-auth answer preflights and mark replies for the page\'s origin', async () => {
  const origin = 'http://app.example:3000';
  for (const path of ['/pusher/auth', '/pusher/user-auth']) {
    const answer = await preflight(path, origin);
    assert.equal(answer.status, 204, path);
    assert.equal(answer.headers.get('access-control-allow-origin'), origin);
    assert.match(answer.headers.get('access-control-allow-headers'), /Authorization/);
    assert.match(answer.headers.get('access-control-allow-methods'), /POST/);
  }
  const socket = await rawConnect(server, mainApp);
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/pusher/auth`, {
      method: 'POST',
      headers: { Origin: origin, Authorization: `Bearer ${alice.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ socket_id: socket.socketId, channel_name: userChannel(alice) }).toString(),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), origin);
    assert.deepEqual(await response.json(), backend.authorizeChannel(socket.socketId, userChannel(alice)));
  } finally {
    await socket.close();
  }
});

test('CORS: the HTTP API is never opened to pages', async () => {
  const answer = await preflight(`/apps/${mainApp.id}/events`, 'http://app.example:3000');
  assert.equal(answer.headers.get('access-control-allow-origin'), null);
  assert.notEqual(answer.status, 204);
});

test('CORS: with --allowed-origin, other origins are refused (403) and listed ones allowed', async () => {
  const listed = 'https://app.example';
  const strict = await startServer({ extraArgs: ['--pusher-herald-users', '--allowed-origin', listed] });
  try {
    const refused = await fetch(`http://127.0.0.1:${strict.port}/pusher/auth`, {
      method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    const post = await fetch(`http://127.0.0.1:${strict.port}/pusher/auth`, {
      method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'socket_id=1.1&channel_name=private-herald-user-1',
    });
    assert.equal(post.status, 403, 'refused before any session lookup');
    const allowed = await fetch(`http://127.0.0.1:${strict.port}/pusher/auth`, {
      method: 'OPTIONS', headers: { Origin: listed, 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), listed);
  } finally {
    await strict.stop();
  }
});
