// The web client in real Chromium against a real herald-server: two users
// register, chat, reload, receive notifications, and survive a server
// restart without losing anything sent meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clickAt, launchBrowser, makeWebRoot, notify, openClient, screenshot, startServer, intent, waitForState,
} from './support.mjs';

const polish = 'Zażółć gęślą jaźń';
const cyrillic = 'Съешь же ещё этих мягких французских булок';

let server, browser, alice, bob, webRoot, dataDir, aliceId, bobId;

before(async () => {
  webRoot = makeWebRoot();
  dataDir = mkdtempSync(join(tmpdir(), 'herald-e2e-data-'));
  server = await startServer({ webRoot, dataDir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const conversationWith = (s, peer) => s.conversations.find((c) => c.peer === peer);
const texts = (s, peer) => (conversationWith(s, peer)?.timeline ?? []).map((m) => m.text);

test('two pages register alice and bob', async () => {
  alice = await openClient(browser, server.url);
  bob = await openClient(browser, server.url);
  await screenshot(alice, '01-sign-in');
  await intent(alice, { intent: 'register', username: 'alice', password: 'password-alice' });
  await intent(bob, { intent: 'register', username: 'bob', password: 'password-bob' });
  aliceId = (await waitForState(alice, (s) => s.phase === 'ready', 'alice ready')).me.id;
  bobId = (await waitForState(bob, (s) => s.phase === 'ready', 'bob ready')).me.id;
  assert.notEqual(aliceId, bobId);
});

test('a third user registers by typing into the sign-in form', async () => {
  const carol = await openClient(browser, server.url);
  await waitForState(carol, (st) => st.phase === 'signed_out', 'the sign-in form');
  // The form is centred: username at y=163, password at y=209, Register at
  // the right half of the buttons' row (y=239), for a 1100-wide viewport.
  await carol.bringToFront();
  await clickAt(carol, 550, 163);
  await carol.keyboard.type('carol', { delay: 20 });
  await clickAt(carol, 550, 209);
  await carol.keyboard.type('password-carol', { delay: 20 });
  await clickAt(carol, 632, 239);
  const s = await waitForState(carol, (st) => st.phase === 'ready', 'carol registered through the form');
  assert.equal(s.me.username, 'carol');
  await screenshot(carol, '01b-carol-signed-in');
  await carol.context().close();
});

test('alice writes to bob, typing on the keyboard, and bob sees it', async () => {
  // The page being typed into is the front one: background pages get few
  // animation frames, and ImGui reads input once per frame.
  await alice.bringToFront();
  await intent(alice, { intent: 'open', peer: bobId, title: 'bob' });
  await alice.waitForTimeout(500);
  // Click into the composer (the bottom of the conversation pane) and type.
  await clickAt(alice, 700, 660);
  // Key events carry ASCII here; Playwright inserts other characters as
  // composed text, which Emscripten's GLFW does not deliver (see the closing
  // notes), so Polish and Cyrillic go through the test hook below.
  await alice.keyboard.type('Hello Bob, typed on a keyboard', { delay: 20 });
  await alice.waitForTimeout(200);
  await alice.keyboard.press('Enter', { delay: 60 });
  await waitForState(alice, (s) => texts(s, bobId).includes('Hello Bob, typed on a keyboard') &&
    conversationWith(s, bobId).timeline.every((m) => m.delivery === 'sent'), 'alice message sent');
  await intent(alice, { intent: 'send', peer: bobId, text: `Cześć Bob! ${polish}` });
  await intent(alice, { intent: 'send', peer: bobId, text: cyrillic });
  const atBob = await waitForState(bob, (s) => texts(s, aliceId).includes(cyrillic), 'bob receives');
  assert.deepEqual(texts(atBob, aliceId), ['Hello Bob, typed on a keyboard', `Cześć Bob! ${polish}`, cyrillic]);
  assert.equal(conversationWith(atBob, aliceId).unread, 3);
  await intent(bob, { intent: 'open', peer: aliceId, title: 'alice' });
  await waitForState(bob, (s) => conversationWith(s, aliceId).unread === 0, 'bob read it');
  await screenshot(bob, '02-bob-conversation');
});

test('bob reloads and sees the history', async () => {
  await bob.reload();
  await bob.waitForFunction(() => typeof Module === 'object' && Module.calledRun === true, null, { timeout: 60000 });
  await waitForState(bob, (s) => s.phase === 'ready', 'bob signed in again from the stored session');
  await intent(bob, { intent: 'open', peer: aliceId, title: 'alice' });
  const s = await waitForState(bob, (st) => texts(st, aliceId).length === 3, 'the history page after reload');
  assert.deepEqual(texts(s, aliceId), ['Hello Bob, typed on a keyboard', `Cześć Bob! ${polish}`, cyrillic]);
  await screenshot(bob, '03-bob-after-reload');
});

test('a notification from the HTTP API reaches both pages with the right unread count', async () => {
  const r = await notify(server.port, { title: 'Deploy finished', body: `v2 is live — ${polish}`, everyone: true });
  assert.equal(r.status, 201);
  for (const page of [alice, bob]) {
    const s = await waitForState(page, (st) => st.inbox.unread === 1, 'the notification');
    assert.equal(s.inbox.items[0].title, 'Deploy finished');
    assert.equal(s.toasts[0]?.title, 'Deploy finished');
  }
  await screenshot(alice, '04-alice-notification');
});

test('after a server restart both pages reconnect and receive what was sent meanwhile', async () => {
  const port = server.port;
  await server.stop();
  for (const page of [alice, bob]) await waitForState(page, (s) => s.phase !== 'ready', 'noticing the restart');
  server = await startServer({ webRoot, dataDir, port });
  // Sent while both pages are still disconnected (they back off before retrying).
  const r = await notify(port, { title: 'While you were away', body: cyrillic, to: [aliceId, bobId] });
  assert.equal(r.status, 201);
  for (const page of [alice, bob]) {
    const s = await waitForState(page, (st) => st.phase === 'ready' &&
      st.inbox.items.some((n) => n.title === 'While you were away'), 'the notification sent during the outage', 40000);
    assert.equal(s.inbox.unread, 2);
    assert.equal(s.inbox.items.filter((n) => n.title === 'While you were away').length, 1, 'exactly once');
  }
  await intent(bob, { intent: 'send', peer: aliceId, text: 'back online' });
  await waitForState(alice, (s) => texts(s, bobId).includes('back online'), 'chat works after the restart');
  await screenshot(alice, '05-alice-after-restart');
});
