// Channels with pusher-js and the SDK: public, private and presence
// subscriptions, HMAC auth and its refusals, presence members across users
// and tabs, and client events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  connect, eventually, mainApp, rawConnect, sdk, sdkChannelAuth, startServer, subscriptionCount, sync,
} from './support.mjs';

const chat = {
  id: 'chat2', key: 'chat2-key', secret: 'chat2-secret-0123456789',
  enable_client_messages: true, max_client_events_per_second: 10,
};

let server, backend, chatBackend;

before(async () => {
  server = await startServer({ apps: [chat] });
  backend = sdk(server, mainApp);
  chatBackend = sdk(server, chat);
});

after(async () => {
  await server?.stop();
});

const user = (id, name) => ({ user_id: id, user_info: { name } });

/** A pusher-js client of `app` whose channel auth is the SDK's, as `presenceUser` on presence channels. */
function client(app, appBackend, presenceUser) {
  return connect(server, app, { channelAuthorization: sdkChannelAuth(appBackend, presenceUser) });
}

test('public channel: pusher-js receives events triggered with the SDK, with their data', async () => {
  const a = await client(mainApp, backend);
  try {
    const channel = await a.subscribe('news');
    const got = new Promise((resolveGot) => channel.bind('published', resolveGot));
    const data = { headline: 'Zażółć gęślą jaźń', n: 1, nested: { list: [1, 2] } };
    await backend.trigger('news', 'published', data);
    assert.deepEqual(await got, data);
  } finally {
    await a.close();
  }
});

test('string data is delivered as the same string', async () => {
  const a = await client(mainApp, backend);
  try {
    await a.subscribe('strings');
    await backend.trigger('strings', 'text', 'plain text, not JSON');
    const event = await a.waitForEvent('strings', 'text');
    assert.equal(event.data, 'plain text, not JSON');
  } finally {
    await a.close();
  }
});

test('unsubscribe stops delivery on that channel only', async () => {
  const a = await client(mainApp, backend);
  try {
    await a.subscribe('leaving');
    await a.subscribe('staying');
    a.pusher.unsubscribe('leaving');
    // The unsubscribe frame goes first on the connection; a ping round trip
    // proves the server has handled it.
    a.pusher.connection.send_event('pusher:ping', {});
    await a.log.waitFor((e) => e.event === 'pusher:pong', 'pong');
    await backend.trigger('leaving', 'after-unsubscribe', {});
    await sync(backend, 'staying', [a]);
    assert.equal(a.events('leaving', 'after-unsubscribe').length, 0);
  } finally {
    await a.close();
  }
});

test('private channel: subscription with the SDK signature succeeds and receives events', async () => {
  const a = await client(mainApp, backend);
  try {
    const channel = await a.subscribe('private-orders');
    const got = new Promise((resolveGot) => channel.bind('created', resolveGot));
    await backend.trigger('private-orders', 'created', { id: 7 });
    assert.deepEqual(await got, { id: 7 });
  } finally {
    await a.close();
  }
});

test('private channel: a wrong signature is refused with subscription_error 401 AuthError', async () => {
  const wrong = sdk(server, { ...mainApp, secret: 'not-the-secret-0123456789' });
  const a = await client(mainApp, wrong);
  try {
    const error = await a.subscribeRefused('private-orders');
    assert.equal(error.status, 401);
    assert.equal(error.type, 'AuthError');
    // The refused channel gets nothing.
    await backend.trigger('private-orders', 'created', { id: 8 });
    await a.subscribe('public-after-refusal');
    await sync(backend, 'public-after-refusal', [a]);
    assert.equal(a.events('private-orders', 'created').length, 0);
  } finally {
    await a.close();
  }
});

test('private channel: a signature for another socket id or another channel is refused', async () => {
  const socket = await rawConnect(server, mainApp);
  const other = await rawConnect(server, mainApp);
  try {
    const forOther = backend.authorizeChannel(other.socketId, 'private-a').auth;
    socket.subscribe('private-a', { auth: forOther });
    const first = await socket.waitForSubscription('private-a');
    assert.equal(first.event, 'pusher:subscription_error');
    assert.equal(first.data.status, 401);

    const forB = backend.authorizeChannel(socket.socketId, 'private-b').auth;
    socket.subscribe('private-c', { auth: forB });
    const second = await socket.waitForSubscription('private-c');
    assert.equal(second.event, 'pusher:subscription_error');
    assert.equal(second.data.status, 401);

    socket.subscribe('private-d');
    const third = await socket.waitForSubscription('private-d');
    assert.equal(third.event, 'pusher:subscription_error', 'no auth at all');
  } finally {
    await Promise.all([socket.close(), other.close()]);
  }
});

test('apps are isolated: another app\'s signature and events do not cross over', async () => {
  const mine = await client(mainApp, chatBackend); // signs with chat2's secret for the main app
  const chatClient = await client(chat, chatBackend);
  try {
    const error = await mine.subscribeRefused('private-shared');
    assert.equal(error.status, 401);
    await mine.subscribe('shared');
    await chatClient.subscribe('shared');
    await backend.trigger('shared', 'main-only', { app: 'main' });
    await mine.waitForEvent('shared', 'main-only');
    await sync(chatBackend, 'shared', [chatClient]);
    assert.equal(chatClient.events('shared', 'main-only').length, 0);
  } finally {
    await Promise.all([mine.close(), chatClient.close()]);
  }
});

test('presence: subscription_succeeded carries ids, hash and count', async () => {
  const alice = await client(mainApp, backend, user('alice', 'Alice'));
  const raw = await rawConnect(server, mainApp);
  try {
    const channel = await alice.subscribe('presence-lobby');
    assert.equal(channel.members.count, 1);
    assert.equal(channel.members.me.id, 'alice');
    assert.deepEqual(channel.members.me.info, { name: 'Alice' });

    const auth = backend.authorizeChannel(raw.socketId, 'presence-lobby', user('bob', 'Bob'));
    raw.subscribe('presence-lobby', auth);
    const frame = await raw.waitForSubscription('presence-lobby');
    assert.equal(frame.event, 'pusher_internal:subscription_succeeded');
    assert.equal(typeof frame.rawData, 'string', 'data is double-encoded');
    const { presence } = frame.data;
    assert.equal(presence.count, 2);
    assert.deepEqual([...presence.ids].sort(), ['alice', 'bob']);
    assert.deepEqual(presence.hash, { alice: { name: 'Alice' }, bob: { name: 'Bob' } });
  } finally {
    await Promise.all([alice.close(), raw.close()]);
  }
});

test('presence: a presence subscription without channel_data is refused', async () => {
  const raw = await rawConnect(server, mainApp);
  try {
    const { auth } = backend.authorizeChannel(raw.socketId, 'presence-nodata');
    raw.subscribe('presence-nodata', { auth });
    const frame = await raw.waitForSubscription('presence-nodata');
    assert.notEqual(frame.event, 'pusher_internal:subscription_succeeded');
  } finally {
    await raw.close();
  }
});

test('presence: two users, one of them in two tabs; member_added and member_removed once per user', async () => {
  const name = 'presence-room';
  const count = (c, event, id) => c.events(name, event).filter((e) => e.data.user_id === id).length;
  const aliceTab1 = await client(mainApp, backend, user('alice', 'Alice'));
  const bob = await client(mainApp, backend, user('bob', 'Bob'));
  const aliceTab2 = await client(mainApp, backend, user('alice', 'Alice'));
  const clients = [aliceTab1, bob, aliceTab2];
  try {
    const tab1Channel = await aliceTab1.subscribe(name);
    assert.equal(tab1Channel.members.count, 1);
    const added = [];
    tab1Channel.bind('pusher:member_added', (member) => added.push(member));

    // Bob joins: alice's tab sees him once, bob sees both users.
    const bobChannel = await bob.subscribe(name);
    assert.equal(bobChannel.members.count, 2);
    assert.deepEqual(bobChannel.members.get('alice').info, { name: 'Alice' });
    await aliceTab1.waitForEvent(name, 'pusher_internal:member_added', (e) => e.data.user_id === 'bob');
    assert.deepEqual(added.map((m) => m.id), ['bob']);
    assert.deepEqual(added[0].info, { name: 'Bob' });
    assert.equal(tab1Channel.members.count, 2);

    // Alice opens a second tab: nobody hears of a new member.
    const tab2Channel = await aliceTab2.subscribe(name);
    assert.equal(tab2Channel.members.count, 2, 'two users, however many connections');
    await sync(backend, name, clients);
    assert.equal(count(bob, 'pusher_internal:member_added', 'alice'), 0);
    assert.equal(count(aliceTab1, 'pusher_internal:member_added', 'alice'), 0);
    assert.equal(count(aliceTab1, 'pusher_internal:member_added', 'bob'), 1);

    // The HTTP API counts users and connections apart.
    const info = await (await backend.get({
      path: `/channels/${name}`, params: { info: 'user_count,subscription_count' },
    })).json();
    assert.deepEqual(info, { occupied: true, user_count: 2, subscription_count: 3 });
    const users = await (await backend.get({ path: `/channels/${name}/users` })).json();
    assert.deepEqual(users.users.map((u) => u.id).sort(), ['alice', 'bob']);

    // Alice closes one tab: she is still there.
    await aliceTab1.close();
    await eventually(async () => await subscriptionCount(backend, name) === 2, 'the server to drop the closed tab');
    await sync(backend, name, [bob, aliceTab2]);
    assert.equal(count(bob, 'pusher_internal:member_removed', 'alice'), 0);
    assert.equal(bobChannel.members.count, 2);

    // Alice closes her last tab: bob hears it once.
    const removed = new Promise((resolveRemoved) => bobChannel.bind('pusher:member_removed', resolveRemoved));
    await aliceTab2.close();
    const member = await removed;
    assert.equal(member.id, 'alice');
    await sync(backend, name, [bob]);
    assert.equal(count(bob, 'pusher_internal:member_removed', 'alice'), 1);
    assert.equal(bobChannel.members.count, 1);

    // Bob leaves with unsubscribe rather than a disconnect: the channel empties.
    bob.pusher.unsubscribe(name);
    bob.pusher.connection.send_event('pusher:ping', {});
    await bob.log.waitFor((e) => e.event === 'pusher:pong', 'pong');
    const after = await (await backend.get({ path: `/channels/${name}`, params: { info: 'subscription_count' } })).json();
    assert.equal(after.occupied, false);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});

test('presence: the same user in two tabs unsubscribing one tab keeps the membership', async () => {
  const name = 'presence-unsub';
  const tab1 = await client(mainApp, backend, user('carol', 'Carol'));
  const tab2 = await client(mainApp, backend, user('carol', 'Carol'));
  const dave = await client(mainApp, backend, user('dave', 'Dave'));
  try {
    await tab1.subscribe(name);
    await tab2.subscribe(name);
    await dave.subscribe(name);
    tab1.pusher.unsubscribe(name);
    tab1.pusher.connection.send_event('pusher:ping', {});
    await tab1.log.waitFor((e) => e.event === 'pusher:pong', 'pong');
    await sync(backend, name, [dave]);
    assert.equal(dave.events(name, 'pusher_internal:member_removed').length, 0);
    tab2.pusher.unsubscribe(name);
    await dave.waitForEvent(name, 'pusher_internal:member_removed', (e) => e.data.user_id === 'carol');
  } finally {
    await Promise.all([tab1.close(), tab2.close(), dave.close()]);
  }
});

test('client events on a private channel reach the others and are never echoed to the sender', async () => {
  const name = 'private-typing';
  const a = await client(chat, chatBackend);
  const b = await client(chat, chatBackend);
  const c = await client(chat, chatBackend);
  try {
    const channelA = await a.subscribe(name);
    const channelB = await b.subscribe(name);
    await c.subscribe(name);
    const got = new Promise((resolveGot) => channelB.bind('client-typing', (data, metadata) => resolveGot({ data, metadata })));
    assert.equal(channelA.trigger('client-typing', { typing: true }), true);
    const { data, metadata } = await got;
    assert.deepEqual(data, { typing: true });
    assert.equal(metadata.user_id, undefined, 'no user_id on a private channel');
    await c.waitForEvent(name, 'client-typing');
    await sync(chatBackend, name, [a, b, c]);
    assert.equal(a.events(name, 'client-typing').length, 0, 'not echoed to the sender');
    assert.equal(b.events(name, 'client-typing').length, 1);
    assert.equal(a.errors.count(() => true), 0);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test('client events on a presence channel carry the sender\'s user_id; the sender\'s other tab gets it', async () => {
  const name = 'presence-chat';
  const aliceTab1 = await client(chat, chatBackend, user('alice', 'Alice'));
  const aliceTab2 = await client(chat, chatBackend, user('alice', 'Alice'));
  const bob = await client(chat, chatBackend, user('bob', 'Bob'));
  try {
    const sender = await aliceTab1.subscribe(name);
    await aliceTab2.subscribe(name);
    const bobChannel = await bob.subscribe(name);
    const got = new Promise((resolveGot) => bobChannel.bind('client-hello', (data, metadata) => resolveGot({ data, metadata })));
    sender.trigger('client-hello', { text: 'hi' });
    const { data, metadata } = await got;
    assert.deepEqual(data, { text: 'hi' });
    assert.equal(metadata.user_id, 'alice');
    const other = await aliceTab2.waitForEvent(name, 'client-hello');
    assert.equal(other.user_id, 'alice');
    await sync(chatBackend, name, [aliceTab1, aliceTab2, bob]);
    assert.equal(aliceTab1.events(name, 'client-hello').length, 0, 'not echoed to the sending connection');
  } finally {
    await Promise.all([aliceTab1.close(), aliceTab2.close(), bob.close()]);
  }
});

/** `app` refuses a client event on `name`: pusher:error (code null) to the sender, nothing to the other. */
async function expectClientEventRefused(app, appBackend, name) {
  const a = await client(app, appBackend);
  const b = await client(app, appBackend);
  try {
    const channel = await a.subscribe(name);
    await b.subscribe(name);
    channel.trigger('client-nope', { x: 1 });
    const error = await a.log.waitFor((e) => e.event === 'pusher:error', 'pusher:error');
    assert.equal(error.data.code ?? null, null);
    assert.equal(typeof error.data.message, 'string');
    assert.ok(error.data.message.length > 0);
    await sync(appBackend, name, [a, b]);
    assert.equal(b.events(name, 'client-nope').length, 0);
    assert.equal(a.state, 'connected');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

test('client events on a public channel are refused with pusher:error (code null) and not delivered', async () => {
  await expectClientEventRefused(chat, chatBackend, 'public-no-client-events');
});

test('client events on an app without enable_client_messages are refused and not delivered', async () => {
  await expectClientEventRefused(mainApp, backend, 'private-disabled');
});

test('client events on a private channel the sender is not subscribed to are refused', async () => {
  const name = 'private-not-mine';
  const raw = await rawConnect(server, chat);
  const b = await client(chat, chatBackend);
  try {
    await b.subscribe(name);
    raw.send({ event: 'client-sneak', channel: name, data: { x: 1 } });
    await raw.waitFor((f) => f.event === 'pusher:error', 'pusher:error');
    await sync(chatBackend, name, [b]);
    assert.equal(b.events(name, 'client-sneak').length, 0);
  } finally {
    await Promise.all([raw.close(), b.close()]);
  }
});

test('client events over max_client_events_per_second get error 4301, are dropped, and the connection stays', async () => {
  const name = 'private-flood';
  const a = await client(chat, chatBackend);
  const b = await client(chat, chatBackend);
  try {
    const channel = await a.subscribe(name);
    await b.subscribe(name);
    const sent = 30;
    for (let i = 0; i < sent; ++i) channel.trigger('client-flood', { i });
    // Everything sent before the ping has been handled once its pong is back.
    a.pusher.connection.send_event('pusher:ping', {});
    await a.log.waitFor((e) => e.event === 'pusher:pong', 'pong after the flood');
    await sync(chatBackend, name, [a, b]);
    const errors = a.log.filter((e) => e.event === 'pusher:error');
    assert.ok(errors.length >= 1, 'at least one error');
    for (const error of errors) assert.equal(error.data.code, 4301);
    const received = b.events(name, 'client-flood').map((e) => e.data.i);
    assert.ok(received.length >= 10, `the first 10 pass (got ${received.length})`);
    assert.ok(received.length < sent, `some are dropped (got ${received.length} of ${sent})`);
    assert.deepEqual(received, [...received].sort((x, y) => x - y), 'in order');
    assert.deepEqual(received.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(a.state, 'connected');
    // Still usable: once the per-second budget refills, client events flow
    // again (one try every 250 ms until one arrives).
    let arrived = false;
    for (let attempt = 0; attempt < 20 && !arrived; ++attempt) {
      channel.trigger('client-after', { attempt });
      arrived = await b.waitForEvent(name, 'client-after', () => true, 250).then(() => true, () => false);
    }
    assert.ok(arrived, 'a client event after the flood arrives');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('pusher-js on a client event: data of every JSON type survives the round trip', async () => {
  const name = 'private-types';
  const a = await client(chat, chatBackend);
  const b = await client(chat, chatBackend);
  try {
    const channel = await a.subscribe(name);
    await b.subscribe(name);
    const values = [{ k: 'v' }, [1, 'two'], 'text', 42, true, null];
    values.forEach((value, i) => channel.trigger(`client-t${i}`, value));
    for (const [i, value] of values.entries()) {
      const event = await b.waitForEvent(name, `client-t${i}`);
      assert.deepEqual(event.data, value);
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

