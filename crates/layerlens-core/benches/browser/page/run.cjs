// Opens the page in headless Chromium (Debian's) and prints what it measured.
const { chromium } = require(process.env.PLAYWRIGHT || 'playwright-core');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const p = await b.newPage();
  await p.goto(`http://127.0.0.1:${process.env.PORT}/index.html`);
  await p.waitForFunction(() => document.getElementById('out').textContent !== 'running', null, { timeout: 300000 });
  console.log(await p.textContent('#out'));
  await b.close();
})();
