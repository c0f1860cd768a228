// Prints (never asserts) how fast the Image view reads big images in headless Chromium, and how
// much memory it takes: generated 100 MB and 1 GB uncompressed docker saves (10,000 and 100,000
// files in 8 layers) and a docker save with gzip layers (MB/s of compressed input). Needs dist/
// (or LAYERLENS_DIST) and ≈ 1.4 GB of free space in the temp directory.
//
//   node tests/e2e/image-bench.mjs            # generates the tars, 3 runs each, best and all
//   LAYERLENS_BENCH_TAR=/path/big.tar LAYERLENS_BENCH_GZ=/path/gz.tar node tests/e2e/image-bench.mjs
//   LAYERLENS_BENCH_HELPERS=0 node tests/e2e/image-bench.mjs   # every layer in one worker
//   LAYERLENS_BENCH_NO_MEMORY=1 …   # no memory sampling (it costs the first run some CPU)
//
// Memory: the renderer process's resident size (page + workers, from /proc), sampled every 20 ms,
// peak during the first analysis minus before it (the view and worker already loaded); and the
// worker's wasm memory once done (wasm memory only grows).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
import { writeBigDockerSave } from './tars.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.LAYERLENS_DIST || path.resolve(here, '../../dist');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-image-bench-'));
const runs = Number(process.env.LAYERLENS_BENCH_RUNS || 3);

function tarFile(envName, name, options) {
  if (process.env[envName]) return process.env[envName];
  const p = path.join(tmp, name);
  const t = Date.now();
  writeBigDockerSave(p, options);
  console.log(`wrote ${name}: ${(fs.statSync(p).size / 1e6).toFixed(0)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return p;
}

const rssKiB = (pid) => {
  try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] || 0); } catch { return 0; }
};
const ppid = (pid) => { try { return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]); } catch { return 0; } };
/** This script's Chromium renderer processes (the page and its workers live in one). */
function renderers() {
  const out = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer')) continue;
    } catch { continue; }
    for (let p = Number(d); p > 1; p = ppid(p)) if (p === process.pid) { out.push(Number(d)); break; }
  }
  return out;
}

const mid = tarFile('LAYERLENS_BENCH_MID', 'mid.tar', { files: 10_000, layers: 8, fileBytes: 10_000 });
const big = tarFile('LAYERLENS_BENCH_TAR', 'big.tar', { files: 100_000, layers: 8, fileBytes: 10_000 });
const gz = tarFile('LAYERLENS_BENCH_GZ', 'gz.tar', { files: 40_000, layers: 8, fileBytes: 10_000, gzip: true });

const server = await serve(dist, 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
// LAYERLENS_BENCH_HELPERS=N: how many workers read layers at once (default: the machine's cores, 2–4).
const helpers = process.env.LAYERLENS_BENCH_HELPERS;
await page.goto(`http://127.0.0.1:${server.address().port}/${helpers ? `?helpers=${helpers}` : ''}`);
await page.getByRole('textbox', { name: 'Dockerfile' }).waitFor({ timeout: 15000 });
await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Image', exact: true }).click();
await page.getByRole('button', { name: 'Open image tar…' }).waitFor({ timeout: 20000 });
// Start the worker (an empty file: an error) so that its start-up is not counted.
await page.getByLabel('Image tar file').setInputFiles({ name: 'empty.tar', mimeType: 'application/x-tar', buffer: Buffer.alloc(0) });
await page.getByRole('alert').waitFor();
await page.waitForTimeout(500);

async function analyze(file, sampleMemory) {
  const pids = renderers();
  const base = pids.reduce((a, p) => a + rssKiB(p), 0);
  let peak = base;
  const timer = sampleMemory ? setInterval(() => { peak = Math.max(peak, pids.reduce((a, p) => a + rssKiB(p), 0)); }, 20) : null;
  // In the page: from the file input's change event to the summary on screen.
  const inPage = page.evaluate(() => new Promise((resolve) => {
    let t0 = 0;
    document.querySelector('input[type=file][aria-label="Image tar file"]').addEventListener('change', () => { t0 = performance.now(); }, { once: true, capture: true });
    const mo = new MutationObserver(() => {
      if (t0 && document.querySelector('.img-read')) { mo.disconnect(); requestAnimationFrame(() => resolve(performance.now() - t0)); }
    });
    mo.observe(document.body, { subtree: true, childList: true });
  }));
  const t0 = performance.now();
  await page.getByLabel('Image tar file').setInputFiles(file);
  const pageMs = await inPage;
  const wall = performance.now() - t0;
  if (timer) clearInterval(timer);
  const d = await page.locator('.img-read').evaluate((el) => ({ ...el.dataset }));
  if (sampleMemory) console.log(`  (renderer processes: ${pids.join(', ')}; ${(base / 1024).toFixed(0)} MB resident before)`);
  const layers = await page.locator('[data-figure=layers] .img-fig-value').innerText();
  // "100,000 files in the end": the files the final filesystem holds.
  const files = Number((/([\d,]+) files in the end/.exec(await page.locator('[data-figure=layers]').innerText())?.[1] || '0').replace(/,/g, ''));
  // Back to an empty view for the next run (a cancelled reader leaves nothing behind).
  await page.getByLabel('Image tar file').setInputFiles({ name: 'empty.tar', mimeType: 'application/x-tar', buffer: Buffer.alloc(0) });
  await page.getByRole('alert').waitFor();
  return { wall, pageMs, ...Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Number(v)])), layers, files, extraMB: (peak - base) / 1024 };
}

const fmt = (r, size) => `wall ${(r.wall / 1000).toFixed(2)} s, in the page ${(r.pageMs / 1000).toFixed(2)} s (worker ${(r.elapsedMs / 1000).toFixed(2)} s: waiting for bytes ${(r.readMs / 1000).toFixed(2)} s, headers/inflate ${(r.feedMs / 1000).toFixed(2)} s, analysis ${(r.analyzeMs / 1000).toFixed(2)} s), ${(r.bytesRead / 1e6).toFixed(0)} MB streamed in ${r.streams} streams by ${r.helpers ? `${r.helpers} helper workers (times summed over them)` : 'one worker'}, ${(size / 1e6 / (r.wall / 1000)).toFixed(0)} MB/s of file`;

// The 1 GB image first: its memory figure is then the page's growth from a fresh start.
for (const [label, file, gzip] of [['uncompressed docker save, 100,000 files in 8 layers', big, false], ['uncompressed docker save, 10,000 files in 8 layers', mid, false], ['docker save with 8 gzip layers', gz, true]]) {
  const size = fs.statSync(file).size;
  console.log(`\n${label}: ${(size / 1e9).toFixed(2)} GB`);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await analyze(file, i === 0 && !process.env.LAYERLENS_BENCH_NO_MEMORY);
    results.push(r);
    console.log(`  run ${i + 1}: ${fmt(r, size)}${i === 0 ? `; renderer RSS +${r.extraMB.toFixed(0)} MB at peak, worker wasm memory ${(r.wasmBytes / 1048576).toFixed(0)} MiB${r.helperWasmBytes ? `, helpers' ${(r.helperWasmBytes / 1048576).toFixed(0)} MiB` : ''}` : ''}`);
  }
  const best = results.reduce((a, b) => (b.wall < a.wall ? b : a));
  const filesPerSecond = best.files ? `, ${Math.round(best.files / (best.wall / 1000)).toLocaleString('en')} files/s` : '';
  console.log(`  best: ${(best.wall / 1000).toFixed(2)} s${gzip ? ` = ${(size / 1e6 / (best.wall / 1000)).toFixed(0)} MB/s of compressed input` : ` = ${(size / 1e6 / (best.wall / 1000)).toFixed(0)} MB/s of file`}${filesPerSecond}`);
}
// Compare with…: the 1 GB image open, the same image read again as the one to compare with (two
// 100,000-file analyses in the worker, then the engine's comparison).
{
  const size = fs.statSync(big).size;
  console.log(`\ncompare two ${(size / 1e9).toFixed(2)} GB images (the second read, then compared):`);
  await page.getByLabel('Image tar file').setInputFiles(big);
  await page.locator('.img-read').waitFor({ timeout: 120000 });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await page.getByLabel('Image tar to compare with').setInputFiles(big);
    await page.getByRole('heading', { name: /^Compared with / }).waitFor({ timeout: 120000 });
    times.push(performance.now() - t0);
    await page.getByRole('button', { name: 'Close comparison' }).click();
  }
  const best = Math.min(...times);
  console.log(`  runs: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s; best ${(best / 1000).toFixed(2)} s (reading one alone: the best above)`);
}
console.log(`\n(machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
await browser.close();
server.close();
fs.rmSync(tmp, { recursive: true, force: true });
