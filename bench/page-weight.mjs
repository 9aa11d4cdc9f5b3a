// Page weight (npm run bench:pages): bytes over the wire (compressed, as the browser received
// them) for the first load of public pages in a fresh Chromium profile — HTML, CSS, fonts and
// JavaScript. The target for an article page is at most 50 KB. Then Lighthouse (mobile preset)
// on each public page type, see lighthouse.mjs. Needs `npm run build` first.
//
//   --no-lighthouse       only the bytes table
//   --only=/fi,/fi/ohjeet only these pages (paths as printed, or Lighthouse's page names such as
//                         programme, booking), in both parts
//   --reports=DIR         also write each page's Lighthouse HTML report into DIR
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { lighthousePages, runLighthouse, targetLine } from './lighthouse.mjs';

const { values: flags } = parseArgs({
  options: {
    'no-lighthouse': { type: 'boolean', default: false },
    only: { type: 'string' },
    reports: { type: 'string' },
  },
});
const only = flags.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
/** Whether --only (if given) names this page: by its path, its path without the query, or an alias. */
const wanted = (p, aliases = []) =>
  !only || only.some((o) => o === p || o === p.split('?')[0] || aliases.includes(o));

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.BENCH_PORT ?? 3298);
const base = `http://127.0.0.1:${port}`;
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-pages-'));
// Lighthouse's scores (performance above all) move with the machine's load: run on a quiet machine.
const loadavg = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (1, 5, 15 min) on ${os.cpus().length} cores`;
console.log(`start: ${loadavg()}`);

// Another server on the port would answer /readyz in this one's place: refuse to measure it.
try {
  await fetch(`${base}/readyz`);
  console.error(`port ${port} is in use: set BENCH_PORT to a free port`);
  process.exit(1);
} catch {
  // free
}
const server = spawn(process.execPath, [path.join(root, 'server', 'dist', 'main.js')], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // As a deployment has it: the hreflang alternates are absolute only with a public address.
    PUBLIC_URL: base,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let exited = false;
server.on('exit', () => {
  exited = true;
});
try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) throw new Error('server exited before it was ready');
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > deadline) throw new Error('server did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

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
  ].filter((p) => wanted(p));
  if (pages.length === 0) console.log('bytes: no page of the table matches --only');
  else {
    const browser = await chromium.launch({
      executablePath: chromePath,
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
    console.log('first load, fresh profile, JavaScript on');
    const width = Math.max(38, ...pages.map((p) => p.length));
    console.log(`${'page'.padEnd(width)} requests   KB over the wire   of which JS`);
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
        `${url.padEnd(width)} ${String(requests).padStart(8)}   ${(total / 1024).toFixed(1).padStart(16)}   ${(js / 1024).toFixed(1).padStart(11)}`,
      );
      await context.close();
    }
    await browser.close();
  }

  if (!flags['no-lighthouse']) {
    const pages = (await lighthousePages(base)).filter((p) => wanted(p.path, p.aliases));
    if (pages.length > 0) await runLighthouse({ base, pages, chromePath, reportsDir: flags.reports });
    else console.log(`\nLighthouse: no page matches --only; ${targetLine}`);
  }
  console.log(`end: ${loadavg()}`);
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
