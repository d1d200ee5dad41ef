// Herald's own HTTP endpoints (docs/http-api.md) against a real
// herald-server. Every request goes through checkedFetch, which fails on a
// status, header, Content-Type or body that docs/openapi.yaml does not
// document; the last test fails when a documented status never occurred.
//
// 503 and 500 are not driven here: they need a database that fails on
// demand. The C++ suites do that: tests/integration/storage_faults_test.cpp
// holds SQLite's write lock (this API answers 503 `unavailable` with
// Retry-After: 1, /readyz 503 after 1 s) and fills the disk under the
// server; tests/integration/mysql_test.cpp stops MariaDB. Their shapes are
// documented in docs/openapi.yaml all the same, and checkedFetch would check
// them like any other response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiKey, assertInvalid, checkedFetch, documentedResponses, notificationRequestSchema, observed, openApi,
  registerHeraldUser, startServer,
} from './support.mjs';

const PATH = '/api/v1/notifications';
/** websocketpp's limit on request bodies in herald-server (ServerOptions::max_http_body_bytes). */
const MAX_BODY_BYTES = 262144;

let server, alice, bob;

before(async () => {
  await openApi();  // a document that is not valid OpenAPI 3.1 fails here, before any server starts
  server = await startServer();
  alice = await registerHeraldUser(server, 'alice');
  bob = await registerHeraldUser(server, 'bob');
});

after(async () => {
  await server?.stop();
});

/** POST /api/v1/notifications with the server's key (or `headers` instead). */
function post(body, { headers = { Authorization: `Bearer ${apiKey}` }, to = server } = {}) {
  return checkedFetch('POST', PATH, { server: to, headers, body });
}

const note = (extra) => ({ title: 'Deploy finished', body: 'v2.4.1 is live', ...extra });

/** A 400 naming `field` with `code`; the request schema refuses the body too. */
async function assertFieldError(body, code, field) {
  const response = await post(body);
  assert.equal(response.status, 400, `${JSON.stringify(body).slice(0, 120)}: ${response.text}`);
  assert.equal(response.json.error, code);
  assert.equal(response.json.field, field);
  assertInvalid(await notificationRequestSchema(), body, 'the request body');
  return response;
}

test('201: "to" names users; a repeated id counts once', async () => {
  const before = Date.now();
  const response = await post(note({ kind: 'deploy', link: '/releases/2.4.1', to: [alice.id, bob.id, alice.id] }));
  assert.equal(response.status, 201);
  assert.equal(response.json.duplicate, false);
  assert.equal(response.json.recipients, 2);
  assert.ok(response.json.id >= 1);
  assert.ok(response.json.ts >= before - 1000 && response.json.ts <= Date.now() + 1000, `ts ${response.json.ts}`);
});

test('201: "everyone": true counts every user', async () => {
  const response = await post(note({ everyone: true, link: 'https://status.example.org/incidents/7' }));
  assert.equal(response.status, 201);
  assert.equal(response.json.recipients, 2);
});

test('201: without client_id every request is a new notification', async () => {
  const first = await post(note({ to: [bob.id] }));
  const second = await post(note({ to: [bob.id] }));
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.notEqual(first.json.id, second.json.id);
});

test('200: the same client_id again answers duplicate: true with the first id and ts, whatever the fields', async () => {
  const first = await post(note({ to: [alice.id], client_id: 'deploy-2.4.1' }));
  assert.equal(first.status, 201);
  const again = await post(note({ to: [alice.id], client_id: 'deploy-2.4.1' }));
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, { duplicate: true, id: first.json.id, ts: first.json.ts });
  const changed = await post({ title: 'Something else', body: '', everyone: true, client_id: 'deploy-2.4.1' });
  assert.equal(changed.status, 200);
  assert.deepEqual(changed.json, { duplicate: true, id: first.json.id, ts: first.json.ts });
});

test('400 malformed_json: not JSON, a JSON array, an empty body; no field', async () => {
  for (const body of ['{"title": "unterminated', '[{"title":"t","body":"b","everyone":true}]', '']) {
    const response = await post(body);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(response.json.error, 'malformed_json');
    assert.equal(response.json.field, undefined);
  }
});

test('400 missing_field: title, body, and neither to nor everyone', async () => {
  await assertFieldError({ body: 'b', everyone: true }, 'missing_field', 'title');
  await assertFieldError({ title: 't', everyone: true }, 'missing_field', 'body');
  await assertFieldError(note({}), 'missing_field', 'to');
  await assertFieldError(note({ to: [] }), 'missing_field', 'to');
  await assertFieldError(note({ everyone: false }), 'missing_field', 'to');
});

test('400 wrong_field_type names the field, with its index in "to"', async () => {
  await assertFieldError({ title: 5, body: 'b', everyone: true }, 'wrong_field_type', 'title');
  await assertFieldError(note({ to: alice.id }), 'wrong_field_type', 'to');
  await assertFieldError(note({ to: [alice.id, 1.5] }), 'wrong_field_type', 'to[1]');
  await assertFieldError(note({ everyone: 'yes' }), 'wrong_field_type', 'everyone');
});

test('400 text_too_long: title counts characters, link counts bytes', async () => {
  const atLimit = await post({ title: 'ł'.repeat(200), body: 'é'.repeat(4000), everyone: true });
  assert.equal(atLimit.status, 201);
  await assertFieldError({ title: 'ł'.repeat(201), body: 'b', everyone: true }, 'text_too_long', 'title');
  await assertFieldError({ title: 't', body: 'é'.repeat(4001), everyone: true }, 'text_too_long', 'body');
  const link = `https://example.org/${'a'.repeat(2048 - 20)}`;
  assert.equal(link.length, 2048);
  assert.equal((await post(note({ everyone: true, link }))).status, 201);
  await assertFieldError(note({ everyone: true, link: `${link}a` }), 'text_too_long', 'link');
});

test('400 invalid_field: kind, link, a non-positive id, client_id, too many recipients', async () => {
  await assertFieldError(note({ everyone: true, kind: 'Deploy' }), 'invalid_field', 'kind');
  await assertFieldError(note({ everyone: true, link: 'ftp://example.org/' }), 'invalid_field', 'link');
  await assertFieldError(note({ everyone: true, link: '//example.org/' }), 'invalid_field', 'link');
  await assertFieldError(note({ to: [alice.id, 0] }), 'invalid_field', 'to[1]');
  await assertFieldError(note({ to: [alice.id], client_id: 'has space' }), 'invalid_field', 'client_id');
  await assertFieldError(note({ to: [alice.id], client_id: 'x'.repeat(65) }), 'invalid_field', 'client_id');
  const many = Array.from({ length: 1001 }, (_, i) => i + 1);
  await assertFieldError(note({ to: many }), 'invalid_field', 'to');
});

test('400 conflicting_fields: to and everyone together', async () => {
  await assertFieldError(note({ to: [alice.id], everyone: true }), 'conflicting_fields', 'to');
});

test('400 too_deeply_nested and frame_too_large: the body as a whole; no field', async () => {
  const nested = await post(note({ everyone: true, extra: [[[[[[[[{}]]]]]]]] }));
  assert.equal(nested.status, 400);
  assert.equal(nested.json.error, 'too_deeply_nested');
  // A body at the size limit is read; as a frame it is over max_frame_bytes.
  const padded = JSON.stringify(note({ everyone: true, pad: '' }));
  const atLimit = padded.replace('"pad":""', `"pad":"${'x'.repeat(MAX_BODY_BYTES - padded.length)}"`);
  assert.equal(Buffer.byteLength(atLimit), MAX_BODY_BYTES);
  const large = await post(atLimit);
  assert.equal(large.status, 400);
  assert.equal(large.json.error, 'frame_too_large');
  assert.equal(large.json.field, undefined);
});

test('413: a body one byte over 262144 bytes; websocketpp answers with no body and no Content-Type', async () => {
  const body = JSON.stringify(note({ everyone: true, pad: 'x'.repeat(MAX_BODY_BYTES) }));
  const response = await post(body);
  assert.equal(response.status, 413);
  assert.equal(response.statusText, '');
  assert.equal(response.headers.get('content-type'), null);
  assert.equal(response.text, '');
  // From the headers alone: the key is not looked at.
  const unauthenticated = await post('x'.repeat(MAX_BODY_BYTES + 1), { headers: {} });
  assert.equal(unauthenticated.status, 413);
});

test('401 with WWW-Authenticate: Bearer: no header, a wrong key, another scheme', async () => {
  const cases = [
    {},
    { Authorization: `Bearer ${apiKey}x` },
    { Authorization: 'Bearer ' },
    { Authorization: `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}` },
  ];
  for (const headers of cases) {
    const response = await post(note({ everyone: true }), { headers });
    assert.equal(response.status, 401, JSON.stringify(headers));
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    assert.equal(response.json.error, 'unauthorized');
  }
});

test('the scheme name is case-insensitive (RFC 9110): "bearer" and "BEARER" work', async () => {
  for (const scheme of ['bearer', 'BEARER']) {
    const response = await post(note({ everyone: true }), { headers: { Authorization: `${scheme} ${apiKey}` } });
    assert.equal(response.status, 201, scheme);
  }
});

test('"client_id": null counts as absent: each such request is a new notification', async () => {
  const first = await post(note({ everyone: true, client_id: null }));
  const second = await post(note({ everyone: true, client_id: null }));
  assert.equal(first.status, 201, first.text);
  assert.equal(second.status, 201, second.text);
  assert.notEqual(first.json.id, second.json.id);
});

test('405 with Allow: POST for GET, before the key is checked', async () => {
  const response = await checkedFetch('GET', PATH, { server });
  assert.equal(response.status, 405);
  assert.equal(response.json.error, 'method_not_allowed');
  assert.equal(response.headers.get('allow'), 'POST');
});

test('422 unknown_recipient: one unknown id refuses the whole request, and nothing is stored', async () => {
  const missing = 987654;
  const refused = await post(note({ to: [alice.id, missing], client_id: 'refused-once' }));
  assert.equal(refused.status, 422);
  assert.deepEqual(refused.json, { error: 'unknown_recipient', field: 'to', message: `no users with ids ${missing}` });
  // Nothing was stored: the same client_id is still new.
  const retried = await post(note({ to: [alice.id], client_id: 'refused-once' }));
  assert.equal(retried.status, 201);
  assert.equal(retried.json.duplicate, false);
});

test('404 without --api-key, for POST (key or not) and GET', async () => {
  const off = await startServer({ key: null });
  try {
    for (const headers of [{ Authorization: `Bearer ${apiKey}` }, {}]) {
      const response = await post(note({ everyone: true }), { headers, to: off });
      assert.equal(response.status, 404);
      assert.equal(response.json.error, 'not_found');
    }
    const get = await checkedFetch('GET', PATH, { server: off });
    assert.equal(get.status, 404);
  } finally {
    await off.stop();
  }
});

test('GET /healthz: 200 "ok"', async () => {
  const response = await checkedFetch('GET', '/healthz', { server });
  assert.equal(response.status, 200);
  assert.equal(response.text, 'ok\n');
});

test('GET /readyz: 200 "ready" after a database round trip', async () => {
  const response = await checkedFetch('GET', '/readyz', { server });
  assert.equal(response.status, 200);
  assert.equal(response.text, 'ready\n');
});

test('GET /metrics: 200, Prometheus text with the metrics of docs/operations.md', async () => {
  const response = await checkedFetch('GET', '/metrics', { server });
  assert.equal(response.status, 200);
  for (const name of ['herald_connections', 'herald_frames_in_total', 'herald_storage_jobs_committed_total']) {
    assert.match(response.text, new RegExp(`^# TYPE ${name} `, 'm'), name);
  }
});

test('/healthz, /readyz and /metrics answer GET and HEAD; other methods get 405 with Allow: GET, HEAD', async () => {
  for (const path of ['/healthz', '/readyz', '/metrics']) {
    const response = await checkedFetch('POST', path, { server, body: '' });
    assert.equal(response.status, 405, path);
    assert.equal(response.headers.get('allow'), 'GET, HEAD', path);
  }
});

// Last: the suite and the document cannot drift apart.
test('every response in docs/openapi.yaml except 500 and 503 occurred in this run', async () => {
  const untested = (await documentedResponses()).filter((key) => !/ 50[03]$/.test(key) && !observed.has(key));
  assert.deepEqual(untested, [], `documented but never seen: ${untested.join('; ')}`);
});
