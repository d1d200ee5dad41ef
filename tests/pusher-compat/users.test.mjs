// User sign-in (pusher:signin), events sent to a user (#server-to-user-{id})
// and terminating a user's connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeOf, connect, errorCode, mainApp, postForm, rawConnect, sdk, sdkUserAuth, startServer,
} from './support.mjs';

let server, backend;

before(async () => {
  server = await startServer();
  backend = sdk(server, mainApp);
});

after(async () => {
  await server?.stop();
});

/** A pusher-js client signed in as `user` through the SDK's authenticateUser. */
async function signedIn(user) {
  const client = await connect(server, mainApp, { userAuthentication: sdkUserAuth(backend, user) });
  await client.signIn();
  return client;
}

/**
 * A raw socket signed in as `user`, subscribed to its #server-to-user-{id}
 * channel the way pusher-js does it after signin_success.
 */
async function rawSignedIn(user) {
  const socket = await rawConnect(server, mainApp);
  socket.send({ event: 'pusher:signin', data: backend.authenticateUser(socket.socketId, user) });
  await socket.waitFor((f) => f.event === 'pusher:signin_success', `raw signin_success for ${user.id}`);
  const channel = `#server-to-user-${user.id}`;
  socket.subscribe(channel, { auth: '' });
  const answer = await socket.waitForSubscription(channel);
  assert.equal(answer.event, 'pusher_internal:subscription_succeeded', `${user.id} subscribes to ${channel}`);
  return socket;
}

const alice = { id: 'alice', user_info: { name: 'Alice' } };
const bob = { id: 'bob', user_info: { name: 'Bob' } };

test('pusher:signin with the SDK\'s authenticateUser: signin_success carries the user data', async () => {
  const client = await signedIn(alice);
  try {
    assert.deepEqual(client.pusher.user.user_data, alice);
    const frame = client.log.filter((e) => e.event === 'pusher:signin_success')[0];
    assert.deepEqual(JSON.parse(frame.data.user_data), alice);
  } finally {
    await client.close();
  }
});

test('a sign-in with a wrong signature is refused', async () => {
  const wrong = sdk(server, { ...mainApp, secret: 'wrong-secret-0123456789' });
  const socket = await rawConnect(server, mainApp);
  const other = await rawSignedIn(alice);
  try {
    socket.send({ event: 'pusher:signin', data: wrong.authenticateUser(socket.socketId, alice) });
    // Refused with pusher:error, or by closing the connection; never signin_success.
    const answer = await Promise.race([
      socket.waitFor((f) => ['pusher:signin_success', 'pusher:error'].includes(f.event), 'the answer to the sign-in'),
      socket.closed.then((close) => ({ event: 'closed', close })),
    ]);
    assert.notEqual(answer.event, 'pusher:signin_success');
    // Not signed in: events for alice do not reach it.
    await backend.sendToUser('alice', 'for-alice', { n: 1 });
    await other.waitFor((f) => f.event === 'for-alice', 'the event on the signed-in socket');
    // Either still open (then a ping round trip shows nothing else came) or closed.
    if (answer.event !== 'closed') await Promise.race([socket.roundTrip(), socket.closed]);
    assert.equal(socket.frames((f) => f.event === 'for-alice').length, 0);
  } finally {
    await Promise.all([socket.close(), other.close()]);
  }
});

test('sendToUser reaches every connection of that user and nobody else', async () => {
  const aliceTab1 = await signedIn(alice);
  const aliceTab2 = await signedIn(alice);
  const bobClient = await signedIn(bob);
  try {
    const received = [];
    aliceTab1.pusher.user.bind('greeting', (data) => received.push(data));
    await backend.sendToUser('alice', 'greeting', { text: 'hello alice' });
    const frame = await aliceTab1.log.waitFor((e) => e.event === 'greeting', 'greeting on tab 1');
    assert.equal(frame.channel, '#server-to-user-alice');
    await aliceTab2.log.waitFor((e) => e.event === 'greeting', 'greeting on tab 2');
    assert.deepEqual(received, [{ text: 'hello alice' }]);
    // Bob gets his own event, and never alice's.
    await backend.sendToUser('bob', 'greeting', { text: 'hello bob' });
    const bobFrame = await bobClient.log.waitFor((e) => e.event === 'greeting', 'greeting for bob');
    assert.deepEqual(bobFrame.data, { text: 'hello bob' });
    assert.equal(bobClient.log.count((e) => e.event === 'greeting'), 1);
    assert.equal(aliceTab1.log.count((e) => e.event === 'greeting'), 1);
  } finally {
    await Promise.all([aliceTab1.close(), aliceTab2.close(), bobClient.close()]);
  }
});

test('a connection that is not signed in cannot subscribe to a user channel and gets no user events', async () => {
  const anonymous = await rawConnect(server, mainApp);
  const aliceClient = await rawSignedIn(alice);
  try {
    anonymous.subscribe('#server-to-user-alice', { auth: '' });
    const answer = await anonymous.waitForSubscription('#server-to-user-alice');
    assert.notEqual(answer.event, 'pusher_internal:subscription_succeeded');
    await backend.sendToUser('alice', 'private-note', {});
    await aliceClient.waitFor((f) => f.event === 'private-note', 'the event for alice');
    await anonymous.roundTrip();
    assert.equal(anonymous.frames((f) => f.event === 'private-note').length, 0);
  } finally {
    await Promise.all([anonymous.close(), aliceClient.close()]);
  }
});

test('subscribing to another user\'s #server-to-user- channel is refused', async () => {
  const aliceSocket = await rawSignedIn(alice);
  const bobSocket = await rawSignedIn(bob);
  try {
    aliceSocket.subscribe('#server-to-user-bob');
    const answer = await aliceSocket.waitForSubscription('#server-to-user-bob');
    assert.notEqual(answer.event, 'pusher_internal:subscription_succeeded');
    // With an SDK signature for that name too (an app would never sign it,
    // but the server must not accept it either).
    aliceSocket.subscribe('#server-to-user-bob', { auth: `${mainApp.key}:${'0'.repeat(64)}` });
    const second = await aliceSocket.log.waitForCount((f) => f.event !== 'pusher_internal:subscription_succeeded' &&
      (f.channel === '#server-to-user-bob' || f.event === 'pusher:error'), 2, 'a second refusal');
    assert.equal(second.length, 2);
    await backend.sendToUser('bob', 'secret', { only: 'bob' });
    await bobSocket.waitFor((f) => f.event === 'secret', 'bob\'s event');
    await aliceSocket.roundTrip();
    assert.equal(aliceSocket.frames((f) => f.event === 'secret').length, 0);
    assert.equal(aliceSocket.frames((f) => f.event === 'pusher_internal:subscription_succeeded' &&
      f.channel === '#server-to-user-bob').length, 0);
  } finally {
    await Promise.all([aliceSocket.close(), bobSocket.close()]);
  }
});

test('terminateUserConnections closes every connection of that user with 4009, others stay', async () => {
  const tab1 = await signedIn(alice);
  const tab2 = await signedIn(alice);
  const raw = await rawSignedIn(alice);
  const bobClient = await signedIn(bob);
  try {
    const response = await backend.terminateUserConnections('alice');
    assert.equal(response.status, 200);
    const { code } = await closeOf(raw);
    assert.equal(code, 4009);
    for (const tab of [tab1, tab2]) {
      await tab.errors.waitFor((e) => errorCode(e) === 4009, 'error 4009 on a pusher-js tab');
      await tab.states.waitFor((s) => s.current === 'disconnected', 'the tab to be disconnected');
    }
    // Bob is untouched.
    assert.equal(bobClient.state, 'connected');
    await backend.sendToUser('bob', 'still-here', {});
    await bobClient.log.waitFor((e) => e.event === 'still-here', 'bob still receives');
    // pusher-js does not reconnect after 4009 (4000-4099: do not retry).
    bobClient.pusher.connection.send_event('pusher:ping', {});
    await bobClient.log.waitFor((e) => e.event === 'pusher:pong', 'pong');
    for (const tab of [tab1, tab2]) {
      assert.equal(tab.states.count((s) => s.current === 'connected'), 1, 'connected once, never again');
      assert.equal(tab.state, 'disconnected');
    }
  } finally {
    await Promise.all([tab1.close(), tab2.close(), raw.close(), bobClient.close()]);
  }
});

test('terminateUserConnections for a user with no connections succeeds', async () => {
  const response = await backend.terminateUserConnections('nobody-at-all');
  assert.equal(response.status, 200);
});


test('without --pusher-herald-users, herald-server signs nothing for Herald users (404)', async () => {
  // An app's own auth endpoint may sign any private- channel for its users;
  // Herald's user channels exist only where the operator asked for them.
  const socket = await rawConnect(server, mainApp);
  try {
    const response = await postForm(server, '/pusher/auth',
      { socket_id: socket.socketId, channel_name: 'private-herald-user-1' }, 'any-token');
    assert.equal(response.status, 404, response.text);
    assert.ok(response.text.trim().length > 0);
  } finally {
    await socket.close();
  }
});
