// The HTTP API through the pusher SDK (and hand-signed requests where the SDK
// cannot express the case): events, batches, channel queries, and the
// refusals for bad signatures, stale timestamps, bad bodies and unknown apps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import {
  connect, eventually, json, mainApp, rawConnect, rejection, sdk, sdkChannelAuth, signedRequest, startServer, sync,
} from './support.mjs';

const small = { id: 'small', key: 'small-key', secret: 'small-secret-0123456789', max_event_data_bytes: 100 };
const other = { id: 'other', key: 'other-key', secret: 'other-secret-0123456789' };

let server, backend;

before(async () => {
  server = await startServer({ apps: [small, other] });
  backend = sdk(server, mainApp);
});

after(async () => {
  await server?.stop();
});

const user = (id) => ({ user_id: id, user_info: { name: id.toUpperCase() } });
const client = (presenceUser) => connect(server, mainApp, { channelAuthorization: sdkChannelAuth(backend, presenceUser) });

/** A refusal must say why. */
function assertMessage(error) {
  assert.equal(typeof error.body, 'string');
  assert.ok(error.body.trim().length > 0, `a message in the body of the ${error.status}`);
}

test('consecutive SDK requests on one kept-alive connection all succeed', async () => {
  // Node's default agent keeps connections alive (as do most HTTP clients an
  // app server uses): the server must either serve several requests on one
  // connection or say "Connection: close".
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const keepAlive = sdk(server, mainApp, { agent });
  try {
    for (let i = 0; i < 4; ++i) {
      const response = await keepAlive.trigger('keep-alive', 'n', { i });
      assert.equal(response.status, 200, `request ${i + 1}`);
    }
    const list = await keepAlive.get({ path: '/channels' });
    assert.equal(list.status, 200);
  } finally {
    agent.destroy();
  }
});

test('trigger: 200 with a JSON object body; the subscriber gets the event', async () => {
  const a = await client();
  try {
    await a.subscribe('api-one');
    const response = await backend.trigger('api-one', 'hello', { n: 1 });
    assert.equal(response.status, 200);
    assert.equal(typeof await response.json(), 'object');
    const event = await a.waitForEvent('api-one', 'hello');
    assert.deepEqual(event.data, { n: 1 });
  } finally {
    await a.close();
  }
});

test('trigger to several channels: each subscriber gets it once', async () => {
  const a = await client();
  const b = await client();
  try {
    await a.subscribe('multi-1');
    await a.subscribe('multi-2');
    await b.subscribe('multi-3');
    await backend.trigger(['multi-1', 'multi-2', 'multi-3'], 'fan', { x: 'y' });
    await a.waitForEvent('multi-1', 'fan');
    await a.waitForEvent('multi-2', 'fan');
    await b.waitForEvent('multi-3', 'fan');
    await sync(backend, 'multi-1', [a]);
    await sync(backend, 'multi-3', [b]);
    assert.equal(a.log.count((e) => e.event === 'fan'), 2);
    assert.equal(b.log.count((e) => e.event === 'fan'), 1);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('trigger to 100 channels succeeds; 101 channels is 400', async () => {
  const a = await client();
  try {
    const names = Array.from({ length: 101 }, (_, i) => `hundred-${i}`);
    await a.subscribe(names[0]);
    await a.subscribe(names[99]);
    await a.subscribe(names[100]);
    const response = await backend.trigger(names.slice(0, 100), 'many', { ok: true });
    assert.equal(response.status, 200);
    await a.waitForEvent(names[0], 'many');
    await a.waitForEvent(names[99], 'many');
    // The SDK refuses 101 channels itself; its generic post sends them anyway.
    const error = await rejection(backend.post({
      path: '/events', body: { name: 'too-many', data: '{}', channels: names },
    }));
    assert.equal(error.status, 400);
    assertMessage(error);
    await sync(backend, names[100], [a]);
    assert.equal(a.log.count((e) => e.event === 'too-many'), 0, 'nothing of a refused request is delivered');
    assert.equal(a.events(names[100], 'many').length, 0);
  } finally {
    await a.close();
  }
});

test('trigger with socket_id leaves that connection out', async () => {
  const a = await client();
  const b = await client();
  try {
    await a.subscribe('excluding');
    await b.subscribe('excluding');
    await backend.trigger('excluding', 'not-for-a', { n: 1 }, { socket_id: a.socketId });
    await b.waitForEvent('excluding', 'not-for-a');
    await sync(backend, 'excluding', [a, b]);
    assert.equal(a.events('excluding', 'not-for-a').length, 0);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('data up to 10240 bytes is accepted; one byte more is 413 and not delivered', async () => {
  const a = await client();
  try {
    await a.subscribe('big');
    const atLimit = 'x'.repeat(10240);
    assert.equal((await backend.trigger('big', 'at-limit', atLimit)).status, 200);
    const event = await a.waitForEvent('big', 'at-limit');
    assert.equal(event.data, atLimit);
    const error = await rejection(backend.trigger('big', 'over-limit', 'x'.repeat(10241)));
    assert.equal(error.status, 413);
    assertMessage(error);
    await sync(backend, 'big', [a]);
    assert.equal(a.events('big', 'over-limit').length, 0);
  } finally {
    await a.close();
  }
});

test('max_event_data_bytes from the config file applies to its app', async () => {
  const smallBackend = sdk(server, small);
  assert.equal((await smallBackend.trigger('tiny', 'ok', 'y'.repeat(100))).status, 200);
  const error = await rejection(smallBackend.trigger('tiny', 'too-big', 'y'.repeat(101)));
  assert.equal(error.status, 413);
  assertMessage(error);
});

test('trigger with info returns subscription_count and user_count per channel', async () => {
  const alice = await client(user('alice'));
  const aliceTab2 = await client(user('alice'));
  const bob = await client(user('bob'));
  try {
    for (const c of [alice, aliceTab2, bob]) await c.subscribe('presence-info');
    await alice.subscribe('public-info');
    const body = await json(backend.trigger('presence-info', 'counted', {}, { info: 'subscription_count,user_count' }));
    assert.deepEqual(body, { channels: { 'presence-info': { subscription_count: 3, user_count: 2 } } });
    const publicBody = await json(backend.trigger('public-info', 'counted', {}, { info: 'subscription_count' }));
    assert.deepEqual(publicBody, { channels: { 'public-info': { subscription_count: 1 } } });
  } finally {
    await Promise.all([alice.close(), aliceTab2.close(), bob.close()]);
  }
});

test('triggerBatch: 10 events are delivered in order; 11 is 400 and none is delivered', async () => {
  const a = await client();
  try {
    await a.subscribe('batch-a');
    await a.subscribe('batch-b');
    const batch = Array.from({ length: 10 }, (_, i) => ({
      channel: i % 2 ? 'batch-b' : 'batch-a', name: 'item', data: { i },
    }));
    assert.equal((await backend.triggerBatch(batch)).status, 200);
    const items = await a.log.waitForCount((e) => e.event === 'item', 10, 'ten batch events');
    assert.deepEqual(items.map((e) => e.data.i), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(items.map((e) => e.channel), batch.map((b) => b.channel));

    const eleven = Array.from({ length: 11 }, (_, i) => ({ channel: 'batch-a', name: 'eleven', data: { i } }));
    const error = await rejection(backend.triggerBatch(eleven));
    assert.equal(error.status, 400);
    assertMessage(error);
    await sync(backend, 'batch-a', [a]);
    assert.equal(a.log.count((e) => e.event === 'eleven'), 0);
  } finally {
    await a.close();
  }
});

test('triggerBatch honours socket_id per event', async () => {
  const a = await client();
  const b = await client();
  try {
    await a.subscribe('batch-excl');
    await b.subscribe('batch-excl');
    await backend.triggerBatch([
      { channel: 'batch-excl', name: 'skip-a', data: {}, socket_id: a.socketId },
      { channel: 'batch-excl', name: 'for-all', data: {} },
    ]);
    await b.waitForEvent('batch-excl', 'for-all');
    await a.waitForEvent('batch-excl', 'for-all');
    assert.equal(b.events('batch-excl', 'skip-a').length, 1);
    assert.equal(a.events('batch-excl', 'skip-a').length, 0);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('GET /channels lists occupied channels; filter_by_prefix and info=user_count', async () => {
  const alice = await client(user('alice'));
  const bob = await client(user('bob'));
  const bobTab2 = await client(user('bob'));
  try {
    await alice.subscribe('list-public');
    await alice.subscribe('private-list');
    await alice.subscribe('presence-list-1');
    await bob.subscribe('presence-list-1');
    await bobTab2.subscribe('presence-list-1');
    await bob.subscribe('presence-list-2');

    const all = await json(backend.get({ path: '/channels' }));
    for (const name of ['list-public', 'private-list', 'presence-list-1', 'presence-list-2']) {
      assert.ok(name in all.channels, `${name} is listed`);
      assert.deepEqual(all.channels[name], {}, 'no attributes without info');
    }
    assert.ok(!('never-subscribed' in all.channels));

    const presence = await json(backend.get({
      path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' },
    }));
    assert.deepEqual(presence, { channels: { 'presence-list-1': { user_count: 2 }, 'presence-list-2': { user_count: 1 } } });

    const privateOnly = await json(backend.get({ path: '/channels', params: { filter_by_prefix: 'private-' } }));
    assert.deepEqual(Object.keys(privateOnly.channels), ['private-list']);

    const error = await rejection(backend.get({ path: '/channels', params: { info: 'user_count' } }));
    assert.equal(error.status, 400);
    assertMessage(error);
    const error2 = await rejection(backend.get({
      path: '/channels', params: { filter_by_prefix: 'private-', info: 'user_count' },
    }));
    assert.equal(error2.status, 400);

    // Another app's channels are not listed here.
    const otherList = await json(sdk(server, other).get({ path: '/channels' }));
    assert.deepEqual(otherList, { channels: {} });

    // Vacated channels disappear from the list.
    await alice.close();
    const later = await eventually(async () => {
      const list = await json(backend.get({ path: '/channels' }));
      return !('list-public' in list.channels) && list;
    }, 'list-public to be vacated');
    assert.ok(!('list-public' in later.channels));
    assert.ok(!('private-list' in later.channels));
    assert.ok('presence-list-1' in later.channels);
  } finally {
    await Promise.all([alice.close(), bob.close(), bobTab2.close()]);
  }
});

test('GET /channels/NAME: occupied, subscription_count, user_count', async () => {
  const a = await client(user('ann'));
  const b = await client(user('ben'));
  try {
    await a.subscribe('info-public');
    await b.subscribe('info-public');
    await a.subscribe('presence-info-2');

    const publicInfo = await json(backend.get({ path: '/channels/info-public', params: { info: 'subscription_count' } }));
    assert.deepEqual(publicInfo, { occupied: true, subscription_count: 2 });

    const plain = await json(backend.get({ path: '/channels/info-public' }));
    assert.equal(plain.occupied, true);
    assert.equal(plain.user_count, undefined);

    const presenceInfo = await json(backend.get({
      path: '/channels/presence-info-2', params: { info: 'user_count,subscription_count' },
    }));
    assert.deepEqual(presenceInfo, { occupied: true, user_count: 1, subscription_count: 1 });

    const empty = await json(backend.get({ path: '/channels/nobody-here', params: { info: 'subscription_count' } }));
    assert.equal(empty.occupied, false);
    assert.equal(empty.subscription_count ?? 0, 0);

    const error = await rejection(backend.get({ path: '/channels/info-public', params: { info: 'user_count' } }));
    assert.equal(error.status, 400);
    assertMessage(error);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('GET /channels/NAME/users lists presence users once each; non-presence is 400', async () => {
  const a = await client(user('uma'));
  const aTab2 = await client(user('uma'));
  const b = await client(user('vic'));
  try {
    for (const c of [a, aTab2, b]) await c.subscribe('presence-users');
    await a.subscribe('private-users');
    const { users } = await json(backend.get({ path: '/channels/presence-users/users' }));
    assert.deepEqual(users.map((u) => u.id).sort(), ['uma', 'vic']);
    for (const u of users) assert.deepEqual(Object.keys(u), ['id']);

    const error = await rejection(backend.get({ path: '/channels/private-users/users' }));
    assert.equal(error.status, 400);
    assertMessage(error);
  } finally {
    await Promise.all([a.close(), aTab2.close(), b.close()]);
  }
});

test('a wrong secret is 401 with a message', async () => {
  const wrong = sdk(server, { ...mainApp, secret: 'wrong-secret-0123456789' });
  const error = await rejection(wrong.trigger('any', 'e', {}));
  assert.equal(error.status, 401);
  assertMessage(error);
  const getError = await rejection(wrong.get({ path: '/channels' }));
  assert.equal(getError.status, 401);
});

test('another app\'s key and secret are 401 on this app', async () => {
  const crossed = sdk(server, { ...other, id: mainApp.id });
  const error = await rejection(crossed.trigger('any', 'e', {}));
  assert.equal(error.status, 401);
  assertMessage(error);
});

test('a stale timestamp is 401; the same request signed now is accepted', async () => {
  const body = JSON.stringify({ name: 'e', data: '{}', channels: ['stale'] });
  const path = `/apps/${mainApp.id}/events`;
  const fresh = await signedRequest(server, mainApp, { method: 'POST', path, body });
  assert.equal(fresh.status, 200, `the hand-signed request is right: ${fresh.text}`);
  const now = Math.floor(Date.now() / 1000);
  const stale = await signedRequest(server, mainApp, { method: 'POST', path, body, timestamp: now - 700 });
  assert.equal(stale.status, 401);
  assert.ok(stale.text.trim().length > 0);
  const future = await signedRequest(server, mainApp, { method: 'POST', path, body, timestamp: now + 700 });
  assert.equal(future.status, 401);
  const staleGet = await signedRequest(server, mainApp, {
    method: 'GET', path: `/apps/${mainApp.id}/channels`, timestamp: now - 700,
  });
  assert.equal(staleGet.status, 401);
});

test('a body that does not match body_md5 is 401', async () => {
  const a = await client();
  try {
    await a.subscribe('tampered');
    const path = `/apps/${mainApp.id}/events`;
    const signedBody = JSON.stringify({ name: 'original', data: '{}', channels: ['tampered'] });
    const sentBody = JSON.stringify({ name: 'forged', data: '{}', channels: ['tampered'] });
    const forged = await forgedBodyRequest(path, signedBody, sentBody);
    assert.equal(forged.status, 401);
    assert.ok(forged.text.trim().length > 0);
    await sync(backend, 'tampered', [a]);
    assert.equal(a.events('tampered', 'forged').length, 0);
  } finally {
    await a.close();
  }
});

/** Signs a request for `signedBody` with the SDK, then sends `sentBody` with that query. */
async function forgedBodyRequest(path, signedBody, sentBody) {
  const query = backend.createSignedQueryString({ method: 'POST', path, body: signedBody });
  const response = await fetch(`http://127.0.0.1:${server.port}${path}?${query}`, {
    method: 'POST', body: sentBody, headers: { 'Content-Type': 'application/json' },
  });
  return { status: response.status, text: await response.text() };
}

test('a body that is not JSON is 400 with a message', async () => {
  const path = `/apps/${mainApp.id}/events`;
  const broken = await signedRequest(server, mainApp, { method: 'POST', path, body: '{"name": "e", "channels": [' });
  assert.equal(broken.status, 400);
  assert.ok(broken.text.trim().length > 0);
  const batch = await signedRequest(server, mainApp, { method: 'POST', path: `/apps/${mainApp.id}/batch_events`, body: 'not json' });
  assert.equal(batch.status, 400);
  assert.ok(batch.text.trim().length > 0);
});

test('an event without channels or name is 400', async () => {
  const noChannels = await rejection(backend.post({ path: '/events', body: { name: 'e', data: '{}' } }));
  assert.equal(noChannels.status, 400);
  assertMessage(noChannels);
  const noName = await rejection(backend.post({ path: '/events', body: { data: '{}', channels: ['x'] } }));
  assert.equal(noName.status, 400);
  assertMessage(noName);
});

test('an unknown app id is 404 with a message', async () => {
  const unknown = sdk(server, { ...mainApp, id: '999999' });
  const error = await rejection(unknown.trigger('any', 'e', {}));
  assert.equal(error.status, 404);
  assertMessage(error);
  const getError = await rejection(unknown.get({ path: '/channels' }));
  assert.equal(getError.status, 404);
});

test('events triggered through the API reach raw sockets double-encoded', async () => {
  const raw = await rawConnect(server, mainApp);
  try {
    raw.subscribe('raw-api');
    const answer = await raw.waitForSubscription('raw-api');
    assert.equal(answer.event, 'pusher_internal:subscription_succeeded');
    await backend.trigger('raw-api', 'shape', { a: [1, 2] });
    const frame = await raw.waitFor((f) => f.event === 'shape', 'the event');
    assert.equal(frame.channel, 'raw-api');
    assert.equal(typeof frame.rawData, 'string');
    assert.deepEqual(frame.data, { a: [1, 2] });
  } finally {
    await raw.close();
  }
});
