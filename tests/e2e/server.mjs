// A tiny static file server for dist/, bound to 127.0.0.1 only. Used by scripts/serve and the
// end-to-end tests. Usage: node tests/e2e/server.mjs DIR [PORT]  (PORT 0 picks a free one).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

export function serve(root, port = 0) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { rel = '/'; }
    let file = path.join(base, path.normalize(rel));
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    if (rel.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        // Unknown paths get the app (it has one page).
        fs.readFile(path.join(base, 'index.html'), (err2, html) => {
          if (err2) { res.writeHead(404).end('not found'); return; }
          res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' }).end(html);
        });
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  const server = await serve(dir, Number(port));
  const { port: p } = server.address();
  console.log(`layerlens is being served at http://127.0.0.1:${p}/  (Ctrl+C stops it)`);
}
