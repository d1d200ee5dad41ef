// Cache channels (cache-, private-cache-, private-encrypted-cache-,
// presence-cache-): a new subscriber gets the last event the app server
// published as its first event; on an empty one it gets pusher:cache_miss
// and the app's webhook gets one cache_miss however many subscribers miss.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import {
  TIMEOUT, connect, eventually, sdk, sdkChannelAuth, startServer, startWebhookListener, webhookEvents,
} from './support.mjs';

let server, listener, backend;
const app = { id: 'cached', key: 'cached-key', secret: 'cached-secret-0123456789' };

before(async () => {
  listener = await startWebhookListener();
  app.webhook_url = listener.url('/cache');
  server = await startServer({ apps: [app] });
  backend = sdk(server, app);
});

after(async () => {
  await server?.stop();
  await listener?.stop();
});

const client = (presenceUser) => connect(server, app, { channelAuthorization: sdkChannelAuth(backend, presenceUser) });

/**
 * Subscribes pusher-js to `name` with `event` bound before the subscription,
 * so a first event cannot slip by; resolves with its data.
 */
function subscribeFor(c, name, event) {
  const channel = c.pusher.subscribe(name);
  return new Promise((resolveFirst, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} on ${name} within ${TIMEOUT} ms`)), TIMEOUT);
    channel.bind(event, (data) => { clearTimeout(timer); resolveFirst(data); });
  });
}

test('a new subscriber of a cache channel of each kind gets the last published event first', async () => {
  await backend.trigger('cache-score', 'score', { home: 1, away: 0 });
  const encrypting = sdk(server, app, { encryptionMasterKeyBase64: randomBytes(32).toString('base64') });
  const kinds = [
    { name: 'cache-score', open: () => client() },
    { name: 'private-cache-score', open: () => client() },
    { name: 'presence-cache-score', open: () => client({ user_id: 'fan-1' }) },
    {
      name: 'private-encrypted-cache-score', publisher: encrypting,
      open: () => connect(server, app, { nacl, channelAuthorization: sdkChannelAuth(encrypting) }),
    },
  ];
  for (const { name, open, publisher = backend } of kinds) {
    await publisher.trigger(name, 'score', { home: 2, away: 0 });
    const c = await open();
    try {
      assert.deepEqual(await subscribeFor(c, name, 'score'), { home: 2, away: 0 }, name);
      const frames = c.log.filter((e) => e.channel === name).map((e) => e.event);
      assert.deepEqual(frames, ['pusher_internal:subscription_succeeded', 'score'], 'succeeded, then the kept event');
    } finally {
      await c.close();
    }
  }
});

test('an empty cache channel gives each subscriber pusher:cache_miss and the webhook one cache_miss', async () => {
  const a = await client();
  const b = await client();
  try {
    await subscribeFor(a, 'cache-weather', 'pusher:cache_miss');
    await subscribeFor(b, 'cache-weather', 'pusher:cache_miss');
    // A marker webhook made after both misses: once it is in, so is any
    // second cache_miss the server would have sent.
    await a.subscribe('marker-after-misses');
    await eventually(() => webhookEvents(listener, '/cache').some((e) => e.name === 'channel_occupied' &&
      e.channel === 'marker-after-misses'), 'the marker webhook');
    const misses = webhookEvents(listener, '/cache').filter((e) => e.name === 'cache_miss');
    assert.deepEqual(misses, [{ name: 'cache_miss', channel: 'cache-weather' }]);

    // The app server answers the miss; the next subscriber gets the value.
    await backend.trigger('cache-weather', 'forecast', { sky: 'clear' });
    const c = await client();
    try {
      assert.deepEqual(await subscribeFor(c, 'cache-weather', 'forecast'), { sky: 'clear' });
    } finally {
      await c.close();
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
