// End-to-end: a page on another origin embeds the widget (demo/, served on its own port), sets
// a Dockerfile by postMessage and gets the report back; messages from any other origin, or any
// other window, are ignored; reports go to the embedding origin only; the height is announced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, dist, root, newPage, artifacts, until, sleep } from './harness.mjs';

let widgetServer, hostServer, browser, widget, host, otherHost;
before(async () => {
  widgetServer = await serve(dist, 0);
  hostServer = await serve(path.join(root, 'demo'), 0);
  widget = `http://127.0.0.1:${widgetServer.address().port}/`;
  host = `http://127.0.0.1:${hostServer.address().port}`;
  // The same files under another name: another origin.
  otherHost = `http://localhost:${hostServer.address().port}`;
  browser = await launch();
});
after(async () => { await browser?.close(); widgetServer?.close(); hostServer?.close(); });

const NODE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n';

async function openHost(viewport = { width: 1100, height: 900 }, colorScheme = 'light') {
  const context = await browser.newContext({ viewport, colorScheme });
  const { page, problems } = await newPage(context);
  await page.goto(`${host}/?widget=${encodeURIComponent(widget)}`);
  const frame = page.frameLocator('#widget');
  return { context, page, problems, frame };
}

const reports = (page) => page.evaluate(() => window.reports.length);
const lastReport = (page) => page.evaluate(() => window.reports.at(-1));

test('the host sets a Dockerfile by postMessage and receives the report; the iframe follows the height', async () => {
  const { context, page, problems, frame } = await openHost();
  // host.js sends its textarea's Dockerfile when the widget says it is ready. The widget's first
  // report, sent before `ready`, is of the (empty) file it starts with: wait for the host's.
  await until(async () => (await reports(page)) > 0 && (await lastReport(page)).instructions > 0, 20000);
  let r = await lastReport(page);
  assert.equal(r.type, 'layerlens:report');
  assert.equal(r.schema, 1);
  assert.equal(r.instructions, 5);
  assert.equal(r.stages, 1);
  assert.ok(r.final_image_bytes > 100e6, `node:20 is big: ${r.final_image}`);
  assert.ok(r.findings.some((f) => f.code && f.line >= 1 && f.message), 'findings with code, line, message');
  assert.ok(r.layer_sizes.some((l) => l.keyword === 'RUN' && l.line === 4 && l.bytes > 0));
  assert.deepEqual(r.errors, []);
  assert.equal(await frame.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), NODE);
  assert.match(await page.locator('#message-summary').innerText(), /Report: .* estimated · 5 instructions/);

  // Another file, sent with the host page's button.
  const n = await reports(page);
  await page.locator('#dockerfile').fill('FROM alpine:3.20\nRUN apk add --no-cache curl\nBOGUS line\n');
  await page.getByRole('button', { name: 'Send to the widget' }).click();
  await until(async () => (await reports(page)) > n);
  r = await lastReport(page);
  assert.equal(r.instructions, 3);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].line, 3);
  assert.match(r.errors[0].message, /unknown instruction/i);

  // The height: announced, and the host sized the iframe to it.
  const h = await until(async () => {
    const px = await page.locator('#widget').evaluate((f) => parseInt(f.style.height, 10));
    return px > 150 ? px : 0;
  });
  const inner = await frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
  assert.equal(h, inner, 'the iframe is as tall as the widget\'s content');

  // The widget made by embed.js from an attribute reports too.
  await page.locator('#attribute-summary').filter({ hasText: 'Report:' }).waitFor({ timeout: 20000 });
  assert.match(await page.locator('#attribute-summary').innerText(), /6 instructions/);
  await page.frameLocator('#by-attribute iframe').getByRole('region', { name: 'Image size' }).waitFor();
  await sleep(500);
  await page.screenshot({ path: path.join(artifacts, 'embed-host.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('messages from another origin, or another window, are ignored', async () => {
  const { context, page, frame } = await openHost();
  // The report of the host's file (the first is of the widget's empty start).
  await until(async () => (await reports(page)) > 0 && (await lastReport(page)).instructions > 0, 20000);
  const editor = frame.getByRole('textbox', { name: 'Dockerfile' });
  assert.equal(await editor.inputValue(), NODE);
  const n = await reports(page);
  // Two more frames in the host page: one from another origin, one from the host's own origin
  // (right origin, wrong window). Both try to set the widget's Dockerfile.
  await page.evaluate(([other, same]) => {
    for (const [name, src] of [['other', other], ['sibling', same]]) {
      const f = document.createElement('iframe');
      f.name = name;
      f.src = src;
      document.body.append(f);
    }
  }, [`${otherHost}/host.css`, `${host}/host.css`]);
  for (const name of ['other', 'sibling']) {
    const f = await until(() => page.frame({ name }));
    await f.waitForLoadState();
    await f.evaluate(() => window.parent.frames.widget.postMessage({ type: 'layerlens:set', dockerfile: 'FROM attacker\n' }, '*'));
  }
  await sleep(800);
  assert.equal(await editor.inputValue(), NODE, 'the widget still shows the host\'s file');
  assert.equal(await reports(page), n, 'and sent no report for it');
  // The host itself still can.
  await page.evaluate(() => document.getElementById('send').click());
  await until(async () => (await reports(page)) > n);
  await context.close();
});

test('a page on another origin than the widget was told gets no report and cannot set the file', async () => {
  const context = await browser.newContext();
  const { page } = await newPage(context);
  // A page on localhost:PORT embeds the widget, claiming to be 127.0.0.1:PORT.
  await page.goto(`${otherHost}/host.css`);
  await page.evaluate(([widget, claimed]) => {
    window.got = [];
    addEventListener('message', (e) => window.got.push(e.data && e.data.type));
    const f = document.createElement('iframe');
    f.name = 'w';
    f.src = `${widget}?embed&origin=${encodeURIComponent(claimed)}#dockerfile=${encodeURIComponent('FROM busybox\n')}`;
    document.body.append(f);
  }, [widget, host]);
  const frame = page.frameLocator('iframe[name=w]');
  await frame.getByRole('textbox', { name: 'Dockerfile' }).waitFor();
  await until(async () => (await frame.getByRole('textbox', { name: 'Dockerfile' }).inputValue()) === 'FROM busybox\n');
  await page.evaluate(() => frames.w.postMessage({ type: 'layerlens:set', dockerfile: 'FROM attacker\n' }, '*'));
  await sleep(800);
  assert.equal(await frame.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), 'FROM busybox\n', 'a URL-given file shows; the message is ignored');
  assert.deepEqual(await page.evaluate(() => window.got), [], 'no ready, report or height reached this page');
  await context.close();
});

test('before the host sends a file the widget says it is waiting', async () => {
  const context = await browser.newContext();
  const { page, problems } = await newPage(context);
  await page.goto(`${widget}?embed&panels=size,findings`);
  await page.getByRole('status').filter({ hasText: 'No Dockerfile yet' }).waitFor({ timeout: 20000 });
  assert.ok(await page.getByText('No Dockerfile yet').isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('panels and theme by parameter; on a phone the widget fits', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true });
  const { page, problems } = await newPage(context);
  await page.goto(`${widget}?embed&panels=size,explain&theme=dark#dockerfile=${encodeURIComponent(NODE)}`);
  await page.getByRole('region', { name: 'Image size' }).waitFor({ timeout: 20000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(23, 27, 35)', 'dark panel colour');
  assert.equal(await page.getByRole('textbox', { name: 'Dockerfile' }).isVisible(), false, 'no editor: not asked for');
  assert.equal(await page.getByRole('region', { name: 'Findings' }).isVisible().catch(() => false), false);
  assert.equal(await page.locator('header.top').isVisible(), false, 'no app header');
  assert.ok(await page.locator('.stages').isVisible(), 'the explanation is shown');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390);
  await page.screenshot({ path: path.join(artifacts, 'embed-phone-dark.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
