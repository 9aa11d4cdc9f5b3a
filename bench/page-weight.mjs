// Page weight (npm run bench:pages): bytes over the wire (compressed, as the browser received
// them) for the first load of public pages in a fresh Chromium profile — HTML, CSS, fonts and
// JavaScript. The target for an article page is at most 50 KB. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.BENCH_PORT ?? 3298);
const base = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-pages-'));

const server = spawn(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const pages = [
    '/fi/ohjeet/oppisopimus',
    '/fi/selko/oppisopimus',
    '/en/guides/hakeminen-aikuisena-ar',
    '/fi/ohjeet',
    '/fi',
    '/fi/haku?q=oppisopimuksella',
    '/fi/koulutukset',
    '/fi/koulutukset?municipality=678&type=vocational_upper_secondary',
    '/fi/loyda-koulutus',
  ];
  console.log('first load, fresh profile, JavaScript on');
  console.log('page                                   requests   KB over the wire   of which JS');
  for (const url of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const types = new Map();
    let total = 0;
    let js = 0;
    let requests = 0;
    cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type));
    cdp.on('Network.loadingFinished', (event) => {
      requests += 1;
      total += event.encodedDataLength;
      if (types.get(event.requestId) === 'Script') js += event.encodedDataLength;
    });
    await page.goto(base + url, { waitUntil: 'networkidle' });
    console.log(
      `${url.padEnd(38)} ${String(requests).padStart(8)}   ${(total / 1024).toFixed(1).padStart(16)}   ${(js / 1024).toFixed(1).padStart(11)}`,
    );
    await context.close();
  }
  await browser.close();
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
