// End-to-end: a share link carries a 200-line Dockerfile and the chosen view (with a rewrite
// step switched off) in the URL's fragment, compressed; opening it restores both. The server
// never sees any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, dist, newPage, openApp, artifacts, until } from './harness.mjs';

let server, browser, base;
const received = [];
before(async () => {
  server = await serve(dist, 0);
  server.on('request', (req) => received.push(req.url));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => { await browser?.close(); server?.close(); });

/** 200 lines: two stages, a heredoc, continuations, comments, blank lines, non-ASCII, a tab. */
function twoHundredLines() {
  const lines = ['# syntax=docker/dockerfile:1', 'FROM python:3.12 AS build', 'WORKDIR /src'];
  for (let i = 0; lines.length < 150; i++) {
    lines.push(`# step ${i}: é ✓ — "quotes" & <angles> %20 #hash`);
    lines.push(`RUN pip install --no-cache-dir pkg${i}==1.${i}.0 \\`);
    lines.push(`\t&& echo "built ${i}" > /tmp/log${i}`);
    if (i % 7 === 0) lines.push('');
  }
  lines.push('COPY <<EOF /src/config.ini', '[app]', 'name = shared', 'EOF');
  lines.push('FROM python:3.12-slim', 'COPY --from=build /usr/local/lib/python3.12 /usr/local/lib/python3.12');
  while (lines.length < 199) lines.push(`ENV VAR_${lines.length}=value-${lines.length}`);
  lines.push('CMD ["python", "-m", "app"]');
  return `${lines.join('\n')}\n`;
}

test('a share link round-trips a 200-line Dockerfile and the view, in the fragment only', async () => {
  const text = twoHundredLines();
  assert.equal(text.split('\n').length - 1, 200);
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  await page.getByRole('textbox', { name: 'Dockerfile' }).fill(text);
  await page.getByRole('button', { name: 'Optimize', exact: true }).click();
  await page.locator('table.sbs').waitFor();
  const boxes = page.getByRole('region', { name: 'Steps', exact: true }).getByRole('checkbox');
  if (await boxes.count()) await boxes.first().uncheck();
  const checked = () => page.getByRole('region', { name: 'Steps', exact: true }).getByRole('checkbox').evaluateAll((b) => b.map((x) => x.checked));
  const states = await checked();

  const sentBefore = received.length;
  await page.getByRole('button', { name: 'Share' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Link copied' });
  await notice.waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(page.url(), link, 'the link is also in the address bar');
  const url = new URL(link);
  assert.equal(`${url.origin}${url.pathname}${url.search}`, base, 'nothing but the fragment carries the file');
  assert.match(url.hash, /^#s=[A-Za-z0-9_-]+$/);
  assert.ok(link.length < text.length / 2, `compressed: ${link.length} characters for ${text.length}`);
  assert.equal(received.length, sentBefore, 'making the link asked the server for nothing');
  console.log(`share: a ${text.split('\n').length - 1}-line Dockerfile (${Buffer.byteLength(text)} bytes) in a ${link.length}-character link`);
  await page.screenshot({ path: path.join(artifacts, 'share-link.png') });

  // Someone else opens it.
  const other = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page: theirs, problems: theirProblems } = await newPage(other);
  await theirs.goto(link);
  await theirs.locator('table.sbs').waitFor({ timeout: 20000 });
  assert.equal(await theirs.getByRole('button', { name: 'Optimize', exact: true }).getAttribute('aria-pressed'), 'true', 'the same view');
  const theirStates = await theirs.getByRole('region', { name: 'Steps', exact: true }).getByRole('checkbox').evaluateAll((b) => b.map((x) => x.checked));
  assert.deepEqual(theirStates, states, 'the same steps switched off');
  if (states.length) assert.equal(theirStates[0], false);
  await theirs.getByRole('button', { name: 'Analyze' }).click();
  const editor = theirs.getByRole('textbox', { name: 'Dockerfile' });
  await until(async () => (await editor.inputValue()) === text);
  assert.equal(await editor.inputValue(), text, 'the Dockerfile, byte for byte');
  assert.ok(received.every((u) => !u.includes('s=') && !u.includes('pkg1')), 'the server saw neither the fragment nor the file');
  assert.deepEqual([...problems, ...theirProblems], []);
  await other.close();
  await context.close();
});

test('a #dockerfile= address opens that file; a damaged link says so', async () => {
  const context = await browser.newContext();
  const { page } = await newPage(context);
  await openApp(page, `${base}#dockerfile=${encodeURIComponent('FROM alpine:3.20\nRUN echo "a b"\n')}`);
  await until(async () => (await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue()) === 'FROM alpine:3.20\nRUN echo "a b"\n');
  await page.goto(`${base}#s=not-a-real-link`);
  await page.getByRole('status').filter({ hasText: 'This link could not be read' }).waitFor();
  await context.close();
});
