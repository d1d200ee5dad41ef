// End-to-end encrypted channels (private-encrypted-): the SDK encrypts with
// the app's master key, pusher-js (given tweetnacl, as Pusher's docs say for
// Node) decrypts with the shared_secret its auth endpoint returned, and
// Herald relays ciphertext it has no key for. Subscriptions need a signature
// like private- channels; client events are refused, as on Pusher.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { connect, rawConnect, sdk, sdkChannelAuth, startServer } from './support.mjs';

const app = {
  id: 'vault', key: 'vault-key', secret: 'vault-secret-0123456789', enable_client_messages: true,
};
const masterKey = randomBytes(32).toString('base64');

let server, backend;

before(async () => {
  server = await startServer({ apps: [app] });
  backend = sdk(server, app, { encryptionMasterKeyBase64: masterKey });
});

after(async () => {
  await server?.stop();
});

const encryptedClient = () => connect(server, app, { nacl, channelAuthorization: sdkChannelAuth(backend) });

test('encrypted channel: pusher-js decrypts what the SDK encrypted; the server only ever carries ciphertext', async () => {
  const channel = 'private-encrypted-ledger';
  const a = await encryptedClient();
  const raw = await rawConnect(server, app);
  try {
    const subscribed = await a.subscribe(channel);
    raw.subscribe(channel, { auth: backend.authorizeChannel(raw.socketId, channel).auth });
    assert.equal((await raw.waitForSubscription(channel)).event, 'pusher_internal:subscription_succeeded');

    const secret = { account: 'acct-7731', amount: 4242, note: 'Zażółć gęślą jaźń' };
    const decrypted = new Promise((resolveGot) => subscribed.bind('transfer', resolveGot));
    await backend.trigger(channel, 'transfer', secret);
    assert.deepEqual(await decrypted, secret);

    const relayed = await raw.waitFor((f) => f.channel === channel && f.event === 'transfer', 'the relayed frame');
    assert.equal(typeof relayed.data.ciphertext, 'string');
    assert.equal(typeof relayed.data.nonce, 'string');
    for (const plain of ['acct-7731', '4242', 'amount', 'gęślą'])
      assert.ok(!relayed.rawData.includes(plain), `"${plain}" is not in what the server relayed`);
  } finally {
    await Promise.all([a.close(), raw.close()]);
  }
});

test('encrypted channel: a subscription without a valid signature is refused with 401', async () => {
  const raw = await rawConnect(server, app);
  try {
    raw.subscribe('private-encrypted-a');
    const unsigned = await raw.waitForSubscription('private-encrypted-a');
    assert.equal(unsigned.event, 'pusher:subscription_error');
    assert.equal(unsigned.data.status, 401);

    const forOther = backend.authorizeChannel(raw.socketId, 'private-encrypted-b').auth;
    raw.subscribe('private-encrypted-c', { auth: forOther });
    const wrong = await raw.waitForSubscription('private-encrypted-c');
    assert.equal(wrong.event, 'pusher:subscription_error');
    assert.equal(wrong.data.status, 401);
  } finally {
    await raw.close();
  }
});

test('encrypted channel: client events are refused and reach nobody, even on an app that allows them', async () => {
  const channel = 'private-encrypted-chat';
  const sender = await rawConnect(server, app);
  const a = await encryptedClient();
  try {
    const subscribed = await a.subscribe(channel);
    sender.subscribe(channel, { auth: backend.authorizeChannel(sender.socketId, channel).auth });
    await sender.waitForSubscription(channel);
    sender.send({ event: 'client-plaintext', channel, data: { leaked: true } });
    const refusal = await sender.waitFor((f) => f.event === 'pusher:error', 'pusher:error');
    assert.equal(refusal.data.code, null);
    assert.match(refusal.data.message, /encrypted/);
    // An event after the refusal, decrypted by pusher-js: everything the
    // server sent a before it has arrived.
    const marker = new Promise((resolveMarker) => subscribed.bind('marker', resolveMarker));
    await backend.trigger(channel, 'marker', {});
    await marker;
    assert.equal(a.events(channel, 'client-plaintext').length, 0);
  } finally {
    await Promise.all([a.close(), sender.close()]);
  }
});
