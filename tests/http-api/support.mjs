// Shared pieces of the HTTP API suite: a real herald-server, Herald users
// registered over the WebSocket protocol, and checkedFetch(), which checks
// every response against docs/openapi.yaml and records which documented
// statuses the suite has seen.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import WebSocket from 'ws';
import { spawnHeraldServer } from '../lib/herald_server.mjs';

export const root = resolve(import.meta.dirname, '../..');
export const openApiPath = join(root, 'docs/openapi.yaml');
export const apiKey = 'http-api-suite-key-0123456789abcdef';
const serverBinary = process.env.HERALD_SERVER_BINARY ?? resolve(import.meta.dirname, '../../build/native/backend/app/herald-server');

/** Generous wait for anything event-driven. */
export const TIMEOUT = 5000;

/**
 * Starts herald-server on a free port with a fresh SQLite database, with
 * `--api-key key` unless `key` is null. stop() also deletes the data folder.
 */
export async function startServer({ key = apiKey, extraArgs = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-http-api-'));
  const server = await spawnHeraldServer(serverBinary, [
    '--port', '0', '--data-dir', dataDir, '--password-cost', 'minimal', '--log-level', 'warn',
    ...(key === null ? [] : ['--api-key', key]), ...extraArgs,
  ]);
  return {
    ...server,
    dataDir,
    stop: async () => {
      const code = await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * A Herald account, registered over Herald's WebSocket protocol (welcome,
 * then register, answered by session): resolves with { id, username, token }.
 */
export async function registerHeraldUser(server, username, password = `password-${username}`) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/`);
  const frames = [];
  let wake = () => {};
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    wake();
  });
  const next = (predicate, what) => new Promise((resolveNext, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(frames)}`)), TIMEOUT);
    const check = () => {
      const found = frames.find(predicate);
      if (!found) return;
      clearTimeout(timer);
      resolveNext(found);
    };
    wake = check;
    check();
  });
  try {
    await new Promise((opened, failed) => { ws.once('open', opened); ws.once('error', failed); });
    await next((f) => f.type === 'welcome', 'welcome');
    ws.send(JSON.stringify({ v: 1, type: 'register', ref: 'r1', username, password }));
    const reply = await next((f) => f.ref === 'r1' || f.type === 'error', 'the reply to register');
    if (reply.type !== 'session') throw new Error(`register ${username} failed: ${JSON.stringify(reply)}`);
    return { id: reply.user.id, username: reply.user.username, token: reply.token };
  } finally {
    const closed = new Promise((done) => ws.once('close', done));
    ws.close();
    await closed;
  }
}

// --- the OpenAPI document -------------------------------------------------

let documentPromise;

/** docs/openapi.yaml, validated as OpenAPI 3.1 and dereferenced (no $ref left). */
export function openApi() {
  // validate() checks the document against the OpenAPI 3.1 schema and
  // resolves every $ref; it rejects a document that breaks either.
  documentPromise ??= SwaggerParser.validate(openApiPath);
  return documentPromise;
}

// OpenAPI 3.1 schemas are JSON Schema 2020-12. Strict mode turns a keyword
// Ajv does not know (a typo in the document) into an error; OpenAPI's
// annotation-only keywords are declared so they pass.
const ajv = new Ajv2020({ strictSchema: true, strictTypes: false, allErrors: true });
addFormats(ajv);
ajv.addKeyword({ keyword: 'example' });

/** Asserts that `value` is valid under `schema`; `what` names it in the failure. */
export function assertValid(schema, value, what) {
  const validate = ajv.compile(schema);
  if (validate(value)) return;
  assert.fail(`${what} does not match docs/openapi.yaml: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n` +
    `  value: ${JSON.stringify(value).slice(0, 500)}`);
}

/** Asserts that `value` is invalid under `schema` (the document refuses what the server refuses). */
export function assertInvalid(schema, value, what) {
  assert.equal(ajv.compile(schema)(value), false,
    `${what} is valid under docs/openapi.yaml, but the server refused it: ${JSON.stringify(value).slice(0, 300)}`);
}

/** The request body schema of POST /api/v1/notifications. */
export async function notificationRequestSchema() {
  const api = await openApi();
  return api.paths['/api/v1/notifications'].post.requestBody.content['application/json'].schema;
}

/** "text/plain;charset=UTF-8" and "text/plain; charset=utf-8" compare equal. */
function mediaType(value) {
  return value.toLowerCase().split(';').map((part) => part.trim()).join('; ');
}

function isJson(type) {
  return /^application\/([a-z0-9.+-]*\+)?json(;|$)/.test(type);
}

/** "POST /api/v1/notifications 201" for every response the suite has seen. */
export const observed = new Set();

const responseKey = (method, path, status) => `${method.toUpperCase()} ${path} ${status}`;

/** Every documented response, as responseKey strings. */
export async function documentedResponses() {
  const api = await openApi();
  const keys = [];
  for (const [path, item] of Object.entries(api.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== 'object' || !operation.responses) continue;
      for (const status of Object.keys(operation.responses)) keys.push(responseKey(method, path, status));
    }
  }
  return keys;
}

/**
 * One HTTP request to `server`, its response checked against
 * docs/openapi.yaml: the status must be listed for this path and method,
 * every header the document requires must be there and match its schema,
 * the Content-Type must be one of the response's media types (or absent
 * with an empty body when the document gives the response no content), and
 * the body must validate against that media type's schema. A request the
 * server accepted (2xx) must validate against the request body schema.
 *
 * `body`: a string is sent as it is; anything else as JSON (with
 * Content-Type: application/json). Resolves with { status, statusText,
 * headers, text, json }.
 */
export async function checkedFetch(method, path, { server, headers = {}, body } = {}) {
  assert.ok(server, 'checkedFetch needs { server }');
  const api = await openApi();
  const sent = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const requestHeaders = { ...headers };
  if (body !== undefined && typeof body !== 'string') requestHeaders['Content-Type'] ??= 'application/json';
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, { method, headers: requestHeaders, body: sent });
  const text = await response.text();
  const result = { status: response.status, statusText: response.statusText, headers: response.headers, text };
  const where = `${method} ${path} → ${response.status}`;

  const operation = api.paths[path]?.[method.toLowerCase()];
  assert.ok(operation, `${method} ${path} is not an operation of docs/openapi.yaml`);
  const documented = operation.responses[String(response.status)];
  assert.ok(documented, `${where}: docs/openapi.yaml lists only ${Object.keys(operation.responses).join(', ')} ` +
    `for ${method} ${path}; body: ${text.slice(0, 300)}`);
  // Recorded as soon as the status is known to be documented: a header or
  // body that does not match fails the test that made the request, and the
  // coverage test then reports only statuses that never occurred.
  observed.add(responseKey(method, path, response.status));

  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    const value = response.headers.get(name);
    if (value === null) {
      assert.ok(!header.required, `${where}: no ${name} header; docs/openapi.yaml requires it`);
      continue;
    }
    assertValid(header.schema, value, `${where}: header ${name}`);
  }

  const type = response.headers.get('content-type');
  if (!documented.content) {
    assert.equal(type, null, `${where}: a Content-Type (${type}); docs/openapi.yaml documents no body`);
    assert.equal(text, '', `${where}: a body; docs/openapi.yaml documents none`);
    return result;
  }
  // docs/http-api.md: every response with a body carries these.
  assert.equal(response.headers.get('connection'), 'close', `${where}: Connection`);
  assert.equal(response.headers.get('cache-control'), 'no-cache', `${where}: Cache-Control`);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', `${where}: X-Content-Type-Options`);
  assert.ok(type !== null, `${where}: no Content-Type; docs/openapi.yaml documents ${Object.keys(documented.content).join(', ')}`);
  const media = Object.keys(documented.content).find((key) => mediaType(key) === mediaType(type));
  assert.ok(media, `${where}: Content-Type ${type}; docs/openapi.yaml documents ${Object.keys(documented.content).join(', ')}`);
  let value = text;
  if (isJson(media)) {
    try {
      value = JSON.parse(text);
    } catch {
      assert.fail(`${where}: the body is not JSON: ${text.slice(0, 300)}`);
    }
    result.json = value;
  }
  assertValid(documented.content[media].schema, value, `${where}: the body`);

  if (response.ok && operation.requestBody && sent !== undefined) {
    const requestMedia = Object.keys(operation.requestBody.content).find(isJson);
    assertValid(operation.requestBody.content[requestMedia].schema, JSON.parse(sent),
      `${method} ${path}: the request the server accepted`);
  }
  return result;
}
