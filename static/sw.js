// layerlens' service worker: after the first visit the app works with the network off.
// A template: scripts/postbuild.mjs writes dist/sw.js with the lists and versions filled in.
//
// - Every file of the build is cached on install (APP), in a cache named by a hash of them all,
//   so a new build is a new worker: it installs in the background and takes over on the next
//   visit (or at once when the person chooses "Use it now": the page sends "skip-waiting").
// - The knowledge tables (DATA: large, rarely changed) have their own cache, named by their own
//   hash, so an app update does not download them again; they are fetched when a version activates.
// - Requests are answered from the caches first; a same-origin GET they miss is fetched and
//   kept. Anything else is left to the browser (the page's CSP allows no other origin anyway).

const APP = __APP_FILES__;
const DATA = __DATA_FILES__;
const VERSION = '__APP_VERSION__';
const APP_CACHE = 'layerlens-app-' + VERSION;
const DATA_CACHE = 'layerlens-data-__DATA_VERSION__';
const fresh = (f) => new Request(f, { cache: 'no-cache' });

// Install: the app's own files only, so a new version is ready as soon as they are. The
// knowledge tables (one per Debian release, 7–10 MB each) are made sure of when a version
// activates: downloaded once, kept across app updates (their cache is named by their own hash),
// so an update finds them already there. Best effort: a table that fails is cached when the app
// first fetches it.
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(APP_CACHE).then((c) => c.addAll(APP.map(fresh))));
});

const cacheTables = async () => {
  const data = await caches.open(DATA_CACHE);
  await Promise.all(DATA.map(async (f) => { if (!(await data.match(f))) await data.add(fresh(f)).catch(() => {}); }));
};

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const k of await caches.keys()) {
      if (k.startsWith('layerlens-') && k !== APP_CACHE && k !== DATA_CACHE) await caches.delete(k);
    }
    await cacheTables();
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'version') event.ports[0]?.postMessage(VERSION);
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin) return;
  event.respondWith((async () => {
    // The app has one page: a navigation to the site's root (any query, as in ?embed) is it.
    const scope = new URL(self.registration.scope);
    const page = req.mode === 'navigate' && (url.pathname === scope.pathname || url.pathname === scope.pathname + 'index.html');
    const hit = await caches.match(page ? new URL('index.html', scope).href : req, { ignoreSearch: page });
    if (hit) return hit;
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') {
      const copy = res.clone();
      caches.open(url.pathname.includes('/knowledge/') ? DATA_CACHE : APP_CACHE).then((c) => c.put(req, copy));
    }
    return res;
  })());
});
