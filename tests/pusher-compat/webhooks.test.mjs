// Webhooks to a local HTTP listener: the five event kinds, batching, Pusher's
// signature (checked with the SDK), the default event selection, retries after
// a failure, and delivery that a stuck listener cannot hold up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  connect, eventually, sdk, sdkChannelAuth, startServer, startWebhookListener, sync, webhookEvents,
} from './support.mjs';

const allEvents = ['channel_occupied', 'channel_vacated', 'member_added', 'member_removed', 'client_event'];

let server, listener, hooks, hooksDefault, hooksRetry, hooksHang;

before(async () => {
  listener = await startWebhookListener();
  let retryFailures = 0;
  listener.respond = (request) => {
    if (request.path === '/hooks-retry' && retryFailures < 1) {
      retryFailures += 1;
      return 503;
    }
    if (request.path === '/hooks-hang') return 'hold';
    return 200;
  };
  const app = (id, path, settings = {}) => ({
    id, key: `${id}-key`, secret: `${id}-secret-0123456789`, enable_client_messages: true,
    webhook_url: listener.url(path), ...settings,
  });
  hooks = app('hooks', '/hooks', { webhook_events: allEvents });
  hooksDefault = app('hooksdefault', '/hooks-default');
  hooksRetry = app('hooksretry', '/hooks-retry');
  hooksHang = app('hookshang', '/hooks-hang');
  server = await startServer({ apps: [hooks, hooksDefault, hooksRetry, hooksHang] });
});

after(async () => {
  await server?.stop();
  await listener?.stop();
});

const user = (id) => ({ user_id: id, user_info: { name: id } });
const client = (app, presenceUser) => connect(server, app, {
  channelAuthorization: sdkChannelAuth(sdk(server, app), presenceUser),
});

/** Waits until the listener got webhook events on `path` matching every predicate. */
function waitForWebhook(path, predicate, what) {
  return eventually(() => webhookEvents(listener, path).find(predicate), what);
}

const is = (name, channel, extra = {}) => (e) => e.name === name && e.channel === channel &&
  Object.entries(extra).every(([k, v]) => e[k] === v);

/** A webhook's data field: Pusher sends the event's data as a string. */
const dataOf = (e) => (typeof e.data === 'string' ? JSON.parse(e.data) : e.data);

test('every webhook request is signed: X-Pusher-Key and X-Pusher-Signature pass the SDK\'s check', async () => {
  const a = await client(hooks);
  try {
    await a.subscribe('signed-hook');
    await waitForWebhook('/hooks', is('channel_occupied', 'signed-hook'), 'channel_occupied');
  } finally {
    await a.close();
  }
  await waitForWebhook('/hooks', is('channel_vacated', 'signed-hook'), 'channel_vacated');
  const backend = sdk(server, hooks);
  const wrongSecret = sdk(server, { ...hooks, secret: 'not-the-secret-0123456789' });
  const requests = listener.log.filter((r) => r.path === '/hooks');
  assert.ok(requests.length >= 1);
  for (const request of requests) {
    assert.equal(request.method, 'POST');
    assert.equal(request.headers['x-pusher-key'], hooks.key);
    assert.match(request.headers['x-pusher-signature'], /^[0-9a-f]{64}$/);
    assert.equal(request.headers['content-type'], 'application/json');
    const webhook = backend.webhook({ headers: request.headers, rawBody: request.rawBody });
    assert.equal(webhook.isValid(), true, `valid signature on ${request.rawBody}`);
    assert.equal(wrongSecret.webhook({ headers: request.headers, rawBody: request.rawBody }).isValid(), false);
    const body = JSON.parse(request.rawBody);
    assert.equal(typeof body.time_ms, 'number');
    assert.ok(Math.abs(body.time_ms - Date.now()) < 60000, 'time_ms is a current Unix time in milliseconds');
    assert.deepEqual(webhook.getEvents(), body.events);
    assert.ok(body.events.length >= 1);
  }
});

test('presence lifecycle: occupied, member_added, client_event, member_removed, vacated; once per user', async () => {
  const name = 'presence-hooked';
  const u1 = await client(hooks, user('u1'));
  const u1Tab2 = await client(hooks, user('u1'));
  const u2 = await client(hooks, user('u2'));
  try {
    await u1.subscribe(name);
    await waitForWebhook('/hooks', is('member_added', name, { user_id: 'u1' }), 'member_added u1');
    await u1Tab2.subscribe(name);
    const channel = await u2.subscribe(name);
    await waitForWebhook('/hooks', is('member_added', name, { user_id: 'u2' }), 'member_added u2');

    channel.trigger('client-ping', { x: 1 });
    const clientEvent = await waitForWebhook('/hooks', is('client_event', name), 'client_event');
    assert.equal(clientEvent.event, 'client-ping');
    assert.deepEqual(dataOf(clientEvent), { x: 1 });
    assert.equal(clientEvent.socket_id, u2.socketId);
    assert.equal(clientEvent.user_id, 'u2');

    u2.pusher.unsubscribe(name);
    await waitForWebhook('/hooks', is('member_removed', name, { user_id: 'u2' }), 'member_removed u2');
    await u1.close();
    await u1Tab2.close();
    await waitForWebhook('/hooks', is('channel_vacated', name), 'channel_vacated');
  } finally {
    await Promise.all([u1.close(), u1Tab2.close(), u2.close()]);
  }
  const events = webhookEvents(listener, '/hooks').filter((e) => e.channel === name);
  const index = (predicate) => events.findIndex(predicate);
  const count = (predicate) => events.filter(predicate).length;
  assert.equal(count(is('channel_occupied', name)), 1);
  assert.equal(count(is('channel_vacated', name)), 1);
  assert.equal(count(is('member_added', name, { user_id: 'u1' })), 1, 'two tabs, one member_added');
  assert.equal(count(is('member_added', name, { user_id: 'u2' })), 1);
  assert.equal(count(is('member_removed', name, { user_id: 'u1' })), 1, 'two tabs, one member_removed');
  assert.equal(count(is('member_removed', name, { user_id: 'u2' })), 1);
  assert.equal(count(is('client_event', name)), 1);
  assert.ok(index(is('channel_occupied', name)) < index(is('member_added', name, { user_id: 'u1' })));
  assert.ok(index(is('member_added', name, { user_id: 'u2' })) < index(is('member_removed', name, { user_id: 'u2' })));
  assert.ok(index(is('member_removed', name, { user_id: 'u1' })) < index(is('channel_vacated', name)));
  for (const e of events) assert.deepEqual(Object.keys(e).filter((k) => !['name', 'channel', 'user_id', 'event', 'data', 'socket_id'].includes(k)), []);
});

test('client_event on a private channel has no user_id', async () => {
  const name = 'private-hooked';
  const a = await client(hooks);
  const b = await client(hooks);
  try {
    const channel = await a.subscribe(name);
    await b.subscribe(name);
    channel.trigger('client-note', 'just text');
    const e = await waitForWebhook('/hooks', is('client_event', name), 'client_event');
    assert.equal(e.event, 'client-note');
    assert.equal(e.socket_id, a.socketId);
    assert.equal(e.user_id, undefined);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('several events in quick succession are batched into few requests', async () => {
  const clients = await Promise.all([1, 2, 3, 4, 5].map(() => client(hooks)));
  try {
    await Promise.all(clients.map((c, i) => c.subscribe(`batched-${i}`)));
    const events = await eventually(() => {
      const found = webhookEvents(listener, '/hooks').filter((e) => e.name === 'channel_occupied' && e.channel.startsWith('batched-'));
      return found.length === 5 && found;
    }, 'five channel_occupied');
    assert.equal(events.length, 5);
    const requests = listener.log.filter((r) => r.path === '/hooks' && JSON.parse(r.rawBody).events.some((e) => e.channel?.startsWith('batched-')));
    assert.ok(requests.length < 5, `batched: ${requests.length} requests for 5 events`);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});

test('without webhook_events, every kind but client_event is sent', async () => {
  const name = 'presence-default';
  const a = await client(hooksDefault, user('d1'));
  const b = await client(hooksDefault, user('d2'));
  try {
    await a.subscribe(name);
    const channel = await b.subscribe(name);
    channel.trigger('client-quiet', { x: 1 });
    await a.waitForEvent(name, 'client-quiet');
  } finally {
    await a.close();
    await b.close();
  }
  await waitForWebhook('/hooks-default', is('channel_vacated', name), 'channel_vacated');
  const events = webhookEvents(listener, '/hooks-default').filter((e) => e.channel === name);
  assert.deepEqual(events.map((e) => e.name).sort(), [
    'channel_occupied', 'channel_vacated', 'member_added', 'member_added', 'member_removed', 'member_removed',
  ]);
});

test('a listener answering 503 gets the same batch again after a backoff', async () => {
  const a = await client(hooksRetry);
  try {
    await a.subscribe('retried');
    const [first, second] = await listener.log.waitForCount((r) => r.path === '/hooks-retry', 2,
      'the failed webhook and its retry', 10000);
    assert.deepEqual(JSON.parse(second.rawBody).events, JSON.parse(first.rawBody).events);
    assert.ok(JSON.parse(first.rawBody).events.some(is('channel_occupied', 'retried')));
    assert.ok(second.at - first.at >= 500, `retried after a backoff (${second.at - first.at} ms)`);
    assert.equal(sdk(server, hooksRetry).webhook({ headers: second.headers, rawBody: second.rawBody }).isValid(), true);
  } finally {
    await a.close();
  }
  await waitForWebhook('/hooks-retry', is('channel_vacated', 'retried'), 'channel_vacated');
  const occupied = webhookEvents(listener, '/hooks-retry').filter(is('channel_occupied', 'retried'));
  assert.equal(occupied.length, 2, 'sent once, retried once, then never again');
});

test('a listener that never answers does not hold up delivery', async () => {
  const backend = sdk(server, hooksHang);
  const a = await client(hooksHang);
  const b = await client(hooksHang);
  try {
    await a.subscribe('stuck-1');
    await listener.log.waitFor((r) => r.path === '/hooks-hang', 'the held webhook');
    await b.subscribe('stuck-2');
    await a.subscribe('stuck-3');
    for (let i = 0; i < 5; ++i) await backend.trigger(['stuck-1', 'stuck-2', 'stuck-3'], 'flowing', { i });
    await a.log.waitForCount((e) => e.event === 'flowing', 10, 'events while the webhook hangs');
    await b.log.waitForCount((e) => e.event === 'flowing', 5, 'events while the webhook hangs');
    await sync(backend, 'stuck-2', [b]);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

/** The value of one unlabelled metric from GET /metrics. */
async function metric(name) {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} is exported`);
  return Number(line.split(' ')[1]);
}

test('GET /metrics counts Pusher connections, their frames and delivered webhooks', async () => {
  const before = await metric('herald_pusher_connections');
  const delivered = await metric('herald_pusher_webhooks_delivered_total');
  const a = await connect(server, hooks);
  const b = await connect(server, hooks);
  try {
    assert.equal(await metric('herald_pusher_connections'), before + 2);
    const pusherFrames = await metric('herald_frames_out_total{type="pusher"}');
    assert.ok(pusherFrames >= 2, 'connection_established frames count as type="pusher"');
    await a.subscribe('metrics-occupied');  // channel_occupied: one more webhook request
    assert.ok(await metric('herald_frames_out_total{type="pusher"}') > pusherFrames, 'and subscription_succeeded');
    await eventually(async () => (await metric('herald_pusher_webhooks_delivered_total')) > delivered,
      'a delivered webhook is counted');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
  await eventually(async () => (await metric('herald_pusher_connections')) === before, 'closed connections are not counted');
});
