// Herald meets Pusher in a real browser: the unchanged pusher-js web build,
// on a page of another origin (http://localhost:PORT) than herald-server's
// endpoints (http://127.0.0.1:PORT), signs a Herald user's private channel
// through herald-server's /pusher/auth with the user's session token, and
// receives that user's Herald notification there. Chromium enforces CORS:
// the same page cannot read the HTTP API, which is for app servers only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, makeWebRoot, notify, root, startServer } from './support.mjs';

const app = { id: '1001', key: 'e2e-pusher-key', secret: 'e2e-pusher-secret-0123456789' };
let server, browser;

before(async () => {
  server = await startServer({
    webRoot: makeWebRoot(), dataDir: mkdtempSync(join(tmpdir(), 'herald-e2e-pusher-')),
    extraArgs: ['--pusher-app', `${app.id}:${app.key}:${app.secret}`, '--pusher-herald-users'],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** In the page: registers a Herald user over Herald's own WebSocket protocol; resolves with {id, token}. */
function registerInPage(page, port, username) {
  return page.evaluate(([port, username]) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    ws.onerror = () => reject(new Error('the Herald WebSocket failed'));
    ws.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      if (frame.type === 'welcome')
        ws.send(JSON.stringify({ v: 1, type: 'register', ref: 'r', username, password: `password-${username}` }));
      else if (frame.ref === 'r' && frame.type === 'session') { ws.close(); resolve({ id: frame.user.id, token: frame.token }); }
      else if (frame.type === 'error') reject(new Error(JSON.stringify(frame)));
    };
  }), [port, username]);
}

test('pusher-js on another origin signs a Herald user\'s channel via /pusher/auth and gets the notification', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`http://localhost:${server.port}/healthz`);
    await page.addScriptTag({ path: join(root, 'tests/e2e/node_modules/pusher-js/dist/web/pusher.min.js') });
    const user = await registerInPage(page, server.port, 'dana');

    const subscribed = await page.evaluate(([port, key, user]) => new Promise((resolve) => {
      const pusher = new Pusher(key, {
        cluster: 'herald', wsHost: '127.0.0.1', wsPort: port, forceTLS: false, enabledTransports: ['ws'],
        disableStats: true,
        channelAuthorization: {
          endpoint: `http://127.0.0.1:${port}/pusher/auth`, headers: { Authorization: `Bearer ${user.token}` },
        },
      });
      window.received = [];
      const channel = pusher.subscribe(`private-herald-user-${user.id}`);
      channel.bind('herald:notification', (data) => window.received.push(data));
      channel.bind('pusher:subscription_succeeded', () => resolve('subscribed'));
      channel.bind('pusher:subscription_error', (error) => resolve(`refused: ${JSON.stringify(error)}`));
    }), [server.port, app.key, user]);
    assert.equal(subscribed, 'subscribed', 'the cross-origin auth request went through');

    const sent = await notify(server.port, { to: [user.id], title: 'Build finished', body: 'all green' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await page.waitForFunction(() => window.received.length > 0, null, { timeout: 10000 });
    const [notification] = await page.evaluate(() => window.received);
    assert.equal(notification.title, 'Build finished');

    // Chromium withholds replies without CORS headers: the HTTP API stays closed to pages.
    const apiRead = await page.evaluate((port) => fetch(`http://127.0.0.1:${port}/apps/1001/channels`)
      .then((r) => `read ${r.status}`, (error) => `blocked: ${error.name}`), server.port);
    assert.equal(apiRead, 'blocked: TypeError');
  } finally {
    await context.close();
  }
});
