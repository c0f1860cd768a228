// End-to-end: layerlens works offline after one visit (the service worker, static/sw.js), and a
// new version is fetched in the background, announced, and used from the next visit on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { dockerSave, tar } from './tars.mjs';
import { launch, copyOfDist, newPage, openApp, offlineReady, imageView, artifacts, until } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function stop(server) {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

test('after one visit the app works with the network off: a Dockerfile, Debian\'s table, lessons, an image tar', async (t) => {
  const dir = copyOfDist();
  const server = await serve(dir, 0);
  t.after(() => { if (server.listening) return stop(server); });
  const base = `http://127.0.0.1:${server.address().port}/`;
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  await offlineReady(page);
  // Installable: Chromium finds nothing missing (manifest, icons, a service worker that serves).
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // (Playwright's contexts are incognito profiles, where nothing is installed: that one is expected.)
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), [], 'Chromium would offer to install it');
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);

  // The network off, twice over: the DevTools protocol, and no server any more.
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await stop(server);
  await page.reload();
  const editor = page.getByRole('textbox', { name: 'Dockerfile' });
  await editor.waitFor({ timeout: 20000 });

  // A Dockerfile that needs Debian's package table: it comes from the offline copy.
  await editor.fill('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nENV A=1\n');
  const size = page.getByRole('region', { name: 'Image size' });
  await size.getByText(/exact dependency closures/).waitFor({ timeout: 20000 });
  assert.equal(await size.getByTestId('final-size').innerText(), '107 MB');
  assert.ok(await page.getByRole('region', { name: 'Findings' }).count() === 1);
  await page.screenshot({ path: path.join(artifacts, 'offline-analyze.png'), fullPage: true });

  // The lessons (fetched when Learn opens) and the rewrite.
  await page.getByRole('button', { name: 'Learn' }).click();
  await page.getByRole('region', { name: 'Lessons' }).getByRole('button', { name: /^Start lesson/ }).first().waitFor({ timeout: 20000 });
  assert.equal(await page.getByRole('button', { name: /^Start lesson/ }).count(), 5);
  await page.getByRole('button', { name: 'Optimize', exact: true }).click();
  await page.locator('table.sbs').waitFor();

  // An image tar, when this build has the Image view (its own wasm, fetched on first use).
  const input = await imageView(page);
  if (input) {
    const layer = tar([['app/', ''], ['app/hello.txt', 'x'.repeat(5000)]]);
    await input.setInputFiles({ name: 'offline.tar', mimeType: 'application/x-tar', buffer: dockerSave([layer], { commands: ['/bin/sh -c #(nop) COPY dir:1 in /app'] }) });
    await page.locator('.img-summary, .img-error').first().waitFor({ timeout: 60000 });
    assert.equal(await page.locator('.img-error').count(), 0, await page.locator('.img-error').allInnerTexts().then(String));
    assert.match(await page.locator('[data-figure="layers"]').innerText(), /LAYERS\s+1/i);
    console.log('offline: the Image view read a tar');
    await page.screenshot({ path: path.join(artifacts, 'offline-image.png'), fullPage: true });
  } else {
    console.log('offline: this build has no Image view yet — the image tar part was not run');
  }
  assert.deepEqual(problems, []);
  // And the network really was off: what the offline copy lacks cannot be fetched.
  assert.equal(await page.evaluate(() => fetch('/not-a-file-of-the-app').then(() => 'reached', () => 'failed')), 'failed');
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a new version is downloaded in the background, announced, and in use from the next visit', async (t) => {
  const dir = copyOfDist();
  const server = await serve(dir, 0);
  t.after(() => { if (server.listening) return stop(server); });
  const base = `http://127.0.0.1:${server.address().port}/`;
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  let { page, problems } = await newPage(context);
  await openApp(page, base);
  await offlineReady(page);
  assert.equal(await page.locator('.notice').count(), 0, 'nothing to say on a first visit');

  // A new release: any file changes, so sw.js (which lists them with a hash) changes too.
  const sw = path.join(dir, 'sw.js');
  const before = fs.readFileSync(sw, 'utf8');
  const version = before.match(/const VERSION = '([0-9a-f]+)'/)[1];
  fs.writeFileSync(sw, before.replace(`const VERSION = '${version}'`, `const VERSION = '${version.split('').reverse().join('')}'`));

  await page.reload();
  await page.getByRole('textbox', { name: 'Dockerfile' }).waitFor();
  const downloaded = page.getByRole('status').filter({ hasText: 'A new version of layerlens has been downloaded' });
  await downloaded.waitFor({ timeout: 30000 });
  assert.equal(await downloaded.getByRole('button', { name: 'Use it now' }).count(), 1);
  await page.screenshot({ path: path.join(artifacts, 'update-downloaded.png') });

  // The next visit: every tab of the old version closed, the site opened again.
  await page.close();
  ({ page, problems } = await newPage(context));
  await openApp(page, base);
  const updated = page.getByRole('status').filter({ hasText: 'layerlens was updated since your last visit.' });
  await updated.waitFor({ timeout: 30000 });
  assert.ok(await until(() => page.evaluate(() => caches.keys().then((k) => k.filter((n) => n.startsWith('layerlens-app-')).length === 1))), 'the old version\'s files are gone');
  await page.screenshot({ path: path.join(artifacts, 'update-in-use.png') });
  await updated.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.locator('.notice').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
