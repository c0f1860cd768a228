// The embedded widget's side of talking to the page that embeds it (README, "Embedding"). The
// start script (static/start.js) imports it in embed mode only; the app never loads it otherwise.
//
// Only one origin is trusted, both ways: the `origin` parameter of the widget's address (what
// embed.js sets), else the origin the browser gave as the iframe's referrer. Messages from any
// other origin, or from any window but the parent, are ignored; reports are posted with that
// origin as the target, so no other page can receive them. With no origin, the widget still
// shows a Dockerfile given in its address (#dockerfile=, #s=) but neither listens nor reports.
//   host → widget: {type: 'layerlens:set', dockerfile}
//   widget → host: {type: 'layerlens:ready'}, {type: 'layerlens:report', …} (src/report.rs),
//                  {type: 'layerlens:height', height} (CSS pixels of its content)

const originOf = (url) => { try { const o = new URL(url).origin; return o === 'null' ? null : o; } catch { return null; } };

export function connect({ open, plain, fromAddress, appReady }) {
  const root = document.documentElement;
  const host = originOf(new URLSearchParams(location.search).get('origin') || '') || originOf(document.referrer);
  const framed = window.parent !== window;
  const post = (msg) => { if (host && framed) window.parent.postMessage(msg, host); };
  let text = '';
  const show = (t) => { text = t; open(plain(t)); root.classList.add('loaded'); root.classList.toggle('empty', !t.trim()); };

  // Until the app is ready the first report is the start file's: reports count from then on.
  let ready = false;
  appReady.then(async () => {
    ready = true;
    const given = await fromAddress();
    if (given) root.classList.add('loaded');
    else if (!root.classList.contains('loaded')) show('');
    post({ type: 'layerlens:ready' });
  });
  let report = null;
  addEventListener('layerlens:report', (e) => { if (ready) post(report = JSON.parse(e.detail)); });

  if (host && framed) {
    addEventListener('message', (e) => {
      if (e.origin !== host || e.source !== window.parent) return;
      const d = e.data;
      if (!d || d.type !== 'layerlens:set' || typeof d.dockerfile !== 'string') return;
      // The same file again changes nothing in the app: answer with its report again.
      if (d.dockerfile === text && report) post(report); else show(d.dockerfile);
    });
    let last = 0;
    new ResizeObserver(() => {
      const h = Math.ceil(document.body.getBoundingClientRect().height);
      if (h !== last) { last = h; post({ type: 'layerlens:height', height: h }); }
    }).observe(document.body);
  }

  // A slim header: what this is, and the whole app in a new tab with the file (in the fragment).
  const bar = document.createElement('div');
  bar.className = 'embed-top';
  bar.innerHTML = '<span class="brand"><span class="logo" aria-hidden="true">◧</span>layerlens</span> <span class="embed-note">Runs in this page: nothing is uploaded.</span> <a class="embed-open" target="_blank" rel="noopener">Open in layerlens ↗</a><p class="embed-empty" role="status">No Dockerfile yet: the page showing this widget has not sent one.</p>';
  const link = bar.querySelector('a');
  const aim = () => { link.href = `./#dockerfile=${encodeURIComponent(editorText() ?? text)}`; };
  for (const on of ['pointerdown', 'focus', 'click']) link.addEventListener(on, aim);
  link.href = './';
  // Yew empties <body> when it mounts the app: whichever comes first, the bar is put back then.
  const place = () => { if (!bar.isConnected) document.body.prepend(bar); };
  if (document.body) place(); else addEventListener('DOMContentLoaded', place, { once: true });
  appReady.then(place);
}

// What is in the widget's editor now (the person may have edited it), when it shows one.
function editorText() {
  return document.querySelector('textarea.input')?.value;
}
