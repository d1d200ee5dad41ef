// Rooms in the browser, through the UI: alice creates a private room with
// "New" and invites bob from the room's "Invite" search, bob joins from his
// invitations, they talk in the room, and bob leaves with the header's
// "Leave" while alice watches the member count drop. Clicks are at the
// positions of a 1100x720 viewport (see the screenshots in test-output/e2e).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clickAt, launchBrowser, makeWebRoot, openClient, screenshot, startServer, intent, waitForState,
} from './support.mjs';

let server, browser;

before(async () => {
  server = await startServer({ webRoot: makeWebRoot(), dataDir: mkdtempSync(join(tmpdir(), 'herald-e2e-rooms-')) });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const roomNamed = (list, name) => list.find((r) => r.name === name);
const roomTexts = (s, room) => (s.conversations.find((c) => c.room === room)?.timeline ?? []).map((m) => m.text);

test('a private room: alice creates it and invites bob, bob joins, they talk, bob leaves', async () => {
  const alice = await openClient(browser, server.url);
  const bob = await openClient(browser, server.url);
  await intent(alice, { intent: 'register', username: 'alice', password: 'password-alice' });
  await intent(bob, { intent: 'register', username: 'bob', password: 'password-bob' });
  await waitForState(alice, (s) => s.phase === 'ready', 'alice ready');
  await waitForState(bob, (s) => s.phase === 'ready', 'bob ready');

  // Sidebar "New" -> the dialog has the name field focused; "Private"; "Create".
  await alice.bringToFront();
  await clickAt(alice, 173, 80);
  await alice.keyboard.type('launch-plan', { delay: 20 });
  await clickAt(alice, 378, 392);
  await screenshot(alice, 'rooms-01-new-room');
  await clickAt(alice, 394, 422);
  let s = await waitForState(alice, (st) => roomNamed(st.rooms, 'launch-plan') && st.open?.room !== undefined,
    'the new room, open');
  const room = roomNamed(s.rooms, 'launch-plan');
  assert.equal(room.visibility, 'private');
  assert.equal(room.members, 1);
  assert.equal(s.open.room, room.id, 'the new room opens');
  assert.equal(s.conversations.find((c) => c.room === room.id)?.title, 'launch-plan');

  // Header "Invite" -> type a name -> pick bob from the matches -> "Done".
  await clickAt(alice, 1009, 49);
  await alice.keyboard.type('bob', { delay: 20 });
  await alice.waitForTimeout(500);
  await screenshot(alice, 'rooms-02-invite');
  await clickAt(alice, 380, 379);
  s = await waitForState(bob, (st) => roomNamed(st.invitations, 'launch-plan'), 'bob invited');
  await clickAt(alice, 389, 406);
  assert.equal(roomNamed(s.invitations, 'launch-plan').id, room.id);
  assert.equal(s.rooms.length, 0, 'not a member before joining');
  assert.equal(s.discoverable.length, 0, 'a private room is never offered to everyone');

  // Bob's sidebar: "Invitations" -> "Join".
  await bob.bringToFront();
  await screenshot(bob, 'rooms-03-bob-invited');
  await clickAt(bob, 120, 164);
  s = await waitForState(bob, (st) => st.rooms.some((r) => r.id === room.id) && st.open?.room === room.id,
    'bob in the room');
  assert.equal(s.invitations.length, 0, 'the invitation is gone once joined');
  assert.equal(s.conversations.find((c) => c.room === room.id)?.title, 'launch-plan');
  await waitForState(alice, (st) => st.rooms.find((r) => r.id === room.id)?.members === 2, 'alice sees 2 members');

  await intent(alice, { intent: 'send', room: room.id, text: 'Welcome, Bob: the plan is in the room' });
  await waitForState(bob, (st) => roomTexts(st, room.id).includes('Welcome, Bob: the plan is in the room'),
    'bob receives the room message');
  await intent(bob, { intent: 'send', room: room.id, text: 'Thanks, Alice!' });
  s = await waitForState(alice, (st) => roomTexts(st, room.id).includes('Thanks, Alice!'), 'alice gets the reply');
  assert.deepEqual(roomTexts(s, room.id), ['Welcome, Bob: the plan is in the room', 'Thanks, Alice!']);
  await bob.waitForTimeout(300);
  await screenshot(bob, 'rooms-04-bob-in-the-room');

  // Bob's header "Leave" -> the confirmation's "Leave".
  await clickAt(bob, 1066, 49);
  await screenshot(bob, 'rooms-05-bob-leaving');
  await clickAt(bob, 376, 393);
  s = await waitForState(bob, (st) => !st.rooms.some((r) => r.id === room.id), 'bob left');
  assert.equal(s.conversations.some((c) => c.room === room.id), false, 'the room conversation is gone');
  assert.equal(s.invitations.length, 0, 'leaving is not an invitation');
  assert.equal(s.open, undefined, 'nothing is open any more');
  s = await waitForState(alice, (st) => st.rooms.find((r) => r.id === room.id)?.members === 1,
    'alice sees the member count drop');
  await alice.bringToFront();
  await alice.waitForTimeout(300);
  await screenshot(alice, 'rooms-06-alice-after-bob-left');
});
