// Opens the pages in headless Chromium (Debian's) and prints what they measured.
const { chromium } = require(process.env.PLAYWRIGHT || 'playwright-core');
(async () => {
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const p = await b.newPage();
  const base = `http://127.0.0.1:${process.env.PORT}`;
  await p.goto(`${base}/index.html`);
  await p.waitForFunction(() => document.getElementById('out').textContent !== 'running', null, { timeout: 300000 });
  console.log(await p.textContent('#out'));
  if (process.env.IMAGE) {
    await p.goto(`${base}/file.html`);
    await p.waitForFunction(() => document.getElementById('out').textContent === 'ready', null, { timeout: 60000 });
    await p.setInputFiles('#f', process.env.IMAGE);
    for (const w of (process.env.WINDOWS || '512,65536,1048576,4194304,16777216').split(',').map(Number)) {
      // Twice: the first run warms the OS cache.
      await p.evaluate((w) => window.runWorker(w), w);
      console.log('image in the browser, ' + await p.evaluate((w) => window.runWorker(w), w));
      console.log('image in the browser, ' + await p.evaluate((w) => window.runBench(w), w));
    }
  }
  await b.close();
})();
