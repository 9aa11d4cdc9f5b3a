// Start-up benchmark: time from launching the server (what `npm start` runs, with the build
// already in place) to a 200 from /readyz, and its resident memory, on PGlite and PostgreSQL
// side by side, each on an empty and on a populated database. The cases run interleaved in
// rounds, so their ratios are meaningful on a noisy machine.
//
//   npm run bench:startup                           PGlite and PostgreSQL (BENCH_DATABASE_URL)
//   ROUNDS=5 npm run bench:startup
//   BENCH_ENGINES=pglite npm run bench:startup      PGlite only
//   BENCH_NODE_ARGS=--liftoff-only npm run bench:startup    flags for the server's Node.js
//
// Per case (median of the rounds):
//   ready ms     launch → 200 from /readyz
//   RSS start    the server's resident memory 1 s after ready
//   RSS pages    … after the first request of each public page kind (front page, guides, an
//                article, search, catalogue, finder), which loads the page renderer's chunks
//   V8 heap, engine   where the memory after the pages is, from the server's own /metrics: the
//                JavaScript heap in use and the embedded engine's WebAssembly memory
//   peak         the largest sum of resident memory over the server and its child processes,
//                sampled every 50 ms from launch (the first start of an embedded database
//                sets it up in a child process)
// Targets (issue 25): PGlite on a populated data directory ready ≤ 8 s and RSS ≤ 300 MiB.
// Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; the bench
// creates and drops the databases opintori_bench_empty and opintori_bench_populated next to it),
// BENCH_PORT (default 3299).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.ROUNDS ?? 3);
const port = Number(process.env.BENCH_PORT ?? 3299);
const pgBase = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const engines = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const metricsToken = 'startup-bench-metrics-token';
const pages = ['/fi', '/fi/ohjeet', '/fi/koulutukset', '/fi/haku?q=l%C3%A4hihoitaja', '/fi/loyda-koulutus'];

function rssKiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0; // the process ended between listing and reading
  }
}

/** The process and its descendants. */
function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of fs.readdirSync(`/proc/${pids[i]}/task`)) {
        const children = fs.readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // ended
    }
  }
  return pids;
}

const mib = (kib) => kib / 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(child, deadline) {
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  return false;
}

/** The unlabelled samples of the server's /metrics. */
async function scrapeMetrics() {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
  });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const samples = new Map();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+) ([0-9.e+-]+)$/.exec(line);
    if (match) samples.set(match[1], Number(match[2]));
  }
  return samples;
}

async function firstArticlePath() {
  const response = await fetch(`http://127.0.0.1:${port}/fi/ohjeet`);
  const html = await response.text();
  return /href="(\/fi\/ohjeet\/[^"?#]+)"/.exec(html)?.[1];
}

async function startOnce(env) {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SMTP_PORT: 'off',
      METRICS_TOKEN: metricsToken,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  let peak = 0;
  const sampler = setInterval(() => {
    const total = processTree(child.pid).reduce((sum, pid) => sum + rssKiB(pid), 0);
    peak = Math.max(peak, total);
  }, 50);
  try {
    const ready = await waitReady(child, Date.now() + 180_000);
    const ms = performance.now() - started;
    if (!ready) throw new Error(`server did not become ready:\n${stderr}`);
    await sleep(1000);
    const rssStart = rssKiB(child.pid);
    const article = await firstArticlePath();
    for (const page of [...pages, ...(article ? [article] : [])]) {
      const response = await fetch(`http://127.0.0.1:${port}${page}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
    }
    await sleep(500);
    const rssPages = rssKiB(child.pid);
    const metrics = await scrapeMetrics();
    return {
      ms,
      rssStart: mib(rssStart),
      rssPages: mib(rssPages),
      heap: (metrics.get('nodejs_heap_size_used_bytes') ?? NaN) / 2 ** 20,
      engine: (metrics.get('opintori_pglite_memory_bytes') ?? NaN) / 2 ** 20,
      peak: mib(peak),
    };
  } finally {
    clearInterval(sampler);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function freshPostgresUrl(name) {
  const client = new pg.Client({ connectionString: pgBase });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPostgres(name) {
  const client = new pg.Client({ connectionString: pgBase });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
}

const results = {};
const populatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-populated-'));
let pgPopulated;
if (engines.includes('pglite')) {
  results['pglite populated'] = [];
  results['pglite empty'] = [];
  await startOnce({ DATA_DIR: populatedDir, DATABASE_URL: '' }); // create and seed once
}
if (engines.includes('postgres')) {
  results['postgres populated'] = [];
  results['postgres empty'] = [];
  pgPopulated = await freshPostgresUrl('opintori_bench_populated');
  await startOnce({ DATABASE_URL: pgPopulated });
}

for (let round = 0; round < rounds; round++) {
  process.stderr.write(`round ${round + 1}/${rounds}…\n`);
  if (engines.includes('pglite')) {
    results['pglite populated'].push(await startOnce({ DATA_DIR: populatedDir, DATABASE_URL: '' }));
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-empty-'));
    results['pglite empty'].push(await startOnce({ DATA_DIR: emptyDir, DATABASE_URL: '' }));
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }
  if (engines.includes('postgres')) {
    results['postgres populated'].push(await startOnce({ DATABASE_URL: pgPopulated }));
    results['postgres empty'].push(
      await startOnce({ DATABASE_URL: await freshPostgresUrl('opintori_bench_empty') }),
    );
  }
}
fs.rmSync(populatedDir, { recursive: true, force: true });
if (engines.includes('postgres')) {
  await dropPostgres('opintori_bench_empty');
  await dropPostgres('opintori_bench_populated');
}

const load = os.loadavg().map((value) => value.toFixed(1));
console.log(
  `start-up to /readyz, median of ${rounds} (${os.cpus().length} cores, Node ${process.version}` +
    `${nodeArgs.length ? ` ${nodeArgs.join(' ')}` : ''}, load ${load.join(' ')})`,
);
console.log('MiB; V8 heap and engine after the pages; peak over the server and its child processes');
console.log('case                  ready ms   RSS start   RSS pages    V8 heap     engine       peak');
for (const [name, runs] of Object.entries(results)) {
  const cell = (key) => {
    const value = median(runs.map((run) => run[key]));
    return (Number.isNaN(value) ? '–' : value.toFixed(0)).padStart(9);
  };
  console.log(
    `${name.padEnd(20)} ${cell('ms')}   ${cell('rssStart')}   ${cell('rssPages')}  ${cell('heap')}  ${cell('engine')}  ${cell('peak')}`,
  );
}
if (results['pglite populated']) {
  const populated = results['pglite populated'];
  const ms = median(populated.map((run) => run.ms));
  const rss = median(populated.map((run) => run.rssStart));
  console.log(
    `target PGlite populated: ready ≤ 8000 ms (${ms.toFixed(0)}: ${ms <= 8000 ? 'met' : 'NOT met'}), ` +
      `RSS ≤ 300 MiB (${rss.toFixed(0)}: ${rss <= 300 ? 'met' : 'NOT met'})`,
  );
  if (results['postgres populated']) {
    const pgRss = median(results['postgres populated'].map((run) => run.rssStart));
    const pgMs = median(results['postgres populated'].map((run) => run.ms));
    console.log(
      `PGlite / PostgreSQL, populated: ready ${(ms / pgMs).toFixed(2)}×, RSS ${(rss / pgRss).toFixed(2)}×`,
    );
  }
}
