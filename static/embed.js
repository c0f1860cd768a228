// layerlens on any page. Add, once:
//   <script src="https://WHERE-LAYERLENS-IS/embed.js" defer></script>
// and every element with a data-layerlens attribute becomes the widget (an <iframe>):
//   <pre data-layerlens data-panels="size,findings" data-theme="dark">FROM python:3.12-slim …</pre>
//   <div data-layerlens data-dockerfile="FROM alpine:3.20"></div>
//   <div data-layerlens data-src="/files/Dockerfile"></div>   (fetched by this page, not by layerlens)
// The Dockerfile goes to the widget by postMessage, to layerlens's origin only. The widget answers
// on the element: a `layerlens:report` event after every analysis (event.detail is the report),
// and the iframe's height follows its content. element.layerlens.set(text) sends another file.
(() => {
  const script = document.currentScript;
  const base = new URL('./', script ? script.src : location.href);
  const mount = (el) => {
    if (el.layerlens) return;
    const q = new URLSearchParams({ origin: location.origin });
    if (el.dataset.panels) q.set('panels', el.dataset.panels);
    if (el.dataset.theme) q.set('theme', el.dataset.theme);
    const frame = document.createElement('iframe');
    frame.src = `${base.href}?embed&${q}`;
    frame.title = el.dataset.title || 'layerlens: this Dockerfile explained';
    frame.style.cssText = 'display:block;width:100%;height:360px;border:0;color-scheme:normal';
    let text = el.dataset.dockerfile ?? (el.dataset.src ? null : el.textContent.replace(/^\n/, ''));
    let ready = false;
    const send = async () => {
      if (!ready) return;
      if (text === null) text = await (await fetch(el.dataset.src)).text();
      frame.contentWindow.postMessage({ type: 'layerlens:set', dockerfile: text }, base.origin);
    };
    addEventListener('message', (e) => {
      if (e.source !== frame.contentWindow || e.origin !== base.origin || !e.data) return;
      const d = e.data;
      if (d.type === 'layerlens:ready') { ready = true; send(); }
      else if (d.type === 'layerlens:height') frame.style.height = `${Math.max(80, d.height)}px`;
      else if (d.type === 'layerlens:report') el.dispatchEvent(new CustomEvent('layerlens:report', { detail: d }));
    });
    el.layerlens = { frame, set: (t) => { text = t; return send(); } };
    el.textContent = '';
    el.append(frame);
  };
  const all = () => document.querySelectorAll('[data-layerlens]').forEach(mount);
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', all); else all();
})();
