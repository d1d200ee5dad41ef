// Subscription counting (an app's `subscription_count = true`): pusher-js
// gets pusher:subscription_count with the channel's connection count on
// every change and keeps channel.subscriptionCount; the subscription_count
// webhook carries the same numbers when webhook_events lists it. Presence
// channels, and apps that did not turn it on, get no counts. (The 5 s pacing
// of channels over 100 subscribers is checked in the C++ service tests.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  TIMEOUT, connect, eventually, mainApp, sdk, sdkChannelAuth, startServer, startWebhookListener, sync,
} from './support.mjs';

let server, listener, backend, mainBackend;
const counted = {
  id: 'counted', key: 'counted-key', secret: 'counted-secret-0123456789', subscription_count: true,
};

before(async () => {
  listener = await startWebhookListener();
  counted.webhook_url = listener.url('/counts');
  counted.webhook_events = ['subscription_count', 'channel_vacated'];
  server = await startServer({ apps: [counted] });
  backend = sdk(server, counted);
  mainBackend = sdk(server, mainApp);
});

after(async () => {
  await server?.stop();
  await listener?.stop();
});

const client = (app, appBackend, presenceUser) =>
  connect(server, app, { channelAuthorization: sdkChannelAuth(appBackend, presenceUser) });
const countFrames = (c, channel) =>
  c.events(channel, 'pusher_internal:subscription_count').map((e) => e.data.subscription_count);

/** Resolves with the data of the next pusher:subscription_count pusher-js emits on `channel` with count `n`. */
function countOf(channel, n) {
  return new Promise((resolveCount, reject) => {
    const handler = (data) => {
      if (data.subscription_count !== n) return;
      clearTimeout(timer);
      channel.unbind('pusher:subscription_count', handler);
      resolveCount(data);
    };
    const timer = setTimeout(() => {
      channel.unbind('pusher:subscription_count', handler);
      reject(new Error(`no subscription_count ${n} on ${channel.name} within ${TIMEOUT} ms`));
    }, TIMEOUT);
    channel.bind('pusher:subscription_count', handler);
  });
}

test('pusher-js gets pusher:subscription_count on every change and channel.subscriptionCount follows', async () => {
  const a = await client(counted, backend);
  const b = await client(counted, backend);
  const c = await client(counted, backend);
  try {
    const lobbyA = a.pusher.subscribe('lobby');
    const one = countOf(lobbyA, 1);
    await a.subscribe('lobby');
    await one;
    assert.equal(lobbyA.subscriptionCount, 1);

    const two = countOf(lobbyA, 2);
    const lobbyB = await b.subscribe('lobby');
    await two;
    const three = countOf(lobbyA, 3);
    await c.subscribe('lobby');
    await three;
    await eventually(() => lobbyB.subscriptionCount === 3, 'b to see 3');

    const back = countOf(lobbyA, 2);
    const backB = countOf(lobbyB, 2);
    await c.close();
    await Promise.all([back, backB]);
    assert.equal(lobbyA.subscriptionCount, 2);
    assert.deepEqual(countFrames(a, 'lobby'), [1, 2, 3, 2]);
    assert.deepEqual(countFrames(b, 'lobby'), [2, 3, 2], 'b counts from its own subscription on');
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test('private channels are counted; presence channels are not', async () => {
  const a = await client(counted, backend, { user_id: 'ana' });
  const b = await client(counted, backend, { user_id: 'ben' });
  try {
    for (const c of [a, b]) await c.subscribe('private-desk');
    await eventually(() => countFrames(a, 'private-desk').at(-1) === 2, 'private-desk counted to 2');

    for (const c of [a, b]) await c.subscribe('presence-room');
    await sync(backend, 'presence-room', [a, b]);
    assert.deepEqual(countFrames(a, 'presence-room'), []);
    assert.equal(a.events('presence-room', 'pusher_internal:member_added').length, 1, 'members instead');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('an app without subscription_count sends no counts', async () => {
  const a = await client(mainApp, mainBackend);
  const b = await client(mainApp, mainBackend);
  try {
    await a.subscribe('uncounted');
    await b.subscribe('uncounted');
    await sync(mainBackend, 'uncounted', [a, b]);
    assert.deepEqual(countFrames(a, 'uncounted'), []);
    assert.equal(a.pusher.channel('uncounted').subscriptionCount, undefined);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('the subscription_count webhook carries every count, down to 0, signed like the others', async () => {
  const a = await client(counted, backend);
  const b = await client(counted, backend);
  await a.subscribe('hooked');
  await b.subscribe('hooked');
  await b.close();
  await a.close();
  // Batches may arrive out of order (several requests in flight): in the
  // order the server made them, by time_ms.
  const counts = () => listener.log.filter((r) => r.path === '/counts').map((r) => JSON.parse(r.rawBody))
    .sort((x, y) => x.time_ms - y.time_ms).flatMap((body) => body.events).filter((e) => e.channel === 'hooked');
  await eventually(() => counts().some((e) => e.name === 'channel_vacated'), 'channel_vacated on hooked');
  assert.deepEqual(counts().filter((e) => e.name === 'subscription_count').map((e) => e.subscription_count),
    [1, 2, 1, 0]);
  for (const request of listener.log.filter((r) => r.path === '/counts')) {
    const verdict = backend.webhook({ headers: request.headers, rawBody: request.rawBody });
    assert.ok(verdict.isValid(), 'the SDK accepts the signature');
  }
});
