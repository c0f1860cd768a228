// Renders the app icons (static/icons/*.svg) to the PNG sizes the web app manifest lists, with
// Debian's Chromium. The PNGs are committed; run this again after changing an SVG:
//   node scripts/gen-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static', 'icons');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [svg, png, size] of [['icon.svg', 'icon-192.png', 192], ['icon.svg', 'icon-512.png', 512], ['icon-maskable.svg', 'icon-maskable-512.png', 512]]) {
  const data = fs.readFileSync(path.join(dir, svg), 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${data}`);
  await page.locator('svg').screenshot({ path: path.join(dir, png), omitBackground: true });
  console.log(png, fs.statSync(path.join(dir, png)).size, 'bytes');
}
await browser.close();
