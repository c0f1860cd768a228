// The page's own start code, run before the app. scripts/postbuild.mjs puts it in front of
// Trunk's wasm loader in one file (start-HASH.js; the Content-Security-Policy allows no inline
// script) and minifies it. It does the browser plumbing the app's wasm leaves to it: the theme,
// the service worker, share links, and — in embed mode — loading the widget's script. It never
// makes a request beyond this site's own files. Its events with the app: src/bridge.rs.

const params = new URLSearchParams(location.search);
const embedded = params.has('embed');
const root = document.documentElement;

// The colour theme, before the first paint: an embedding page's ?theme=, else the one picked
// on this site before (src/components/theme.rs), else the system's.
const stored = () => { try { return localStorage.getItem('layerlens-theme'); } catch { return null; } };
const theme = (embedded && params.get('theme')) || stored();
if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;

// Payloads for the app (src/share.rs has the format), queued until it listens.
const queue = [];
let ready = false;
const open = (payload) => {
  if (ready) dispatchEvent(new CustomEvent('layerlens:load', { detail: payload }));
  else queue.push(payload);
};
const plain = (text) => `layerlens 1\n\n${text}`;
const appReady = new Promise((resolve) => addEventListener('layerlens:ready', () => { ready = true; queue.splice(0).forEach(open); resolve(); }, { once: true }));

// Share links: the payload deflated by the browser, base64url, in the fragment (never sent).
const pipe = (bytes, stream) => new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
const b64 = (buf) => btoa(Array.from(new Uint8Array(buf), (c) => String.fromCharCode(c)).join('')).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function fromAddress() {
  const h = location.hash;
  try {
    if (h.startsWith('#s=')) {
      open(new TextDecoder().decode(await pipe(unb64(h.slice(3)), new DecompressionStream('deflate-raw'))));
    } else if (h.startsWith('#dockerfile=')) {
      open(plain(decodeURIComponent(h.slice(12))));
    } else return false;
  } catch {
    notice('This link could not be read: it may have been cut short when it was copied.');
  }
  return true;
}
addEventListener('hashchange', fromAddress);

addEventListener('layerlens:share', async (e) => {
  let text = 'This browser cannot make compressed links (it lacks CompressionStream).';
  try {
    const bytes = new TextEncoder().encode(e.detail);
    const link = `${location.origin}${location.pathname}#s=${b64(await pipe(bytes, new CompressionStream('deflate-raw')))}`;
    history.replaceState(null, '', link);
    let copied = false;
    try { await navigator.clipboard.writeText(link); copied = true; } catch {}
    text = `${copied ? 'Link copied, and put in the address bar' : 'The link is in the address bar: copy it from there'} (${link.length.toLocaleString('en')} characters for ${bytes.length.toLocaleString('en')} bytes). It carries the Dockerfile after the #, which browsers never send to a server: nothing was uploaded.`;
  } catch {}
  notice(text);
});

if (embedded) {
  // The widget: hide everything but the panels asked for (static/style.css) until the
  // embedding page's Dockerfile is in, then talk to that page (static/widget.js).
  root.classList.add('embedded');
  // The widget reports every analysis to its host (src/bridge.rs): only here is one wanted.
  window.layerlensReports = true;
  root.dataset.panels = (params.get('panels') || 'editor,size,findings').split(',').map((p) => p.trim()).join(' ');
  import(new URL('widget.js', import.meta.url).href).then((w) => w.connect({ open, plain, fromAddress, appReady }));
} else {
  fromAddress();
}

// Offline: the service worker (sw.js) keeps every file of this version. A new version is
// downloaded in the background and used from the next visit on; the person is told both times.
if ('serviceWorker' in navigator) startWorker().catch(() => {});

async function startWorker() {
  const reg = await navigator.serviceWorker.register(new URL('sw.js', import.meta.url));
  const remember = async () => {
    const now = navigator.serviceWorker.controller && await versionOf(navigator.serviceWorker.controller);
    if (!now) return;
    let before = null;
    try { before = localStorage.getItem('layerlens-version'); localStorage.setItem('layerlens-version', now); } catch {}
    if (before && before !== now) notice('layerlens was updated since your last visit.');
  };
  await remember();
  navigator.serviceWorker.addEventListener('controllerchange', remember);
  const offer = (worker) => notice('A new version of layerlens has been downloaded. It will be used the next time you open layerlens.', 'Use it now', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    worker.postMessage('skip-waiting');
  });
  if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
    });
  });
}

function versionOf(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data);
    worker.postMessage('version', [channel.port2]);
    setTimeout(() => resolve(null), 3000);
  });
}

// A card at the bottom of the page (not in the widget: its host owns the page), read out by
// screen readers; Escape or × closes it.
function notice(text, action, onAction) {
  if (embedded) return;
  const show = () => {
    document.querySelector('.notice')?.remove();
    const box = document.createElement('div');
    box.className = 'notice';
    box.setAttribute('role', 'status');
    const p = document.createElement('p');
    p.textContent = text;
    box.append(p);
    const button = (label, name, fn) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'button';
      b.textContent = label;
      if (name) b.setAttribute('aria-label', name);
      b.addEventListener('click', fn);
      box.append(b);
    };
    if (action) button(action, null, onAction);
    button('×', 'Dismiss', () => box.remove());
    box.addEventListener('keydown', (e) => { if (e.key === 'Escape') box.remove(); });
    document.body.append(box);
  };
  // Yew empties <body> when it mounts the app: a card put there before would be lost.
  appReady.then(show);
}
