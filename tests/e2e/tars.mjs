// Image tars generated for the browser tests: docker save archives (small in memory, or a large
// one streamed to disk), a multi-platform OCI layout, gzip-compressed layers.
import fs from 'node:fs';
import zlib from 'node:zlib';
import crypto from 'node:crypto';

/** A ustar header block. `type` is '0' (file) or '5' (directory). */
export function header(name, size, type = '0', mode = type === '5' ? 0o755 : 0o644) {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write(mode.toString(8).padStart(7, '0') + '\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(size.toString(8).padStart(11, '0') + '\0', 124, 'ascii');
  h.write('14000000000\0', 136, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.write('        ', 148, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

const pad = (n) => Buffer.alloc((512 - (n % 512)) % 512);

/** A tar of [name, Buffer | string] entries (names ending in / are directories). */
export function tar(entries) {
  const parts = [];
  for (const [name, body] of entries) {
    if (name.endsWith('/')) { parts.push(header(name, 0, '5')); continue; }
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
    parts.push(header(name, b.length), b, pad(b.length));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

/** A legacy docker save of the given layer tars (Buffers), with one history entry per layer. */
export function dockerSave(layers, { commands = [], user = '' } = {}) {
  const entries = [];
  const names = layers.map((l, i) => `${String(i).padStart(64, '0')}/layer.tar`);
  layers.forEach((l, i) => entries.push([names[i], l]));
  const config = JSON.stringify({
    os: 'linux', architecture: 'amd64', config: { User: user, Env: ['PATH=/usr/bin'] },
    history: layers.map((_, i) => ({ created_by: commands[i] ?? `/bin/sh -c make layer ${i}` })),
    rootfs: { type: 'layers', diff_ids: layers.map((l) => `sha256:${sha(l)}`) },
  });
  entries.push(['config.json', config]);
  entries.push(['manifest.json', JSON.stringify([{ Config: 'config.json', RepoTags: ['generated:1'], Layers: names }])]);
  return tar(entries);
}

/** An OCI layout with an index of two platforms (linux/amd64, linux/arm64), one layer each. */
export function ociMultiPlatform() {
  const blobs = [];
  const blob = (bytes) => { const b = Buffer.from(bytes); const d = sha(b); blobs.push([`blobs/sha256/${d}`, b]); return { digest: `sha256:${d}`, size: b.length }; };
  const manifests = ['amd64', 'arm64'].map((arch, i) => {
    const layer = zlib.gzipSync(tar([[`etc/${arch}.txt`, 'x'.repeat(1000 * (i + 1))]]));
    const diff = `sha256:${sha(zlib.gunzipSync(layer))}`;
    const l = blob(layer);
    const c = blob(JSON.stringify({ os: 'linux', architecture: arch, config: {}, rootfs: { type: 'layers', diff_ids: [diff] }, history: [{ created_by: `COPY ${arch}.txt /etc/` }] }));
    const m = blob(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...c },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...l }],
    }));
    return { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...m, platform: { os: 'linux', architecture: arch } };
  });
  const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests });
  return tar([['oci-layout', '{"imageLayoutVersion":"1.0.0"}'], ['index.json', index], ...blobs]);
}

/**
 * Streams a large docker save to `path`: `layers` layers of `files` files of `fileBytes` bytes
 * each (under 100-file directories), like crates/layerlens-core/benches/image.rs.
 * With `gzip`, each layer is gzip-compressed (text-like bodies, ≈ 3–4 : 1).
 */
export function writeBigDockerSave(path, { layers = 8, files = 100_000, fileBytes = 10_000, gzip = false } = {}) {
  const fd = fs.openSync(path, 'w');
  const per = Math.floor(files / layers);
  const body = gzip ? textLike(1 << 20) : noise(1 << 16);
  const span = Math.max(1, body.length - fileBytes);
  const names = [];
  const diffIds = [];
  const tmp = `${path}.layer`;
  for (let k = 0; k < layers; k++) {
    // Each layer goes to a temp file first: the outer header needs its size.
    const lfd = fs.openSync(tmp, 'w');
    let chunks = [];
    let pending = 0;
    const flush = () => { if (chunks.length) { fs.writeSync(lfd, Buffer.concat(chunks)); chunks = []; pending = 0; } };
    const put = (b) => { chunks.push(b); pending += b.length; if (pending > (8 << 20)) flush(); };
    for (let i = 0; i < per; i++) {
      if (i % 100 === 0) put(header(`srv/l${k}/d${i / 100}/`, 0, '5'));
      put(header(`srv/l${k}/d${Math.floor(i / 100)}/file${i}.dat`, fileBytes));
      const from = (i * 7919) % span;
      put(body.subarray(from, from + fileBytes));
      put(pad(fileBytes));
    }
    put(Buffer.alloc(1024));
    flush();
    fs.closeSync(lfd);
    let layerPath = tmp;
    if (gzip) {
      const raw = fs.readFileSync(tmp);
      diffIds.push(`sha256:${sha(raw)}`);
      fs.writeFileSync(`${tmp}.gz`, zlib.gzipSync(raw, { level: 6 }));
      layerPath = `${tmp}.gz`;
    } else {
      diffIds.push(`sha256:${String(k).padStart(64, '0')}`);
    }
    const size = fs.statSync(layerPath).size;
    const name = `${String(k).padStart(64, '0')}/layer.tar`;
    names.push(name);
    fs.writeSync(fd, header(name, size));
    const lf = fs.openSync(layerPath, 'r');
    const buf = Buffer.alloc(8 << 20);
    for (;;) { const n = fs.readSync(lf, buf, 0, buf.length); if (!n) break; fs.writeSync(fd, buf.subarray(0, n)); }
    fs.closeSync(lf);
    fs.writeSync(fd, pad(size));
    fs.rmSync(layerPath, { force: true });
    fs.rmSync(tmp, { force: true });
  }
  const config = JSON.stringify({ os: 'linux', architecture: 'amd64', config: { User: 'app' }, history: names.map((_, i) => ({ created_by: `/bin/sh -c make layer ${i}` })), rootfs: { type: 'layers', diff_ids: diffIds } });
  const manifest = JSON.stringify([{ Config: 'config.json', RepoTags: ['bench:1'], Layers: names }]);
  for (const [name, text] of [['config.json', config], ['manifest.json', manifest]]) {
    const b = Buffer.from(text);
    fs.writeSync(fd, Buffer.concat([header(name, b.length), b, pad(b.length)]));
  }
  fs.writeSync(fd, Buffer.alloc(1024));
  fs.closeSync(fd);
  return fs.statSync(path).size;
}

function noise(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (Math.imul(i, 2654435761) >>> 13) & 0xff;
  return b;
}

/** Words and code-like text that compresses about as well as a real layer. */
function textLike(n) {
  const words = ['layer', 'image', 'docker', 'size', 'apt-get', 'install', 'python3', 'lib', 'usr', 'share', 'doc', 'cache', '0.9.1', '{', '}', '=', '\n', 'return', 'function'];
  let seed = 0x2545f491;
  const parts = [];
  let len = 0;
  while (len < n) {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    const w = words[(seed >>> 0) % words.length];
    const num = ((seed >>> 8) & 0xfff).toString(16);
    const s = `${w} ${num} `;
    parts.push(s);
    len += s.length;
  }
  return Buffer.from(parts.join('')).subarray(0, n);
}
