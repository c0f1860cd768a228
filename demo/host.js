// The host page's side of embedding layerlens (see README "Embedding").
const widget = new URL(new URLSearchParams(location.search).get('widget') || 'http://127.0.0.1:8080/');
const human = (r) => `${r.final_image} estimated · ${r.instructions} instructions · ${r.layers} layers · ${r.findings.length} findings`;

// 1. The script: it turns [data-layerlens] elements into widgets.
const script = document.createElement('script');
script.src = new URL('embed.js', widget).href;
document.head.append(script);
document.getElementById('by-attribute').addEventListener('layerlens:report', (e) => {
  document.getElementById('attribute-summary').textContent = `Report: ${human(e.detail)}`;
});

// 2. By hand: an iframe in embed mode told which origin this page is, then postMessage.
const frame = document.getElementById('widget');
frame.src = `${widget.href}?embed&panels=editor,size,findings&origin=${encodeURIComponent(location.origin)}`;
const send = () => frame.contentWindow.postMessage(
  { type: 'layerlens:set', dockerfile: document.getElementById('dockerfile').value }, widget.origin);
document.getElementById('send').addEventListener('click', send);
window.reports = [];
addEventListener('message', (e) => {
  // Only the widget, from layerlens's origin.
  if (e.source !== frame.contentWindow || e.origin !== widget.origin) return;
  const d = e.data || {};
  if (d.type === 'layerlens:ready') send();
  if (d.type === 'layerlens:height') frame.style.height = `${d.height}px`;
  if (d.type === 'layerlens:report') {
    window.reports.push(d);
    document.getElementById('message-summary').textContent = `Report: ${human(d)}`;
  }
});
