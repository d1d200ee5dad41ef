// Shared pieces of the Pusher compatibility suite: a real herald-server with
// Pusher apps, the unchanged pusher-js client and pusher server SDK pointed at
// it, raw WebSocket connections (ws) for protocol-level checks, a webhook
// listener, and the Herald calls the "Herald meets Pusher" tests need.
import { spawnHeraldServer } from '../lib/herald_server.mjs';
import { createHash, createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import PusherClient from 'pusher-js';
import PusherServer from 'pusher';
import WebSocket from 'ws';

export { PusherClient, PusherServer, WebSocket };

export const root = resolve(import.meta.dirname, '../..');
export const apiKey = 'pusher-compat-api-key-0123456789';
const serverBinary = process.env.HERALD_SERVER_BINARY ?? join(root, 'build/native/backend/app/herald-server');

/** Generous wait for anything event-driven. */
export const TIMEOUT = 5000;

/** The app given with --pusher-app (it serves Herald's users when a test adds --pusher-herald-users). */
export const mainApp = { id: '1001', key: 'main-key', secret: 'main-secret-0123456789' };

// pusher-js logs auth failures and refused connections on its own; the tests
// look at events, not at the console.
PusherClient.log = () => {};

/** A TOML value: strings, numbers, booleans and arrays of those. */
function tomlValue(value) {
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/**
 * The config file with one [pusher_app.ID] section per app:
 * apps = [{ id, key, secret, ...settings }].
 */
export function writeConfig(dir, apps) {
  const lines = [];
  for (const { id, key, secret, ...settings } of apps) {
    lines.push(`[pusher_app.${id}]`, `key = ${tomlValue(key)}`, `secret = ${tomlValue(secret)}`);
    for (const [name, value] of Object.entries(settings)) lines.push(`${name} = ${tomlValue(value)}`);
    lines.push('');
  }
  const path = join(dir, 'herald.toml');
  writeFileSync(path, lines.join('\n'));
  return path;
}

/**
 * Starts herald-server with the main app on the command line and `apps` in
 * its config file; resolves once it prints its URL.
 */
export async function startServer({ apps = [], extraArgs = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-pusher-compat-'));
  const config = writeConfig(dataDir, apps);
  const server = await spawnHeraldServer(serverBinary, [
    '--port', '0', '--data-dir', dataDir, '--password-cost', 'minimal', '--log-level', 'warn',
    '--api-key', apiKey, '--pusher-app', `${mainApp.id}:${mainApp.key}:${mainApp.secret}`,
    '--config', config, ...extraArgs,
  ]);
  return { ...server, dataDir };
}

/**
 * A list that fills up as things happen, with waits on it: every pusher-js
 * client, raw socket and webhook listener records into one.
 */
export class EventLog {
  constructor() {
    this.items = [];
    this.waiters = new Set();
  }

  push(item) {
    this.items.push(item);
    for (const waiter of [...this.waiters]) waiter();
  }

  filter(predicate) { return this.items.filter(predicate); }
  count(predicate) { return this.items.filter(predicate).length; }

  /** Resolves with the first item (past or future) for which predicate holds. */
  waitFor(predicate, what, timeout = TIMEOUT) {
    return this.waitForCount(predicate, 1, what, timeout).then((found) => found[0]);
  }

  /** Resolves with the first `n` items for which predicate holds. */
  waitForCount(predicate, n, what, timeout = TIMEOUT) {
    return new Promise((resolveWait, reject) => {
      const check = () => {
        const found = this.items.filter(predicate);
        if (found.length < n) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolveWait(found.slice(0, n));
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const recent = this.items.slice(-15).map((item) => JSON.stringify(item).slice(0, 400));
        reject(new Error(`timed out after ${timeout} ms waiting for ${what}; ` +
          `saw ${this.items.length} items, the last ones:\n  ${recent.join('\n  ')}`));
      }, timeout);
      if (!check()) this.waiters.add(check);
    });
  }
}

/** The pusher SDK for an app of the server. */
export function sdk(server, app, overrides = {}) {
  return new PusherServer({
    appId: app.id, key: app.key, secret: app.secret,
    host: '127.0.0.1', port: String(server.port), useTLS: false, ...overrides,
  });
}

/** pusher-js's channelAuthorization, the way an app's auth endpoint answers: with the SDK. */
export function sdkChannelAuth(backend, presenceData) {
  return {
    customHandler: ({ socketId, channelName }, callback) => {
      try {
        const data = channelName.startsWith('presence-') ? presenceData : undefined;
        callback(null, backend.authorizeChannel(socketId, channelName, data));
      } catch (error) {
        callback(error, null);
      }
    },
  };
}

/** pusher-js's userAuthentication, answered with the SDK's authenticateUser. */
export function sdkUserAuth(backend, user) {
  return {
    customHandler: ({ socketId }, callback) => {
      try {
        callback(null, backend.authenticateUser(socketId, user));
      } catch (error) {
        callback(error, null);
      }
    },
  };
}

/**
 * A pusher-js client (the Node build, unchanged) on `app` of the server.
 * Every frame it receives lands in `log` (data already parsed by pusher-js),
 * connection errors (pusher:error frames and close codes) in `errors`.
 */
export class Client {
  constructor(server, app, options = {}) {
    this.pusher = new PusherClient(app.key, {
      cluster: 'herald', wsHost: '127.0.0.1', wsPort: server.port, forceTLS: false,
      enabledTransports: ['ws'], disableStats: true, ...options,
    });
    this.log = new EventLog();
    this.errors = new EventLog();
    this.states = new EventLog();
    this.pusher.connection.bind('message', (event) => this.log.push(event));
    this.pusher.connection.bind('error', (error) => this.errors.push(error));
    this.pusher.connection.bind('state_change', (change) => this.states.push(change));
  }

  get socketId() { return this.pusher.connection.socket_id; }
  get state() { return this.pusher.connection.state; }

  async connected() {
    await this.states.waitFor((s) => s.current === 'connected', 'pusher-js to connect');
    return this;
  }

  /**
   * pusher.signin(), resolved once the user's events can arrive: after
   * signin_success pusher-js subscribes to #server-to-user-{id} on its own,
   * and an event sent to the user before that subscription succeeds reaches
   * nobody (as on Pusher), so both answers are waited for.
   */
  async signIn() {
    this.pusher.signin();
    const success = await this.log.waitFor((e) => e.event === 'pusher:signin_success', 'pusher:signin_success');
    const channel = `#server-to-user-${JSON.parse(success.data.user_data).id}`;
    await this.log.waitFor((e) => e.channel === channel && e.event === 'pusher_internal:subscription_succeeded',
      `the subscription to ${channel}`);
    return success;
  }

  /** Subscribes; resolves with the channel once subscription_succeeded, throws on subscription_error. */
  subscribe(name) {
    const channel = this.pusher.subscribe(name);
    return new Promise((resolveSubscribe, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to the subscription of ${name}`)), TIMEOUT);
      channel.bind('pusher:subscription_succeeded', () => { clearTimeout(timer); resolveSubscribe(channel); });
      channel.bind('pusher:subscription_error', (error) => {
        clearTimeout(timer);
        reject(Object.assign(new Error(`subscription to ${name} refused: ${JSON.stringify(error)}`), { data: error }));
      });
    });
  }

  /** Subscribes expecting a refusal; resolves with pusher:subscription_error's data. */
  subscribeRefused(name) {
    return this.subscribe(name).then(
      () => { throw new Error(`subscription to ${name} succeeded; a refusal was expected`); },
      (error) => {
        if (!error.data) throw error;
        return error.data;
      },
    );
  }

  /** Frames of event `event` on `channel` received so far. */
  events(channel, event) {
    return this.log.filter((e) => e.channel === channel && e.event === event);
  }

  waitForEvent(channel, event, predicate = () => true, timeout = TIMEOUT) {
    return this.log.waitFor((e) => e.channel === channel && e.event === event && predicate(e),
      `${event} on ${channel}`, timeout);
  }

  disconnect() {
    this.pusher.disconnect();
  }

  /** Disconnects and resolves once pusher-js reports the connection gone. */
  async close() {
    if (this.state === 'disconnected' || this.state === 'failed') return;
    const gone = this.states.waitFor((s) => s.current === 'disconnected', 'pusher-js to disconnect');
    this.pusher.disconnect();
    await gone;
  }
}

/**
 * The Pusher code in a pusher-js connection error: a pusher:error frame or a
 * close code, at the top ({type:'PusherError', data}) or wrapped during the
 * handshake ({type:'WebSocketError', error:{type:'PusherError', data}}).
 */
export function errorCode(error) {
  return error?.data?.code ?? error?.error?.data?.code;
}

/** Connects a pusher-js client and waits until it is connected. */
export async function connect(server, app, options = {}) {
  return new Client(server, app, options).connected();
}

/**
 * A nonce event through the HTTP API on `channel`, waited for on every client
 * given: every frame the server sent those clients on that channel before it
 * has arrived, so "X did not happen" can be checked without sleeping.
 */
let syncCounter = 0;
export async function sync(backend, channel, clients) {
  const nonce = `sync-${process.pid}-${++syncCounter}`;
  await backend.trigger(channel, 'sync', { nonce });
  await Promise.all(clients.map((client) => (client instanceof RawSocket
    ? client.waitFor((f) => f.event === 'sync' && f.channel === channel && f.data?.nonce === nonce, `sync on ${channel}`)
    : client.waitForEvent(channel, 'sync', (e) => e.data?.nonce === nonce))));
  return nonce;
}

/** The URL pusher-js would open, for raw sockets. */
export function appUrl(server, key, query = 'protocol=7&client=js&version=8.4.0') {
  return `ws://127.0.0.1:${server.port}/app/${key}?${query}`;
}

/**
 * A raw WebSocket (the ws package) that records every frame, parsed, with
 * `data` decoded when it is a JSON string (`rawData` keeps what was sent).
 */
export class RawSocket {
  /** `options` go to the `ws` package (e.g. { autoPong: false }: never answer pings). */
  constructor(url, options = {}) {
    this.ws = new WebSocket(url, options);
    this.log = new EventLog();
    this.texts = [];
    this.opened = new Promise((resolveOpen, reject) => {
      this.ws.once('open', resolveOpen);
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolveClose) => {
      this.ws.once('close', (code, reason) => resolveClose({ code, reason: reason.toString() }));
    });
    this.opened.catch(() => {});
    this.ws.on('error', (error) => { this.error = error; });
    this.ws.on('message', (data) => {
      const text = data.toString();
      this.texts.push(text);
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = { unparsable: text };
      }
      if (typeof frame.data === 'string') {
        frame.rawData = frame.data;
        try { frame.data = JSON.parse(frame.data); } catch { /* a plain string */ }
      }
      this.log.push(frame);
    });
  }

  send(frame) { this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)); }
  waitFor(predicate, what, timeout) { return this.log.waitFor(predicate, what, timeout); }
  frames(predicate = () => true) { return this.log.filter(predicate); }

  /** Resolves with the socket id from pusher:connection_established. */
  async established() {
    const frame = await this.waitFor((f) => f.event === 'pusher:connection_established', 'connection_established');
    this.socketId = frame.data.socket_id;
    return frame;
  }

  subscribe(channel, extra = {}) {
    this.send({ event: 'pusher:subscribe', data: { channel, ...extra } });
  }

  waitForSubscription(channel) {
    return this.waitFor((f) => f.channel === channel &&
      ['pusher_internal:subscription_succeeded', 'pusher:subscription_error'].includes(f.event) ||
      (f.event === 'pusher:error' && !f.channel), `the answer to the subscription of ${channel}`);
  }

  /** A pusher:ping answered by pusher:pong: every earlier frame of this socket was handled. */
  async roundTrip() {
    const before = this.log.count((f) => f.event === 'pusher:pong');
    this.send({ event: 'pusher:ping', data: {} });
    await this.log.waitForCount((f) => f.event === 'pusher:pong', before + 1, 'pusher:pong');
  }

  close() {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}

/** Opens a raw socket to `app` and waits for connection_established. */
export async function rawConnect(server, app, query) {
  const socket = new RawSocket(appUrl(server, app.key, query));
  await socket.established();
  return socket;
}

/** Resolves with { code, reason } when the socket closes, failing after `timeout`. */
export function closeOf(socket, timeout = TIMEOUT) {
  let timer;
  return Promise.race([
    socket.closed,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the socket stayed open for ${timeout} ms`)), timeout);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A signed HTTP API request built by hand (Pusher's "auth_signature" scheme),
 * so the tests can sign with a chosen timestamp or send a body the SDK would
 * never produce. Resolves with { status, text, json }.
 */
export async function signedRequest(server, app, { method, path, params = {}, body, timestamp, secret = app.secret }) {
  const query = {
    auth_key: app.key,
    auth_timestamp: String(timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: '1.0',
    ...params,
  };
  if (body !== undefined) query.body_md5 = createHash('md5').update(body).digest('hex');
  const sorted = Object.keys(query).sort().map((k) => `${k}=${query[k]}`).join('&');
  const signature = createHmac('sha256', secret).update(`${method}\n${path}\n${sorted}`).digest('hex');
  const url = `http://127.0.0.1:${server.port}${path}?${sorted}&auth_signature=${signature}`;
  const response = await fetch(url, {
    method, body, headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, text, json };
}

/** Runs an SDK call that must fail; resolves with the SDK's RequestError. */
export async function rejection(promise) {
  try {
    const response = await promise;
    throw Object.assign(new Error(`the request succeeded with ${response.status}; a failure was expected`), {
      succeeded: true,
    });
  } catch (error) {
    if (error.succeeded) throw error;
    if (!(error instanceof PusherServer.RequestError)) throw error;
    return error;
  }
}

/**
 * A local HTTP listener for webhooks: every request lands in `log` as
 * { path, headers, rawBody, at }. `respond(request)` picks the status (200).
 */
export async function startWebhookListener() {
  const log = new EventLog();
  const listener = { log, respond: () => 200, held: [] };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const request = { path: req.url, method: req.method, headers: req.headers, rawBody: Buffer.concat(chunks).toString(), at: Date.now() };
      log.push(request);
      const status = listener.respond(request);
      if (status === 'hold') {
        listener.held.push(res);
        return;
      }
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  listener.port = server.address().port;
  listener.url = (path) => `http://127.0.0.1:${listener.port}${path}`;
  listener.stop = () => new Promise((done) => {
    for (const res of listener.held) res.destroy();
    server.closeAllConnections?.();
    server.close(() => done());
  });
  return listener;
}

/** The events of every webhook request to `path` so far, in order of arrival. */
export function webhookEvents(listener, path) {
  return listener.log.filter((r) => r.path === path).flatMap((r) => JSON.parse(r.rawBody).events);
}

/**
 * A Herald account over Herald's own WebSocket protocol: resolves with
 * { id, username, token }.
 */
export async function registerHeraldUser(server, username, password = `password-${username}`) {
  const socket = new RawSocket(`ws://127.0.0.1:${server.port}/`);
  try {
    await socket.waitFor((f) => f.type === 'welcome', 'Herald welcome');
    socket.send({ v: 1, type: 'register', ref: 'r1', username, password });
    const reply = await socket.waitFor((f) => f.ref === 'r1' || f.type === 'error', 'the reply to register');
    if (reply.type !== 'session') throw new Error(`register ${username} failed: ${JSON.stringify(reply)}`);
    return { id: reply.user.id, username: reply.user.username, token: reply.token };
  } finally {
    await socket.close();
  }
}

/** POST /api/v1/notifications with the server's API key. */
export async function notify(server, body) {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/v1/notifications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** A form POST the way pusher-js's ajax authorizer sends it. */
export async function postForm(server, path, form, token) {
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: 'POST', headers, body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, text, json };
}

/** The body of a successful SDK response, as JSON. */
export async function json(responsePromise) {
  const response = await responsePromise;
  return response.json();
}

/**
 * Polls `check` (sync or async) until it returns a truthy value, which it
 * resolves with; for state the server changes on its own time (a closed
 * connection's subscriptions) and that no event announces.
 */
export async function eventually(check, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${last}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** subscription_count of a channel through the HTTP API (0 when unoccupied). */
export async function subscriptionCount(backend, channel) {
  const info = await (await backend.get({ path: `/channels/${channel}`, params: { info: 'subscription_count' } })).json();
  return info.occupied ? info.subscription_count : 0;
}
