// End-to-end: the guided lessons (static/lessons/lessons.txt), driven from the keyboard; the
// theme menu; the new controls' focus rings; lessons and the header on a phone in dark mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve } from './server.mjs';
import { launch, dist, newPage, openApp, artifacts, until } from './harness.mjs';

let server, browser, base;
before(async () => {
  server = await serve(dist, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => { await browser?.close(); server?.close(); });

const MB = (s) => {
  const [n, unit] = s.trim().split(/\s+/);
  return parseFloat(n) * ({ GB: 1000, MB: 1, kB: 0.001 }[unit] ?? NaN);
};

test('a lesson steps through before and after in the editor, the article\'s figure beside the estimate, by keyboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  await page.getByRole('button', { name: 'Learn' }).click();
  const list = page.getByRole('region', { name: 'Lessons' });
  const starts = list.getByRole('button', { name: /^Start lesson: / });
  await starts.first().waitFor({ timeout: 20000 });
  assert.deepEqual(await list.locator('.lesson-card h3').allInnerTexts(), [
    'What a Dockerfile is', 'The fat base image', 'One RUN with its own cleanup', 'The multi-stage venv', 'Finding the hog with docker history',
  ]);
  await page.screenshot({ path: path.join(artifacts, 'lessons-list.png'), fullPage: true });

  // From the keyboard: focus the Start button of "The multi-stage venv" and press Enter.
  await list.getByRole('button', { name: 'Start lesson: The multi-stage venv' }).focus();
  await page.keyboard.press('Enter');
  const guide = page.getByRole('region', { name: 'Lesson' });
  await guide.waitFor();
  const editor = page.getByRole('textbox', { name: 'Dockerfile' });
  const estimate = () => guide.getByTestId('lesson-estimate').innerText();
  const seen = [];
  for (const [i, measured, firstLine] of [[1, '536 MB', 'FROM debian:latest'], [2, '263 MB', 'FROM python:3-alpine'], [3, '65.8 MB', 'FROM python:3-alpine as builder']]) {
    await guide.getByRole('heading', { name: new RegExp(`^Step ${i} of 3`) }).waitFor();
    assert.match(await guide.innerText(), new RegExp(`The article measured\\s+${measured.replace('.', '\\.')}`));
    assert.equal((await editor.inputValue()).split('\n')[0], firstLine);
    assert.equal(await page.getByRole('button', { name: 'Analyze' }).getAttribute('aria-pressed'), 'true');
    seen.push(MB(await estimate()));
    if (i === 1) await page.screenshot({ path: path.join(artifacts, 'lesson-step.png'), fullPage: true });
    if (i < 3) {
      const next = guide.getByRole('button', { name: 'Next →' });
      await next.focus();
      await page.keyboard.press('Enter');
    }
  }
  assert.ok(seen[0] > seen[1] && seen[1] > seen[2], `each step is estimated smaller: ${seen}`);
  console.log(`lessons: the multi-stage venv, article 536 → 263 → 65.8 MB, estimated ${seen.join(' → ')} MB`);

  // Editing says so, and the step's file comes back on request.
  await editor.fill('FROM scratch\n');
  await guide.getByText('layerlens estimates (your edited file)').waitFor();
  await guide.getByRole('button', { name: "Restore this step's file" }).click();
  await until(async () => (await editor.inputValue()).startsWith('FROM python:3-alpine as builder'));
  // The last step of a lesson leads to the next lesson; End closes the guide. This person had
  // no file of their own (the page's example), so the lesson's file stays (work.test.mjs: an own
  // file comes back).
  await guide.getByRole('button', { name: 'Next lesson →' }).click();
  await guide.getByText(/Lesson 5 of 5/).waitFor();
  await guide.getByRole('button', { name: 'End lesson' }).click();
  assert.equal(await page.getByRole('region', { name: 'Lesson' }).count(), 0);
  assert.match(await editor.inputValue(), /^FROM python:3\.7\n/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the theme menu: light or dark whatever the system says, kept for the next visit, applied before the app starts', async () => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await bg(), 'rgb(246, 247, 249)');
  await page.getByLabel('Colour theme').selectOption('dark');
  assert.equal(await bg(), 'rgb(17, 20, 26)');
  // The next visit: dark before the wasm has even started.
  await page.route('**/*_bg.wasm', (route) => new Promise((r) => setTimeout(r, 800)).then(() => route.continue()));
  await page.reload({ waitUntil: 'domcontentloaded' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await bg(), 'rgb(17, 20, 26)');
  await page.getByRole('textbox', { name: 'Dockerfile' }).waitFor();
  assert.equal(await page.getByLabel('Colour theme').inputValue(), 'dark');
  await page.getByLabel('Colour theme').selectOption('light');
  const dark = await browser.newContext({ colorScheme: 'dark' });
  const { page: p2 } = await newPage(dark);
  await openApp(p2, base);
  assert.equal(await p2.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(17, 20, 26)', 'the system\'s dark by default');
  await p2.getByLabel('Colour theme').selectOption('light');
  assert.equal(await p2.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 247, 249)', 'light on a dark system');
  assert.deepEqual(problems, []);
  await dark.close();
  await context.close();
});

test('keyboard: Tab reaches Share, the theme menu and the lessons, each with a visible focus ring', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const { page } = await newPage(context);
  await openApp(page, base);
  const ring = async () => page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  });
  const reached = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim());
    reached.push(name);
    if (['Share', 'Colour theme'].includes(name)) assert.ok(await ring(), `${name} shows where the focus is`);
  }
  assert.ok(reached.includes('Share') && reached.includes('Colour theme'), reached.join(' | '));
  await page.getByRole('button', { name: 'Learn' }).click();
  const start = page.getByRole('button', { name: /^Start lesson: / }).first();
  await start.waitFor({ timeout: 20000 });
  await start.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.ok(await ring(), 'Start lesson shows focus');
  await page.screenshot({ path: path.join(artifacts, 'focus-lesson-start.png') });
  await context.close();
});

test('on a phone in dark mode: the header, the lessons and the guide fit the screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true });
  const { page, problems } = await newPage(context);
  await openApp(page, base);
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await width() <= 390, `header: ${await width()}px`);
  await page.getByRole('button', { name: 'Learn' }).click();
  await page.getByRole('button', { name: /^Start lesson: / }).first().waitFor({ timeout: 20000 });
  assert.ok(await width() <= 390, `lessons: ${await width()}px`);
  await page.screenshot({ path: path.join(artifacts, 'lessons-phone-dark.png'), fullPage: true });
  await page.getByRole('button', { name: 'Start lesson: The fat base image' }).click();
  await page.getByRole('region', { name: 'Lesson' }).waitFor();
  assert.ok(await width() <= 390, `guide: ${await width()}px`);
  await page.screenshot({ path: path.join(artifacts, 'lesson-phone-dark.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
