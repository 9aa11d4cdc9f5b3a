// Start-up benchmark: time from launching the server (what `npm start` runs, with the build
// already in place) to a 200 from /readyz, on an empty data directory and on a populated one,
// plus resident memory after start. Both cases run in the same session, interleaved, so the
// ratio between them is meaningful on a noisy machine.
//
//   npm run bench:startup                 (embedded PGlite)
//   DATABASE_URL=postgres://… npm run bench:startup   (adds PostgreSQL runs on fresh databases)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.ROUNDS ?? 3);
const port = Number(process.env.BENCH_PORT ?? 3299);

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

async function waitReady(deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

async function startOnce(env) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const ready = await waitReady(Date.now() + 120_000);
  const ms = performance.now() - started;
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error('server did not become ready');
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rss = rssMiB(child.pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { ms, rss };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function freshPostgresUrl(baseUrl, name) {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const results = { 'pglite empty': [], 'pglite populated': [] };
const populatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-populated-'));
await startOnce({ DATA_DIR: populatedDir }); // create and seed once

const pgBase = process.env.DATABASE_URL;
let pgPopulated;
if (pgBase) {
  results['postgres empty'] = [];
  results['postgres populated'] = [];
  pgPopulated = await freshPostgresUrl(pgBase, 'opintori_bench_populated');
  await startOnce({ DATABASE_URL: pgPopulated });
}

for (let round = 0; round < rounds; round++) {
  const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-empty-'));
  results['pglite empty'].push(await startOnce({ DATA_DIR: emptyDir, DATABASE_URL: '' }));
  fs.rmSync(emptyDir, { recursive: true, force: true });
  results['pglite populated'].push(await startOnce({ DATA_DIR: populatedDir, DATABASE_URL: '' }));
  if (pgBase) {
    const emptyUrl = await freshPostgresUrl(pgBase, 'opintori_bench_empty');
    results['postgres empty'].push(await startOnce({ DATABASE_URL: emptyUrl }));
    results['postgres populated'].push(await startOnce({ DATABASE_URL: pgPopulated }));
  }
}
fs.rmSync(populatedDir, { recursive: true, force: true });

console.log(`start-up to /readyz, median of ${rounds} (${os.cpus().length} cores, Node ${process.version})`);
console.log('case                 ready ms   RSS MiB');
for (const [name, runs] of Object.entries(results)) {
  console.log(
    `${name.padEnd(20)} ${median(runs.map((r) => r.ms))
      .toFixed(0)
      .padStart(8)}   ${median(runs.map((r) => r.rss))
      .toFixed(0)
      .padStart(7)}`,
  );
}
const ratio =
  median(results['pglite empty'].map((r) => r.ms)) / median(results['pglite populated'].map((r) => r.ms));
console.log(`ratio empty / populated (PGlite): ${ratio.toFixed(2)}`);
