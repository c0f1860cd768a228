// Shared by the end-to-end files for the web features (offline, privacy, embed, share, lessons):
// where the build is, how Chromium is started, a page that records its errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const dist = process.env.LAYERLENS_DIST || path.join(root, 'dist');
export const artifacts = path.join(here, 'artifacts');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `${dist} is missing: run \`trunk build --release\` first`);
  fs.mkdirSync(artifacts, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A copy of the build in a temporary folder (a test may change it or stop serving it). */
export function copyOfDist() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-dist-'));
  fs.cpSync(dist, dir, { recursive: true });
  return dir;
}

/** A new page in `context` whose page errors and console errors are collected in `problems`. */
export async function newPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  return { page, problems };
}

/** Opens `url` and waits for the editor. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Dockerfile' }).waitFor({ timeout: 20000 });
}

/** Waits until the service worker controls the page (it has cached every file by then). */
export async function offlineReady(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 60000 });
}

/** The Image view's "Open image tar…" when this build has the Image view, else null. */
export async function imageView(page) {
  const tab = page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Image', exact: true });
  if (await tab.count() === 0) return null;
  await tab.click();
  await page.getByRole('button', { name: 'Open image tar…' }).waitFor({ timeout: 30000 });
  return page.getByLabel('Image tar file');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is true or `ms` pass; returns its last value. */
export async function until(check, ms = 10000) {
  const end = Date.now() + ms;
  let v;
  while (!(v = await check()) && Date.now() < end) await sleep(50);
  return v;
}
