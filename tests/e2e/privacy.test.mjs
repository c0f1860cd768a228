// End-to-end: nothing leaves the browser. Every request of a whole session — the page, its
// service worker and workers — is recorded; all go to the page's own origin, and after the load
// only the app's own files are fetched, lazily (GET, no query, no body). The Content-Security-Policy
// is there, allows no inline script, and blocks what the page did not write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from './server.mjs';
import { dockerSave, tar } from './tars.mjs';
import { launch, dist, newPage, openApp, offlineReady, imageView, artifacts, until } from './harness.mjs';

let server, browser, base, origin;
const received = [];
before(async () => {
  server = await serve(dist, 0);
  server.on('request', (req) => received.push(`${req.method} ${req.url} ${req.headers.host}`));
  origin = `http://127.0.0.1:${server.address().port}`;
  base = `${origin}/`;
  browser = await launch();
});
after(async () => { await browser?.close(); server?.close(); });

/** Every file of the build, as a path from the site's root. */
function builtFiles() {
  const out = new Set();
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p); else out.add(`/${path.relative(dist, p).split(path.sep).join('/')}`);
    }
  })(dist);
  return out;
}

test('the page says what it allows: a CSP with nothing but this site, and no inline script', () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const csp = html.match(/<meta[^>]*content="([^"]*)"[^>]*http-equiv=["']?Content-Security-Policy/i)?.[1]
    ?? html.match(/http-equiv=["']?Content-Security-Policy["']?[^>]*content="([^"]*)"/i)?.[1];
  assert.ok(csp, 'index.html has a Content-Security-Policy');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"], 'scripts from this site only, no inline, no eval');
  for (const d of ['img-src', 'style-src', 'worker-src', 'manifest-src']) assert.deepEqual(directives[d], ["'self'"], d);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.ok(scripts.length >= 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc=/, 'every script is a file');
    assert.equal(body.trim(), '', 'and has no inline code');
  }
});

test('a whole session: every request goes to this origin, and after the load only the app\'s own files', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const requests = [];
  let loaded = false;
  context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData(), afterLoad: loaded, from: r.serviceWorker() ? 'service worker' : 'page' }));
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  await offlineReady(page);
  await page.waitForLoadState('networkidle');
  loaded = true;
  const atLoad = requests.length;

  // Paste a Dockerfile (Debian's table is fetched for it), read the findings.
  const editor = page.getByRole('textbox', { name: 'Dockerfile' });
  await editor.fill('FROM python:3.11\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD ["python", "/app/main.py"]\n');
  await page.getByRole('region', { name: 'Image size' }).getByText(/exact dependency closures/).waitFor({ timeout: 20000 });
  await page.getByRole('region', { name: 'Findings' }).locator('summary').first().click();
  // Optimize, switch a step off and on.
  await page.getByRole('button', { name: 'Optimize', exact: true }).click();
  await page.locator('table.sbs').waitFor();
  const box = page.getByRole('region', { name: 'Steps', exact: true }).getByRole('checkbox').first();
  if (await box.count()) { await box.uncheck(); await box.check(); }
  await page.getByRole('button', { name: 'Download optimized Dockerfile' }).click();
  // Learn, a lesson, back; Share; the theme.
  await page.getByRole('button', { name: 'Learn' }).click();
  await page.getByRole('button', { name: /^Start lesson: The multi-stage venv/ }).click();
  await page.getByRole('button', { name: 'Next →' }).click();
  await page.getByRole('button', { name: 'End lesson' }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
  await page.getByLabel('Colour theme').selectOption('dark');
  // An image tar, when this build has the Image view.
  const input = await imageView(page);
  if (input) {
    const layer = tar([['srv/', ''], ['srv/big.bin', Buffer.alloc(200000, 7)]]);
    await input.setInputFiles({ name: 'private.tar', mimeType: 'application/x-tar', buffer: dockerSave([layer]) });
    await page.locator('.img-summary, .img-error').first().waitFor({ timeout: 60000 });
    console.log('privacy: the session included an image tar in the Image view');
  } else {
    console.log('privacy: this build has no Image view yet — no image tar in the session');
  }
  await page.getByRole('button', { name: 'Analyze' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(artifacts, 'privacy-session.png') });

  const foreign = requests.filter((r) => new URL(r.url).origin !== origin);
  assert.deepEqual(foreign, [], 'no request to any other origin');
  const files = builtFiles();
  const after = requests.slice(atLoad);
  for (const r of after) {
    const u = new URL(r.url);
    assert.equal(r.method, 'GET', `${r.url}: only GETs after the load`);
    assert.equal(r.body, null, `${r.url}: nothing sent`);
    assert.equal(u.search, '', `${r.url}: no query string`);
    assert.ok(files.has(u.pathname), `${r.url}: a file of the app`);
  }
  assert.ok(received.every((line) => line.endsWith(` 127.0.0.1:${server.address().port}`)));
  console.log(`privacy: ${requests.length} requests, all to ${origin}: ${atLoad} while loading (${requests.slice(0, atLoad).filter((r) => r.from === 'service worker').length} of them the service worker caching the app for offline use), ${after.length} after the load, all GETs of the app's own files: ${[...new Set(after.map((r) => new URL(r.url).pathname))].join(', ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the CSP blocks what the page did not write: a fetch, an image or a script from elsewhere never leaves', async () => {
  const context = await browser.newContext();
  const { page } = await newPage(context);
  await openApp(page, base);
  const elsewhere = `http://localhost:${server.address().port}`;
  const before = received.length;
  const result = await page.evaluate(async (elsewhere) => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const fetched = await fetch(`${elsewhere}/leak?x=1`).then(() => 'sent', () => 'blocked');
    const img = new Image();
    img.src = `${elsewhere}/leak.png`;
    const s = document.createElement('script');
    s.src = `${elsewhere}/leak.js`;
    document.head.append(s);
    const inline = document.createElement('script');
    inline.textContent = 'window.__inline = true';
    document.head.append(inline);
    await new Promise((r) => setTimeout(r, 500));
    return { fetched, violations, inline: window.__inline === true };
  }, elsewhere);
  assert.equal(result.fetched, 'blocked');
  assert.equal(result.inline, false, 'inline script does not run');
  for (const d of ['connect-src', 'img-src', 'script-src-elem']) assert.ok(result.violations.includes(d), `${d} violated: ${result.violations}`);
  assert.ok(received.slice(before).every((line) => !line.includes('leak')), 'nothing reached a server');
  await context.close();
});
