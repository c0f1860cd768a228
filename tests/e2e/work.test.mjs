// End-to-end: the page keeps a person's work and tells one story (issue 16). Their own Dockerfile
// survives a lesson, an example, an imported history and a reload, and Ctrl+Z brings it back; the
// same file gives the same report whatever was open before; avoidable ≤ total; a 3,000-line paste
// does not freeze the tab; views are in the address (Back works); axe-core finds no serious or
// critical violation in any view, light or dark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serve } from './server.mjs';
import { launch, dist, newPage, openApp, artifacts, until, sleep } from './harness.mjs';
import { pastedDockerfile, pasteInto } from './big-dockerfile.mjs';

let server, browser, base;
before(async () => {
  server = await serve(dist, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => { await browser?.close(); server?.close(); });

const MINE = 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["curl", "--version"]\n';
const editorOf = (page) => page.getByRole('textbox', { name: 'Dockerfile' });
const tab = (page, name) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
const report = (page) => page.evaluate(() => window.__lastReport);

/** Collects the `layerlens:report` the app sends after each analysis (the embed contract). */
async function recordReports(page) {
  await page.addInitScript(() => {
    window.layerlensReports = true;
    addEventListener('layerlens:report', (e) => { window.__lastReport = e.detail; });
  });
}

test('the own Dockerfile survives an example, a lesson and a reload; Ctrl+Z and "Restore" bring it back', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  const editor = editorOf(page);
  await editor.fill(MINE);
  // An example replaces the text: the own file is one Ctrl+Z away, and one button away.
  await page.getByLabel('Example').selectOption({ index: 1 });
  await until(async () => (await editor.inputValue()) !== MINE);
  assert.notEqual(await editor.inputValue(), MINE);
  await editor.focus();
  await page.keyboard.press('Control+z');
  assert.equal(await until(async () => (await editor.inputValue()) === MINE, 3000) && await editor.inputValue(), MINE, 'Ctrl+Z undoes the example');
  await page.getByLabel('Example').selectOption({ index: 2 });
  const restore = page.getByRole('button', { name: 'Restore your Dockerfile' });
  await restore.click();
  assert.equal(await editor.inputValue(), MINE);
  assert.equal(await restore.count(), 0, 'nothing to restore once it is back');

  // A lesson: the guide puts its files in; ending it gives the own file back.
  await tab(page, 'Learn').click();
  const start = page.getByRole('button', { name: /^Start lesson: / }).first();
  await start.waitFor({ timeout: 20000 });
  await start.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Lesson' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'lesson-step', 'focus goes to the step, not to <body>');
  assert.notEqual(await editor.inputValue(), MINE);
  // Trying things in the lesson's file does not make it "your Dockerfile".
  await editor.fill('FROM scratch\n');
  await page.getByRole('button', { name: 'End lesson' }).click();
  assert.equal(await until(async () => (await editor.inputValue()) === MINE) && await editor.inputValue(), MINE, 'ending the lesson restores it');

  // A reload keeps it (the browser's storage; nothing is sent anywhere).
  await page.reload();
  await editor.waitFor();
  assert.equal(await until(async () => (await editor.inputValue()) === MINE) && await editor.inputValue(), MINE, 'kept across a reload');
  // An empty editor is a start, not an error.
  await editor.fill('');
  assert.equal(await page.locator('.problem.error').count(), 0);
  assert.equal(await page.getByRole('region', { name: 'Problems' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('views and the Learn search are in the address: Back returns to the previous view', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  await tab(page, 'Learn').click();
  await page.waitForURL(/\?view=learn/);
  await page.getByRole('searchbox', { name: 'Search rules' }).fill('apt lists');
  await page.waitForURL(/q=apt\+lists/);
  assert.match(await page.getByRole('region', { name: 'Learn' }).innerText(), /apt-lists-not-removed/, '"apt lists" finds the rule');
  await tab(page, 'Optimize').click();
  await page.waitForURL(/\?view=optimize/);
  await page.goBack();
  await page.waitForURL(/\?view=learn/);
  assert.equal(await page.getByRole('searchbox', { name: 'Search rules' }).inputValue(), 'apt lists');
  await page.goBack();
  await until(async () => !page.url().includes('view='));
  await editorOf(page).waitFor();
  assert.equal(await tab(page, 'Analyze').getAttribute('aria-pressed'), 'true');
  // A bookmarked view opens as such.
  await page.goto(`${base}?view=learn&q=DL3009`);
  await page.getByRole('searchbox', { name: 'Search rules' }).waitFor();
  assert.equal(await page.getByRole('searchbox', { name: 'Search rules' }).inputValue(), 'DL3009');
  assert.deepEqual(problems, []);
  await context.close();
});

// Real files from ../shared/corpus when it is there, else small ones written here.
function someFiles() {
  const dir = path.resolve(dist, '../../shared/corpus/dockerfiles');
  const pick = ['docker-library__python__3.11__slim-bookworm__Dockerfile', 'docker__awesome-compose__angular__angular__Dockerfile'];
  if (pick.every((f) => fs.existsSync(path.join(dir, f)))) return pick.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  return [
    'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc make\n',
    'FROM node:20\nRUN apt-get update\nRUN apt-get install -y git\nCOPY . .\n',
  ];
}

test('one file, one set of numbers: the same report after any other file, and avoidable ≤ total', async () => {
  const [a, b] = someFiles();
  const settled = async (page, text) => {
    await editorOf(page).fill(text);
    // The figures are final once no "provisional" mark is shown (Debian's table loaded).
    await until(async () => (await page.locator('[data-testid=final-size]').getAttribute('data-provisional')) !== 'true', 20000);
    await sleep(200);
    return report(page);
  };
  const fresh = async (text) => {
    const context = await browser.newContext();
    const { page, problems } = await newPage(context);
    await recordReports(page);
    await openApp(page, base);
    const r = await settled(page, text);
    return { r, page, context, problems };
  };
  const one = await fresh(a);
  const other = await settled(one.page, b);
  const again = await settled(one.page, a);
  assert.equal(again, one.r, 'the same report for the same file after another one');
  const two = await fresh(b);
  assert.equal(two.r, other, 'a fresh page gives the same report for the second file');
  for (const r of [one.r, other]) {
    const j = JSON.parse(r);
    const e = j.estimate ?? j;
    const total = e.final_image_bytes, avoidable = e.final_wasted_bytes ?? 0;
    assert.ok(avoidable <= total, `avoidable ${avoidable} ≤ total ${total}`);
  }
  const size = await one.page.getByRole('region', { name: 'Image size' }).innerText();
  assert.doesNotMatch(size, /\.\.\/shared|--context/, 'no internal paths or CLI flags in the page');
  assert.deepEqual([...one.problems, ...two.problems], []);
  await one.context.close();
  await two.context.close();
});

test('a 3,000-line paste: analysed in ≤ 3 s, the next keystroke without a freeze, the layer limit said', async () => {
  const big = pastedDockerfile();
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  const editor = editorOf(page);
  await editor.focus();
  await page.keyboard.press('Control+a');
  const t0 = Date.now();
  await pasteInto(page, big);
  await page.locator('.stats', { hasText: '3001 instructions' }).waitFor({ timeout: 30000 });
  // A frame painted after the analysis: the tab answers again.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const pasted = Date.now() - t0;
  const findings = await page.getByRole('region', { name: 'Findings' }).innerText();
  assert.match(findings, /LL246/, 'Docker\'s layer limit is a finding');
  // The next keystroke: typed where the paste left the caret, until the page is painted.
  const t1 = Date.now();
  await page.keyboard.type('#');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const key = Date.now() - t1;
  console.log(`3,000-line paste: analysed and painted in ${pasted} ms; next keystroke ${key} ms`);
  // The goals (≤ 3 s, ≤ 100 ms) are measured by tests/e2e/app-bench.mjs over several runs; a
  // single run here guards against the freeze (28 s) and the slow keystroke (3 s) coming back,
  // with room for a loaded CI machine.
  assert.ok(pasted <= 3000, `paste ${pasted} ms`);
  assert.ok(key <= 250, `keystroke ${key} ms`);
  assert.deepEqual(problems, []);
  await context.close();
});

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

for (const theme of ['light', 'dark']) {
  test(`axe-core: no serious or critical violation in Analyze, Optimize, Learn and Image (${theme})`, async () => {
    // axe is injected as an inline script, which the page's CSP rightly refuses: bypassed here only.
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, colorScheme: theme, bypassCSP: true });
    const { page, problems } = await newPage(context);
    await page.addInitScript((t) => { try { localStorage.setItem('layerlens-theme', t); } catch {} }, theme);
    await openApp(page, base);
    // A file with findings, errors and a rewrite, so every part of every view is drawn.
    await editorOf(page).fill('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nCOPY . /app\nBOGUS x\nCMD python /app/app.py\n');
    await page.locator('li.finding').first().locator('summary').click();
    await page.locator('li.finding').first().getByText(/Use instead/i).first().waitFor();
    const found = {};
    found.Analyze = await axe(page);
    await tab(page, 'Optimize').click();
    await page.getByRole('region', { name: 'Steps' }).waitFor({ timeout: 30000 });
    found.Optimize = await axe(page);
    await tab(page, 'Learn').click();
    await page.getByRole('button', { name: /^Start lesson: / }).first().waitFor({ timeout: 20000 });
    found.Learn = await axe(page);
    await tab(page, 'Image').click();
    await page.getByRole('button', { name: 'Open image tar…' }).waitFor({ timeout: 30000 });
    found.Image = await axe(page);
    await page.screenshot({ path: path.join(artifacts, `axe-${theme}.png`), fullPage: true });
    for (const [view, v] of Object.entries(found)) console.log(`axe ${theme} ${view}: ${v.length ? v.join('; ') : 'none'}`);
    assert.deepEqual(found, { Analyze: [], Optimize: [], Learn: [], Image: [] });
    assert.deepEqual(problems, []);
    await context.close();
  });
}
