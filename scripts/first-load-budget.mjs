// The first-load budget: what a first visit downloads before the app is usable — the HTML, the
// JavaScript and wasm it loads at once (scripts, module imports, preloads), the CSS — each
// compressed with `gzip -9c FILE` (GNU gzip; Node's zlib, used only when gzip is missing,
// compresses wasm ≈ 1.5 % worse), per file and in total. Fails over the budget.
//   node scripts/first-load-budget.mjs [DIST] [BUDGET_BYTES]    (defaults: dist, 350000)
// Loaded later and not counted: the service worker and what it caches in the background, the
// knowledge tables, the lessons, the Image view's wasm, the icons and the manifest.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';

const dist = path.resolve(process.argv[2] || 'dist');
const budget = Number(process.argv[3] || 350000);
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const local = (url) => (url && !/^[a-z]+:|^\/\//i.test(url) ? url.replace(/^\.?\//, '').split(/[?#]/)[0] : null);
const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([\w-]+)(?:=("[^"]*"|'[^']*'|[^\s>]+))?/g)].slice(1).map(([, k, v = '']) => [k.toLowerCase(), v.replace(/^["']|["']$/g, '')]));

const files = new Set(['index.html']);
for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
  const a = attrs(tag);
  const rel = (a.rel || '').toLowerCase();
  const url = tag.toLowerCase().startsWith('<script') ? a.src : ['stylesheet', 'modulepreload', 'preload'].includes(rel) ? a.href : null;
  if (local(url)) files.add(local(url));
}
// Static imports of the JavaScript loaded so far, and the wasm its loader instantiates.
for (const f of files) {
  if (!f.endsWith('.js')) continue;
  const js = fs.readFileSync(path.join(dist, f), 'utf8');
  for (const m of js.matchAll(/\bimport\s*(?!\()(?:[^'"`;]*?\bfrom\s*)?["']([^"']+)["']|["']([^"']+\.wasm)["']/g)) {
    const u = local(m[1] || m[2]);
    if (u && fs.existsSync(path.join(dist, u))) files.add(u);
  }
}

const gzip = (file) => {
  const r = spawnSync('gzip', ['-9c', file], { maxBuffer: 1 << 30 });
  return r.status === 0 ? r.stdout.length : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
};
let total = 0;
console.log('First load, gzip -9c:');
for (const f of [...files].sort((a, b) => a.localeCompare(b))) {
  const body = fs.readFileSync(path.join(dist, f));
  const gz = gzip(path.join(dist, f));
  total += gz;
  console.log(`  ${f.padEnd(46)} ${gz.toLocaleString('en').padStart(9)}  (${body.length.toLocaleString('en')} bytes)`);
}
const left = budget - total;
console.log(`  ${'total'.padEnd(46)} ${total.toLocaleString('en').padStart(9)}  of ${budget.toLocaleString('en')}: ${left >= 0 ? `${left.toLocaleString('en')} left` : `${(-left).toLocaleString('en')} OVER`}`);
if (left < 0) {
  console.error(`first-load budget exceeded by ${(-left).toLocaleString('en')} bytes`);
  process.exit(1);
}
