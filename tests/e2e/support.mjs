// Shared pieces of the browser tests: a real herald-server process, Debian's
// Chromium through playwright-core, and the client's test hook
// (herald_state_json / herald_intent, exported by the WASM build).
import { spawnHeraldServer } from '../lib/herald_server.mjs';
import { mkdtempSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const outputDir = join(root, 'test-output', 'e2e');
export const apiKey = 'e2e-api-key-0123456789abcdef';

const serverBinary = process.env.HERALD_SERVER_BINARY ?? join(root, 'build/native/backend/app/herald-server');
const clientDir = process.env.HERALD_CLIENT_DIR ?? join(root, 'build/wasm/web-client');

/** A web root with index.html and the WASM client, as scripts/run makes it. */
export function makeWebRoot() {
  const dir = mkdtempSync(join(tmpdir(), 'herald-e2e-web-'));
  copyFileSync(join(root, 'index.html'), join(dir, 'index.html'));
  for (const file of ['herald_client.js', 'herald_client.wasm']) {
    const from = join(clientDir, file);
    if (!existsSync(from)) throw new Error(`${from} is missing: build the wasm preset first`);
    copyFileSync(from, join(dir, file));
  }
  return dir;
}

/** Starts herald-server; resolves once it prints its URL. */
export function startServer({ webRoot, dataDir, port = 0, extraArgs = [] }) {
  return spawnHeraldServer(serverBinary, [
    '--port', String(port), '--data-dir', dataDir, '--web-root', webRoot,
    '--api-key', apiKey, '--password-cost', 'minimal', '--log-level', 'warn', ...extraArgs,
  ]);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A page of the web client, loaded and running. */
export async function openClient(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(url);
  await page.waitForFunction(() => typeof Module === 'object' && typeof Module.ccall === 'function' &&
    Module.calledRun === true, null, { timeout: 60000 });
  return page;
}

/**
 * A click the way a person makes it: the press lasts a moment, and the next
 * input waits until ImGui has drawn a few frames and moved the keyboard focus
 * (keys typed in the same frame as the click go to the previous widget).
 */
export async function clickAt(page, x, y) {
  await page.waitForTimeout(150);
  await page.mouse.click(x, y, { delay: 60 });
  await page.waitForTimeout(250);
}

export async function state(page) {
  return JSON.parse(await page.evaluate(() => Module.ccall('herald_state_json', 'string', [], [])));
}

export async function intent(page, value) {
  const error = await page.evaluate((json) => Module.ccall('herald_intent', 'string', ['string'], [json]),
    JSON.stringify(value));
  if (error) throw new Error(`intent ${value.intent} refused: ${error}`);
}

/** Polls the client's state until `predicate` holds; returns that state. */
export async function waitForState(page, predicate, what, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await state(page);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(last).slice(0, 2000)}`);
}

export async function screenshot(page, name) {
  mkdirSync(outputDir, { recursive: true });
  const path = join(outputDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export async function notify(port, body) {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/notifications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
