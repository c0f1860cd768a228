// End-to-end: the real app (dist/, built by `trunk build --release`) in real headless Chromium,
// driven the way a person uses it: by role and accessible name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const dist = path.join(root, 'dist');
const artifacts = path.join(here, 'artifacts');

let server, browser, base;

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

before(async () => {
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), 'dist/ is missing: run `trunk build --release` first');
  fs.mkdirSync(artifacts, { recursive: true });
  server = await serve(dist, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(base);
  const editor = page.getByRole('textbox', { name: 'Dockerfile' });
  await editor.waitFor({ timeout: 15000 });
  return { page, editor, problems, context };
}

const explained = (page) => page.getByRole('region', { name: 'Explanation' });
const keywordsShown = (page) => explained(page).locator('li.step .kw').allInnerTexts();

const MULTI_STAGE = [
  '# syntax=docker/dockerfile:1',
  'FROM node:20-bookworm AS deps',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
  '',
  'FROM node:20-bookworm-slim',
  'WORKDIR /app',
  'COPY --from=deps /app/node_modules ./node_modules',
  'COPY <<EOF /app/config.json',
  '{"port": 3000}',
  'EOF',
  'RUN <<SCRIPT',
  'set -eux',
  'useradd --create-home app',
  'SCRIPT',
  'USER app',
  'EXPOSE 3000',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

test('loads with an example already analyzed', async () => {
  const { page, editor, problems, context } = await open();
  assert.match(await editor.inputValue(), /^# syntax=/, 'an example Dockerfile is in the editor');
  assert.ok(await explained(page).locator('section.stage').count() >= 2, 'the example has two stages explained');
  assert.equal(await explained(page).locator('section.stage.final').count(), 1, 'exactly one stage is the image');
  assert.ok((await keywordsShown(page)).length >= 10);
  await page.screenshot({ path: path.join(artifacts, 'example-loaded.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('explains a pasted multi-stage Dockerfile with heredocs, instruction by instruction', async () => {
  const { page, editor, problems, context } = await open();
  await editor.fill(MULTI_STAGE);
  const stages = explained(page).locator('section.stage');
  await stages.nth(1).waitFor();
  assert.equal(await stages.count(), 2);
  assert.match(await explained(page).locator('section.stage.final').innerText(), /final image/i);
  assert.deepEqual(await keywordsShown(page), [
    'FROM', 'WORKDIR', 'COPY', 'RUN', 'FROM', 'WORKDIR', 'COPY', 'COPY', 'RUN', 'USER', 'EXPOSE', 'CMD',
  ]);
  const steps = explained(page).locator('li.step');
  const run = steps.filter({ hasText: 'npm ci' });
  assert.match(await run.locator('.fx').innerText(), /layer/i);
  assert.match(await run.innerText(), /cache/i, 'the cache mount is explained');
  const expose = steps.filter({ has: page.locator('.kw', { hasText: 'EXPOSE' }) });
  assert.match(await expose.locator('.fx').innerText(), /metadata/i);
  const heredocs = steps.filter({ hasText: /heredoc/i });
  assert.ok(await heredocs.count() >= 2, 'both heredocs are explained');
  await page.screenshot({ path: path.join(artifacts, 'multi-stage-explained.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('shows a syntax error at its line and column, and still explains the rest', async () => {
  const { page, editor, context } = await open();
  const before = 'FROM alpine:3.20\nRUN apk add --no-cache curl\n';
  await editor.fill(`${before}FORM busybox\nCMD ["sh"]\n`);
  const problemsList = page.getByRole('region', { name: 'Problems' });
  const jump = problemsList.getByRole('button', { name: 'Line 3, column 1: go there in the editor' });
  await jump.waitFor();
  assert.match(await problemsList.innerText(), /unknown instruction: FORM \(did you mean FROM\?\)/);
  assert.equal(await page.locator('.gutter .ln-error').innerText(), '3', 'the gutter marks line 3');
  assert.equal(await page.locator('.backdrop .err').first().innerText(), 'FORM', 'the word is underlined');
  assert.deepEqual(await keywordsShown(page), ['FROM', 'RUN', 'FORM', 'CMD'], 'the rest is still analyzed');
  await jump.click();
  assert.equal(await editor.evaluate((el) => el.selectionStart), before.length, 'the caret jumps to the error');
  await page.screenshot({ path: path.join(artifacts, 'syntax-error.png'), fullPage: true });
  await context.close();
});

test('updates on every keystroke', async () => {
  const { page, editor, context } = await open();
  await editor.fill('FROM alpine\n');
  await editor.press('Control+End');
  await editor.pressSequentially('RUN echo hi', { delay: 5 });
  assert.deepEqual(await keywordsShown(page), ['FROM', 'RUN']);
  await context.close();
});

test('estimates the image size, with a bar per layer and the final stage only counted', async () => {
  const { page, editor, problems, context } = await open();
  await editor.fill([
    'FROM debian:bookworm-slim',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl',
    'ENV A=1',
    '',
  ].join('\n'));
  const size = page.getByRole('region', { name: 'Image size' });
  // Debian's table loads for the apt install; then: debian:bookworm-slim 74.8 MB + curl without
  // Recommends (16 packages, 12.0 MB of Installed-Size, × 0.92 for the docs a slim image skips)
  // + dpkg state 1 MB + apt lists ≈ 20 MB.
  await size.getByText(/exact dependency closures/).waitFor({ timeout: 20000 });
  assert.equal(await size.getByTestId('final-size').innerText(), '107 MB');
  const bars = size.getByRole('list', { name: 'Layers by size' }).getByRole('listitem');
  assert.equal(await bars.count(), 2, 'FROM and RUN have bars; ENV adds no bytes');
  assert.match(await size.innerText(), /rm -rf \/var\/lib\/apt\/lists/, 'the lesson names the fix');
  // Cleaning up in the same RUN removes the lists from the estimate.
  await editor.fill('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
  assert.equal(await size.getByTestId('final-size').innerText(), '86.9 MB');
  await page.screenshot({ path: path.join(artifacts, 'size-estimate.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a baseline: pin the figures, edit, and see what each change adds', async () => {
  const { page, editor, problems, context } = await open();
  const base = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nCMD ["curl"]\n';
  await editor.fill(base);
  const size = page.getByRole('region', { name: 'Image size' });
  await size.getByText(/exact dependency closures/).waitFor({ timeout: 20000 });
  const before = await size.getByTestId('final-size').innerText();
  await size.getByRole('button', { name: 'Set as baseline' }).click();
  const against = size.getByRole('group', { name: 'Against the baseline' });
  assert.equal(await against.getByTestId('baseline-delta').innerText(), '±0', 'nothing changed yet');
  // A line that installs Python with its Recommends and keeps the lists: the total and the line grow.
  await editor.fill(base.replace('CMD', 'RUN apt-get update && apt-get install -y python3\nCMD'));
  const delta = await against.getByTestId('baseline-delta').innerText();
  assert.match(delta, /^\+\d+(\.\d)? MB$/, delta);
  assert.match(await against.innerText(), new RegExp(`against the baseline \\(${before.replace('.', '\\.')} → `));
  const row = against.getByRole('listitem').filter({ hasText: 'apt-get install -y python3' });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /^\+\d/);
  // Its line button jumps to the line in the editor.
  await row.getByRole('button', { name: 'Go to line 3' }).click();
  await page.screenshot({ path: path.join(artifacts, 'baseline.png'), fullPage: true });
  await size.getByRole('button', { name: 'Clear baseline' }).click();
  assert.equal(await size.getByRole('group', { name: 'Against the baseline' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a picked project folder makes COPY sizes exact, read locally', async () => {
  const os = await import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-e2e-'));
  const proj = path.join(dir, 'shop');
  fs.mkdirSync(path.join(proj, '.git'), { recursive: true });
  fs.writeFileSync(path.join(proj, 'app.py'), 'x'.repeat(40000));
  fs.writeFileSync(path.join(proj, 'requirements.txt'), 'flask\n');
  fs.writeFileSync(path.join(proj, '.git', 'pack'), 'y'.repeat(900000));
  fs.writeFileSync(path.join(proj, '.dockerignore'), '.git\n');
  const { page, editor, context } = await open();
  await editor.fill('FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\n');
  const size = page.getByRole('region', { name: 'Image size' });
  assert.match(await size.innerText(), /no project folder/);
  await page.getByLabel('Project folder', { exact: true }).setInputFiles(proj);
  await page.getByText(/shop: 4 files/).waitFor();
  assert.doesNotMatch(await size.innerText(), /no project folder/);
  // .dockerignore keeps .git out: the COPY is app.py + requirements.txt + .dockerignore.
  const copyBar = size.getByRole('button', { name: /^2 COPY/ });
  assert.match(await copyBar.getAttribute('title'), /Line 2 COPY: 40\.0 kB/);
  const runBar = size.getByRole('button', { name: /^3 RUN/ });
  // The measured pip table loads for the pip install: flask and its six dependencies.
  await page.waitForFunction(() => /pip install flask: 7 package\(s\) with their dependencies, measured \(pip-measured\.tsv/
    .test(document.querySelector('[aria-label="Image size"] button[title*="pip install"]')?.title || ''), null, { timeout: 20000 });
  assert.match(await runBar.getAttribute('title'), /pip install flask: 7 package\(s\) with their dependencies, measured \(pip-measured\.tsv, \d+ distributions/);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("Debian's package table is fetched only when a Dockerfile needs it, from the same origin", async () => {
  const { page, editor, problems, context } = await open();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.waitForTimeout(200);
  assert.ok(!requests.some((u) => u.includes('knowledge/')), 'not part of the first load');
  await editor.fill('FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n');
  const size = page.getByRole('region', { name: 'Image size' });
  await size.getByText(/exact dependency closures/).waitFor({ timeout: 20000 });
  const run = size.getByRole('button', { name: /^2 RUN/ });
  assert.match(await run.getAttribute('title'), /packages not already in debian:bookworm's base set, without Recommends: 109 MB \(Debian bookworm Packages index\)/);
  assert.equal(requests.filter((u) => u.includes('knowledge/')).length, 1);
  // An image on an older release gets that release's table (buster and older: bullseye's).
  await editor.fill('FROM debian:buster-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n');
  await page.waitForFunction(() => /Debian bullseye Packages index/
    .test(document.querySelector('[aria-label="Image size"] button[title*="apt git"]')?.title || ''), null, { timeout: 20000 });
  assert.ok(requests.some((u) => u.endsWith('knowledge/debian-bullseye-amd64.tsv')));
  assert.ok(requests.every((u) => u.startsWith(base)), `only same-origin requests: ${requests.join(', ')}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('findings teach: a list with codes, the rule explained on opening, and the gutter marked', async () => {
  const { page, editor, problems, context } = await open();
  await editor.fill('FROM python\nRUN pip install flask\n');
  const findings = page.getByRole('region', { name: 'Findings' });
  await findings.waitFor();
  const text = await findings.innerText();
  assert.match(text, /LL101/);
  assert.match(text, /LL203/);
  assert.match(text, /DL3042/, "hadolint's code is shown beside ours");
  const pip = findings.locator('li.finding', { hasText: 'LL203' });
  await pip.locator('summary').click();
  // The rule's explanation is drawn when the finding opens (a long file has thousands).
  await pip.getByText(/Use instead/i).first().waitFor();
  assert.match(await pip.innerText(), /Use instead[\s\S]*--no-cache-dir/i);
  assert.ok(await page.locator('.gutter .ln-lint').count() >= 1, 'the gutter marks a finding line');
  await page.screenshot({ path: path.join(artifacts, 'findings.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Learn lists every rule, searchable, and going back keeps the Dockerfile', async () => {
  const { page, editor, problems, context } = await open();
  await editor.fill('FROM alpine:3.20\nRUN apk add curl\n');
  await page.getByRole('button', { name: 'Learn' }).click();
  const learn = page.getByRole('region', { name: 'Learn' });
  await learn.waitFor();
  const all = await learn.locator('li.learn-rule').count();
  assert.ok(all >= 40, `${all} rules listed`);
  await learn.getByRole('searchbox', { name: 'Search rules' }).fill('DL3019');
  assert.equal(await learn.locator('li.learn-rule').count(), 1);
  const rule = learn.locator('li.learn-rule').first();
  await rule.locator('summary').click();
  assert.match(await rule.innerText(), /--no-cache/);
  await page.screenshot({ path: path.join(artifacts, 'learn.png'), fullPage: true });
  // The rewrite's step kinds too, from the same search (what `layerlens step KIND` prints).
  await learn.getByRole('searchbox', { name: 'Search rules' }).fill('chown');
  const steps = learn.getByRole('list', { name: 'Rewrite steps' });
  const step = steps.getByRole('listitem').filter({ hasText: 'copy-chown' });
  assert.equal(await step.count(), 1);
  await step.locator('summary').click();
  assert.match(await step.innerText(), /COPY --chown[\s\S]*Rewritten/);
  await learn.getByRole('searchbox', { name: 'Search rules' }).fill('');
  assert.ok(await steps.getByRole('listitem').count() >= 20, 'every step kind listed');
  await page.getByRole('button', { name: 'Analyze' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), 'FROM alpine:3.20\nRUN apk add curl\n');
  assert.deepEqual(problems, []);
  await context.close();
});

// The Optimize view. The engine's steps change as the optimizer grows, so these tests find steps
// generically: with steps, switching one off must change the rewrite; with none, the view must
// say so and show the file unchanged.

const optimizeRegions = (page) => ({
  main: page.getByRole('region', { name: 'Optimized Dockerfile' }),
  size: page.getByRole('region', { name: 'Size before and after' }),
  steps: page.getByRole('region', { name: 'Steps', exact: true }),
});

// One side of the side-by-side table as text (the screen-reader-only words left out).
const sideText = (page, side) => page.locator('table.sbs tbody').evaluate((tbody, side) => {
  const lines = [];
  for (const tr of tbody.querySelectorAll('tr')) {
    if (!tr.querySelector(`.sbs-${side}-ln`).textContent) continue;
    const cell = tr.querySelector(`.sbs-${side}`).cloneNode(true);
    cell.querySelectorAll('.visually-hidden').forEach((e) => e.remove());
    lines.push(cell.textContent);
  }
  return lines.join('\n');
}, side);

const withoutFinalNewline = (s) => s.replace(/\n$/, '');

// Polls `check` until it is true or `ms` pass (the page re-renders after an event, not during it).
async function until(check, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openOptimize(page) {
  await page.getByRole('button', { name: 'Optimize', exact: true }).click();
  const r = optimizeRegions(page);
  await r.main.locator('table.sbs').waitFor();
  return r;
}

test('Optimize: the rewrite beside the original, sizes before and after, Copy and Download', async () => {
  const { page, editor, problems, context } = await open();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.getByLabel('Example').selectOption({ label: 'Python: the 780 MB Sanic service' });
  const source = await editor.inputValue();
  const { main, size, steps } = await openOptimize(page);
  assert.equal(await page.getByRole('button', { name: 'Optimize', exact: true }).getAttribute('aria-pressed'), 'true');

  // Side by side: the left column is the original, line for line.
  assert.deepEqual(await main.getByRole('columnheader').allInnerTexts(), ['ORIGINAL', 'OPTIMIZED']);
  assert.equal(await sideText(page, 'left'), withoutFinalNewline(source));
  const rows = main.locator('table.sbs tbody tr');
  assert.ok(await rows.count() >= source.trimEnd().split('\n').length);

  // Sizes: both totals and a bar set each.
  const before = await size.getByTestId('size-before').innerText();
  assert.match(before, /^\d[\d.]* (B|kB|MB|GB)$/);
  assert.match(await size.getByTestId('size-after').innerText(), /^\d[\d.]* (B|kB|MB|GB)$/);
  assert.ok(await size.getByRole('list', { name: 'Layers before' }).getByRole('listitem').count() >= 2);
  assert.ok(await size.getByRole('list', { name: 'Layers after' }).getByRole('listitem').count() >= 1);

  // Copy and Download give the optimized Dockerfile and the .dockerignore, as shown.
  const right = await sideText(page, 'right');
  await main.getByRole('button', { name: 'Copy optimized Dockerfile' }).click();
  await main.getByRole('status').filter({ hasText: 'Copied.' }).first().waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(withoutFinalNewline(copied), right, 'the copied text is the right-hand column');
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    main.getByRole('button', { name: 'Download optimized Dockerfile' }).click(),
  ]);
  assert.equal(dl.suggestedFilename(), 'Dockerfile');
  assert.equal(fs.readFileSync(await dl.path(), 'utf8'), copied);
  const ignore = page.getByRole('region', { name: '.dockerignore' });
  const ignoreText = await ignore.getByLabel('Generated .dockerignore').innerText();
  await ignore.getByRole('button', { name: 'Copy .dockerignore' }).click();
  await ignore.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
  assert.equal((await page.evaluate(() => navigator.clipboard.readText())).trim(), ignoreText.trim());
  const [dl2] = await Promise.all([
    page.waitForEvent('download'),
    ignore.getByRole('button', { name: 'Download .dockerignore' }).click(),
  ]);
  assert.equal(fs.readFileSync(await dl2.path(), 'utf8').trim(), ignoreText.trim());
  assert.match(dl2.suggestedFilename(), /dockerignore$/);

  // Steps: a checkbox each, named by the step's title.
  const boxes = steps.getByRole('checkbox');
  const n = await boxes.count();
  if (n === 0) {
    await main.getByTestId('no-changes').waitFor();
    assert.equal(right, withoutFinalNewline(source), 'no steps: the rewrite is the original');
    assert.equal(await main.locator('tr.sbs-row:not(.same)').count(), 0);
  } else {
    assert.equal(await main.getByTestId('no-changes').count(), 0);
    assert.notEqual(right, withoutFinalNewline(source), 'steps are on: the rewrite differs');
    assert.ok(await main.locator('tr.sbs-row:not(.same)').count() >= 1, 'changed lines are marked');
    // A step that wrote a line on the right (its title is on the line): switch it off.
    const marked = await main.locator('td.by-step').evaluateAll((tds) => tds.map((td) => td.title));
    let box = null, name = null;
    for (let i = 0; i < n && !box; i++) {
      const b = boxes.nth(i);
      // The name is the title plus its lines (two steps of a kind share a title); marks carry the title.
      const label = (await b.evaluate((el) => el.labels[0].textContent)).trim();
      const title = label.replace(/ \(lines? [\d, ]+\)$/, '');
      if (await b.isChecked() && marked.some((t) => t.includes(title))) { box = b; name = label; }
    }
    assert.ok(box, `a step marks the lines it wrote (marks: ${marked.join(' | ')})`);
    assert.equal(await steps.getByRole('checkbox', { name, exact: true }).count(), 1, 'the checkbox is named by its title');
    assert.match(await steps.locator('li.opt-step').first().innerText(), /safe|needs a check/);
    // Each step opens its kind's documentation (what `layerlens step KIND` prints): why, and an
    // example before and after.
    const about = steps.locator('li.opt-step').first().locator('details.opt-kind');
    await about.locator('summary').click();
    assert.match(await about.innerText(), /About “[a-z-]+” steps[\s\S]*Example[\s\S]*Rewritten/);
    // The non-root user is offered, never applied unasked.
    const user = steps.getByRole('checkbox', { name: /Run the app as an unprivileged user/ });
    if (await user.count()) assert.equal(await user.first().isChecked(), false, 'USER is opt-in');
    await box.uncheck();
    await until(async () => (await sideText(page, 'right')) !== right);
    const without = await sideText(page, 'right');
    assert.notEqual(without, right, `switching off “${name}” changes the rewrite`);
    assert.equal(await box.isChecked(), false);
    await page.screenshot({ path: path.join(artifacts, 'optimize-step-off.png'), fullPage: true });
    // Back on, from the keyboard.
    await box.focus();
    await page.keyboard.press('Space');
    await until(async () => (await sideText(page, 'right')) === right);
    assert.equal(await box.isChecked(), true);
    assert.equal(await sideText(page, 'right'), right, 'switching it back on restores the rewrite');
  }
  await page.screenshot({ path: path.join(artifacts, 'optimize.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Optimize: an -onbuild image is written out first, and each step switches on its own', async () => {
  const { page, editor, problems, context } = await open();
  const src = 'FROM node:8-onbuild\nEXPOSE 3000\n';
  await editor.fill(src);
  const { steps } = await openOptimize(page);
  // The triggers the image ran, written out on its plain image, before anything else.
  const expand = steps.getByRole('checkbox', { name: /Write out .*node:8-onbuild.* as .*node:8\b/ });
  assert.equal(await expand.count(), 1);
  assert.equal(await expand.isChecked(), true);
  let right = await sideText(page, 'right');
  assert.match(right, /^FROM node:8-slim$/m, 'then built on the slim image');
  assert.match(right, /^COPY package\.json \/usr\/src\/app\/$/m);
  assert.match(right, /npm install --production/, "npm 5 reads --production, not --omit=dev");
  assert.match(right, /^CMD \["npm", "start"\]$/m, "the image's own CMD kept");
  // A step on a written-out line switches off on its own.
  const omit = steps.getByRole('checkbox', { name: /Install only production dependencies/ });
  await omit.uncheck();
  await until(async () => !(await sideText(page, 'right')).includes('--production'));
  right = await sideText(page, 'right');
  assert.doesNotMatch(right, /--production/);
  assert.match(right, /^COPY package\.json \/usr\/src\/app\/$/m, 'the rest stays');
  await page.screenshot({ path: path.join(artifacts, 'optimize-onbuild.png'), fullPage: true });
  // Switched off, nothing touches the onbuild FROM: the file comes back as it was.
  await expand.uncheck();
  await until(async () => (await sideText(page, 'right')) === withoutFinalNewline(src));
  assert.equal(await sideText(page, 'right'), withoutFinalNewline(src));
  assert.deepEqual(problems, []);
  await context.close();
});

test('Optimize: a C program built on plain Debian ships on the slim release with the libraries, not the headers', async () => {
  const { page, editor, problems, context } = await open();
  const src = [
    'FROM debian:bookworm',
    'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates gcc make libncursesw5-dev && rm -rf /var/lib/apt/lists/*',
    'COPY . /src',
    'WORKDIR /src',
    'RUN make && make install',
    'ENTRYPOINT ["/usr/local/bin/mdp"]',
    '',
  ].join('\n');
  await editor.fill(src);
  const { steps } = await openOptimize(page);
  const split = steps.getByRole('checkbox', { name: /Build on .*debian:bookworm.*, ship on .*debian:bookworm-slim.* without the compilers/ });
  await until(async () => (await split.count()) === 1);
  assert.equal(await split.isChecked(), true, 'on by default');
  // The runtime stage installs what the headers stand for, read from Debian's package table.
  await until(async () => /libncursesw6/.test(await sideText(page, 'right')));
  const right = await sideText(page, 'right');
  assert.match(right, /^FROM debian:bookworm AS builder$/m);
  assert.match(right, /^FROM debian:bookworm-slim$/m);
  assert.match(right, /apt-get install -y --no-install-recommends ca-certificates .*libncursesw6/);
  assert.doesNotMatch(right.split('FROM debian:bookworm-slim')[1], /gcc|make |-dev/, 'no compiler or headers in the image that ships');
  assert.match(right, /^COPY --from=builder \/usr\/local\/bin\/mdp \/usr\/local\/bin\/mdp$/m);
  await page.screenshot({ path: path.join(artifacts, 'optimize-os-build.png'), fullPage: true });
  // Off, one stage again.
  await split.uncheck();
  await until(async () => !(await sideText(page, 'right')).includes('AS builder'));
  assert.equal((await sideText(page, 'right')).match(/^FROM /gm).length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Optimize: a file with nothing to improve says so and shows it unchanged', async () => {
  const { page, editor, problems, context } = await open();
  const src = 'FROM scratch\nCOPY server /server\nENTRYPOINT ["/server"]\n';
  await editor.fill(src);
  const { main, steps } = await openOptimize(page);
  assert.equal(await sideText(page, 'left'), withoutFinalNewline(src));
  if (await steps.getByRole('checkbox').count() === 0) {
    assert.match(await main.getByTestId('no-changes').innerText(), /^No changes/);
    assert.equal(await sideText(page, 'right'), withoutFinalNewline(src));
    assert.equal(await main.locator('tr.sbs-row:not(.same)').count(), 0);
  } else {
    assert.equal(await main.getByTestId('no-changes').count(), 0, 'steps found: no "no changes" message');
  }
  // Going back keeps the text; coming again shows the same.
  await page.getByRole('button', { name: 'Analyze' }).click();
  assert.equal(await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), src);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Optimize on a phone and in dark mode: one column, nothing wider than the screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', isMobile: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(base);
  await page.getByRole('textbox', { name: 'Dockerfile' }).waitFor({ timeout: 15000 });
  await page.getByLabel('Example').selectOption({ label: 'Python: the 780 MB Sanic service' });
  const { main, size } = await openOptimize(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  const a = await main.boundingBox();
  const b = await size.boundingBox();
  assert.ok(b.y >= a.y + a.height - 1, 'the steps and sizes come below the rewrite');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(17, 20, 26)', 'dark colours');
  await page.screenshot({ path: path.join(artifacts, 'optimize-phone-dark.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
