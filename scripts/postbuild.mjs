// Trunk's post_build hook (Trunk.toml), run on the staged build before it becomes dist/:
//
// 1. No inline script. Trunk writes its wasm loader inline in index.html; the page's
//    Content-Security-Policy (index.html) forbids inline script. The loader moves, behind the
//    page's own start code (static/start.js), into start-HASH.js, referenced with its SRI hash.
//    The build fails if any inline script is left.
// 2. Small. The first load's JavaScript (that file and wasm-bindgen's glue) is minified with
//    terser, and the glue's SRI hash in index.html updated; HTML comments go, and the icon's
//    SRI hash (browsers do not check one there).
// 3. Offline. dist/sw.js is static/sw.js with every built file listed — whatever Trunk emitted,
//    lazily loaded workers included — and versions that are hashes of their contents.
//
// Usage outside Trunk: node scripts/postbuild.mjs STAGING_DIR (TRUNK_* variables otherwise).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const staging = process.env.TRUNK_STAGING_DIR || process.argv[2];
const source = process.env.TRUNK_SOURCE_DIR || path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const publicUrl = process.env.TRUNK_PUBLIC_URL || '/';
if (!staging) throw new Error('usage: node scripts/postbuild.mjs STAGING_DIR');

const hash = (algo, data) => crypto.createHash(algo).update(data);
const sriOf = (data) => `sha384-${hash('sha384', data).digest('base64')}`;
const { minify } = createRequire(path.join(source, 'package.json'))('terser');
const small = async (code) => (await minify(code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;

// 1. The loader into a file.
const htmlPath = path.join(staging, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');
const inline = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;
const scripts = [...html.matchAll(inline)];
const loader = scripts.find(([tag]) => /\btype=["']?module/.test(tag));
if (!loader) throw new Error("Trunk's inline module script is not in index.html");
const code = await small(`${fs.readFileSync(path.join(source, 'static', 'start.js'), 'utf8')}\n${loader[1].trim()}\n`);
const startName = `start-${hash('sha256', code).digest('hex').slice(0, 16)}.js`;
fs.writeFileSync(path.join(staging, startName), code);
// (`crossorigin` alone means anonymous; module scripts need no `type` quotes.)
html = html.replace(loader[0], `<script type=module src="${publicUrl}${startName}" integrity="${sriOf(code)}" crossorigin></script>`);
// Any other inline script (`trunk serve` adds its reload script) becomes a file of its own.
for (const [tag, body] of scripts.filter((s) => s !== loader)) {
  const name = `script-${hash('sha256', body).digest('hex').slice(0, 16)}.js`;
  fs.writeFileSync(path.join(staging, name), body);
  html = html.replace(tag, `<script src="${publicUrl}${name}"></script>`);
}
if ([...html.matchAll(inline)].length) throw new Error('index.html still has an inline script');

// 2. wasm-bindgen's glue, minified in place (its name keeps Trunk's hash of the original).
const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([\w-]+)(?:=("[^"]*"|'[^']*'|[^\s>]+))?/g)].slice(1).map(([, k, v = '']) => [k, v.replace(/^["']|["']$/g, '')]));
for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
  const a = attrs(tag);
  if (a.rel !== 'modulepreload' || !a.href.endsWith('.js') || !a.integrity) continue;
  const file = path.join(staging, a.href.slice(publicUrl.length));
  const glue = await small(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, glue);
  html = html.replace(a.integrity, sriOf(glue));
}
html = html.replace(/<!--[\s\S]*?-->/g, '').replace(/\n\s*\n/g, '\n');
// Browsers ignore `integrity` on an icon link (SRI covers scripts, styles and preloads): the
// 64 characters of hash Trunk writes there are first-load bytes that check nothing.
html = html.replace(/<link\b[^>]*\brel=["']?icon\b[^>]*>/g, (tag) => tag.replace(/\s+integrity=("[^"]*"|'[^']*'|[^\s>]+)/, ''));
fs.writeFileSync(htmlPath, html);

// 3. The service worker's lists.
const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else files.push(path.relative(staging, p).split(path.sep).join('/'));
  }
})(staging);
files.sort();
const listed = files.filter((f) => f !== 'sw.js' && !f.startsWith('.'));
const data = listed.filter((f) => f.startsWith('knowledge/'));
const app = listed.filter((f) => !data.includes(f));
const version = (list) => {
  const h = hash('sha256', '');
  for (const f of list) h.update(f).update('\0').update(fs.readFileSync(path.join(staging, f)));
  return h.digest('hex').slice(0, 16);
};
const sw = fs.readFileSync(path.join(source, 'static', 'sw.js'), 'utf8')
  .replace('__APP_FILES__', JSON.stringify(app))
  .replace('__DATA_FILES__', JSON.stringify(data))
  .replace('__APP_VERSION__', version(app))
  .replace('__DATA_VERSION__', version(data));
fs.writeFileSync(path.join(staging, 'sw.js'), sw);
console.log(`postbuild: ${startName}; sw.js caches ${app.length} app files and ${data.length} table(s)`);
