// Resume (a Herald extension that unchanged Pusher clients never use): with
// history_seconds > 0, channel events carry "herald_position", and a subscribe
// with "herald_resume_from" replays what was published after that position.
// Raw WebSocket frames, since pusher-js has no way to send the extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, rawConnect, sdk, sdkChannelAuth, startServer } from './support.mjs';

const hist = { id: 'hist', key: 'hist-key', secret: 'hist-secret-0123456789', history_seconds: 120, history_max_events: 100 };
const small = { id: 'histsmall', key: 'histsmall-key', secret: 'histsmall-secret-0123456789', history_seconds: 120, history_max_events: 3 };
const none = { id: 'nohist', key: 'nohist-key', secret: 'nohist-secret-0123456789', history_seconds: 0 };

let server;

before(async () => {
  server = await startServer({ apps: [hist, small, none] });
});

after(async () => {
  await server?.stop();
});

/** Subscribes a raw socket (with `extra` in the subscribe data); resolves with subscription_succeeded. */
async function subscribed(socket, channel, extra = {}) {
  socket.subscribe(channel, extra);
  const answer = await socket.waitForSubscription(channel);
  assert.equal(answer.event, 'pusher_internal:subscription_succeeded', JSON.stringify(answer));
  return answer;
}

/** The `n` values of event `ev` frames on `channel`, in the order received. */
const values = (socket, channel) => socket.frames((f) => f.channel === channel && f.event === 'ev').map((f) => f.data.n);

async function waitForValue(socket, channel, n) {
  return socket.waitFor((f) => f.channel === channel && f.event === 'ev' && f.data.n === n, `event ${n} on ${channel}`);
}

test('events and subscription_succeeded carry a herald_position string', async () => {
  const backend = sdk(server, hist);
  const socket = await rawConnect(server, hist);
  try {
    const succeeded = await subscribed(socket, 'positions');
    assert.equal(typeof succeeded.herald_position, 'string');
    await backend.trigger('positions', 'ev', { n: 1 });
    await backend.trigger('positions', 'ev', { n: 2 });
    const e1 = await waitForValue(socket, 'positions', 1);
    const e2 = await waitForValue(socket, 'positions', 2);
    for (const e of [e1, e2]) {
      assert.equal(typeof e.herald_position, 'string');
      assert.ok(e.herald_position.length > 0);
    }
    assert.notEqual(e1.herald_position, e2.herald_position);
    assert.notEqual(e1.herald_position, succeeded.herald_position);
  } finally {
    await socket.close();
  }
});

test('resume: events 3 and 4 published while away arrive once, in order, then live events', async () => {
  const channel = 'resume-main';
  const backend = sdk(server, hist);
  const first = await rawConnect(server, hist);
  await subscribed(first, channel);
  await backend.trigger(channel, 'ev', { n: 1 });
  await backend.trigger(channel, 'ev', { n: 2 });
  const e2 = await waitForValue(first, channel, 2);
  assert.deepEqual(values(first, channel), [1, 2]);
  await first.close();

  await backend.trigger(channel, 'ev', { n: 3 });
  await backend.trigger(channel, 'ev', { n: 4 });

  const second = await rawConnect(server, hist);
  try {
    const succeeded = await subscribed(second, channel, { herald_resume_from: e2.herald_position });
    const e4 = await waitForValue(second, channel, 4);
    await backend.trigger(channel, 'ev', { n: 5 });
    await waitForValue(second, channel, 5);
    assert.deepEqual(values(second, channel), [3, 4, 5], 'exactly once, in order, then live');
    const frames = second.frames((f) => f.channel === channel);
    assert.equal(frames.indexOf(succeeded), 0, 'subscription_succeeded comes first');
    for (const f of frames.filter((x) => x.event === 'ev')) assert.equal(typeof f.herald_position, 'string');
    assert.equal(second.frames((f) => f.event === 'herald:resume_failed').length, 0);

    // A replayed event's position is itself a resume point.
    const third = await rawConnect(server, hist);
    try {
      await subscribed(third, channel, { herald_resume_from: e4.herald_position });
      await waitForValue(third, channel, 5);
      await backend.trigger(channel, 'ev', { n: 6 });
      await waitForValue(third, channel, 6);
      assert.deepEqual(values(third, channel), [5, 6]);
    } finally {
      await third.close();
    }
  } finally {
    await second.close();
  }
});

test('resume with herald_resume_socket_id skips events that were never sent to that socket', async () => {
  const channel = 'resume-excluded';
  const backend = sdk(server, hist);
  const first = await rawConnect(server, hist);
  const seen = (await subscribed(first, channel)).herald_position;
  // Published while `first` is still connected, but excluded from it
  // (socket_id), as Pusher does for the socket that caused an event.
  await backend.trigger(channel, 'ev', { n: 1 }, { socket_id: first.socketId });
  await backend.trigger(channel, 'ev', { n: 2 });
  await waitForValue(first, channel, 2);
  assert.deepEqual(values(first, channel), [2]);
  await first.close();

  const again = await rawConnect(server, hist);
  try {
    await subscribed(again, channel, { herald_resume_from: seen, herald_resume_socket_id: first.socketId });
    await waitForValue(again, channel, 2);
    await backend.trigger(channel, 'ev', { n: 3 });
    await waitForValue(again, channel, 3);
    assert.deepEqual(values(again, channel), [2, 3], 'event 1 was never sent to the old socket');
  } finally {
    await again.close();
  }
});

test('resume from subscription_succeeded\'s position replays what came after it', async () => {
  const channel = 'resume-from-subscribe';
  const backend = sdk(server, hist);
  const first = await rawConnect(server, hist);
  const { herald_position: position } = await subscribed(first, channel);
  await first.close();
  await backend.trigger(channel, 'ev', { n: 1 });
  const second = await rawConnect(server, hist);
  try {
    await subscribed(second, channel, { herald_resume_from: position });
    await waitForValue(second, channel, 1);
    await backend.trigger(channel, 'ev', { n: 2 });
    await waitForValue(second, channel, 2);
    assert.deepEqual(values(second, channel), [1, 2]);
  } finally {
    await second.close();
  }
});

test('resume from the latest position replays nothing', async () => {
  const channel = 'resume-nothing-missed';
  const backend = sdk(server, hist);
  const socket = await rawConnect(server, hist);
  await subscribed(socket, channel);
  await backend.trigger(channel, 'ev', { n: 1 });
  const e1 = await waitForValue(socket, channel, 1);
  await socket.close();
  const again = await rawConnect(server, hist);
  try {
    await subscribed(again, channel, { herald_resume_from: e1.herald_position });
    await backend.trigger(channel, 'ev', { n: 2 });
    await waitForValue(again, channel, 2);
    assert.deepEqual(values(again, channel), [2]);
    assert.equal(again.frames((f) => f.event === 'herald:resume_failed').length, 0);
  } finally {
    await again.close();
  }
});

test('resume on a private channel, with its auth', async () => {
  const channel = 'private-resume';
  const backend = sdk(server, hist);
  const first = await rawConnect(server, hist);
  await subscribed(first, channel, backend.authorizeChannel(first.socketId, channel));
  await backend.trigger(channel, 'ev', { n: 1 });
  const e1 = await waitForValue(first, channel, 1);
  await first.close();
  await backend.trigger(channel, 'ev', { n: 2 });
  const second = await rawConnect(server, hist);
  try {
    await subscribed(second, channel, {
      ...backend.authorizeChannel(second.socketId, channel), herald_resume_from: e1.herald_position,
    });
    await waitForValue(second, channel, 2);
    assert.deepEqual(values(second, channel), [2]);
  } finally {
    await second.close();
  }
});

test('a bogus position gets herald:resume_failed, and the subscription still works', async () => {
  const channel = 'resume-bogus';
  const backend = sdk(server, hist);
  await backend.trigger(channel, 'ev', { n: 1 });
  const socket = await rawConnect(server, hist);
  try {
    await subscribed(socket, channel, { herald_resume_from: 'no-such-position' });
    const failed = await socket.waitFor((f) => f.event === 'herald:resume_failed', 'herald:resume_failed');
    assert.equal(failed.channel, channel);
    assert.equal(typeof failed.data.reason, 'string');
    assert.ok(failed.data.reason.length > 0);
    await backend.trigger(channel, 'ev', { n: 2 });
    await waitForValue(socket, channel, 2);
    assert.deepEqual(values(socket, channel), [2], 'nothing replayed after a failed resume');
  } finally {
    await socket.close();
  }
});

test('a position older than what history_max_events keeps gets herald:resume_failed', async () => {
  const channel = 'resume-too-old';
  const backend = sdk(server, small);
  const first = await rawConnect(server, small);
  await subscribed(first, channel);
  await backend.trigger(channel, 'ev', { n: 1 });
  const e1 = await waitForValue(first, channel, 1);
  await first.close();
  for (let n = 2; n <= 6; ++n) await backend.trigger(channel, 'ev', { n });
  const second = await rawConnect(server, small);
  try {
    await subscribed(second, channel, { herald_resume_from: e1.herald_position });
    const failed = await second.waitFor((f) => f.event === 'herald:resume_failed', 'herald:resume_failed');
    assert.equal(failed.channel, channel);
    assert.equal(typeof failed.data.reason, 'string');
    // It must not pretend to have resumed: 2 and 3 are gone, so no partial replay without the failure.
    await backend.trigger(channel, 'ev', { n: 7 });
    await waitForValue(second, channel, 7);
  } finally {
    await second.close();
  }
});

test('history_seconds = 0: no herald_position anywhere', async () => {
  const backend = sdk(server, none);
  const socket = await rawConnect(server, none);
  try {
    const succeeded = await subscribed(socket, 'plain');
    assert.equal(succeeded.herald_position, undefined);
    await backend.trigger('plain', 'ev', { n: 1 });
    const e1 = await waitForValue(socket, 'plain', 1);
    assert.equal(e1.herald_position, undefined);
  } finally {
    await socket.close();
  }
});

test('pusher-js on an app with history works unchanged', async () => {
  const backend = sdk(server, hist);
  const client = await connect(server, hist, { channelAuthorization: sdkChannelAuth(backend) });
  try {
    const channel = await client.subscribe('private-pusher-js-history');
    const got = new Promise((resolveGot) => channel.bind('ev', resolveGot));
    await backend.trigger('private-pusher-js-history', 'ev', { n: 1 });
    assert.deepEqual(await got, { n: 1 });
  } finally {
    await client.close();
  }
});
