// Chat load benchmark (npm run bench:chat): simulated visitors and counsellors over real
// sockets against a real server process (node server/dist/main.js), on PostgreSQL and on
// PGlite, next to the same load on a bare Socket.IO echo server (chat-echo-server.mjs).
//
// For each engine and size N: ceil(N / 10) counsellors sign in, set themselves available
// (10 chats each) and open one /staff socket each; N visitors start a chat over HTTP, the
// counsellors accept them and watch them, the visitors connect to /client; then every visitor
// sends a message every 5 s (random phase) for 30 s. Measured:
//   ack      visitor emit → the server's acknowledgement (stored, seq assigned)
//   deliver  visitor emit → the counsellor's /staff socket receives the `message` event
//   stored/s rows in `messages` written by the visitors, over the length of the load phase
//   RSS      the server child's VmRSS (peak during the load phase)
// and, on PostgreSQL, whether one node holds BENCH_CHAT_IDLE (5,000) idle visitor sockets.
//
//   npm run bench:chat                                  full run (~5–8 min)
//   npm run bench:chat -- --quick                       50 and 200 chats, 10 s, 500 idle
//   npm run bench:chat -- --sizes=200 --seconds=15 --engines=postgres --idle=0
//   npm run bench:chat -- --compare-metrics            metrics on and off, alternating rounds
//                                                       (--rounds=4, --scrape-every=1000 ms)
// Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; the bench
// drops and creates the database bench_chat next to it), BENCH_CHAT_PORT (default 3500; the
// echo server uses port + 99). Open files: the script raises its own limit to the hard limit
// (prlimit); the server child inherits it. With a hard limit below ~12,000, lower --idle.
// BENCH_NODE_ARGS passes flags to the server processes (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { openDatabase } from '../server/src/db/database.js';
import { createToken, sha256 } from '../server/src/shared/secrets.js';
import { printComparison, startScraper, type RoundFigures, type ScrapeSummary } from './chat-metrics.js';
import {
  DEFAULT_PG,
  NodeProcess,
  myChats,
  connectSocket,
  ensureServerBuilt,
  freshPostgres,
  inBatches,
  killAllChildren,
  login,
  percentile,
  postgresAnswers,
  prepareDatabase,
  raiseFileLimit,
  randomId,
  root,
  rssMiB,
  serverEnv,
  serverMain,
  setAvailable,
  sleep,
  startChat,
} from './chat-support.js';

// ---------------------------------------------------------------------------------------------
// Options

const flags = new Map(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith('--'))
    .map((arg) => {
      const [key, value] = arg.slice(2).split('=');
      return [key!, value ?? 'true'] as const;
    }),
);
const quick = flags.has('quick');
const option = (flag: string, env: string, fallback: string) =>
  flags.get(flag) ?? process.env[env] ?? fallback;
const sizes = option(
  'sizes',
  'BENCH_CHAT_SIZES',
  flags.has('compare-metrics') ? '200' : quick ? '50,200' : '200,1000',
)
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const seconds = Number(option('seconds', 'BENCH_CHAT_SECONDS', quick ? '10' : '30'));
const intervalMs = Number(option('interval', 'BENCH_CHAT_INTERVAL_MS', '5000'));
const idleCount = Number(option('idle', 'BENCH_CHAT_IDLE', quick ? '500' : '5000'));
const engines = option('engines', 'BENCH_CHAT_ENGINES', 'postgres,pglite')
  .split(',')
  .filter((e): e is 'postgres' | 'pglite' => e === 'postgres' || e === 'pglite');
const compareMetrics = flags.has('compare-metrics');
const rounds = Number(option('rounds', 'BENCH_CHAT_ROUNDS', '4'));
const scrapeEveryMs = Number(option('scrape-every', 'BENCH_CHAT_SCRAPE_MS', '1000'));
const METRICS_TOKEN = 'bench-metrics-token-0123456789';
const basePg = process.env.BENCH_DATABASE_URL ?? DEFAULT_PG;
const port = Number(process.env.BENCH_CHAT_PORT ?? 3500);
const echoPort = port + 99;
const CHATS_PER_COUNSELLOR = 10;
const TARGET_P99_MS = 100;
const TARGET_IDLE = 5000;
if (!sizes.length || !(seconds > 0) || !(intervalMs > 0))
  throw new Error('bad --sizes, --seconds or --interval');

// ---------------------------------------------------------------------------------------------
// One load run against a running server (ours or the echo)

interface Conversation {
  conversationId: string;
  secret: string;
  /** Index of the counsellor who has it. */
  counsellor: number;
}

interface Target {
  kind: 'server' | 'echo';
  url: string;
  pid: number | undefined;
  /** Cookie per counsellor (none for the echo). */
  cookies: (string | undefined)[];
  /** Starts the chats once the counsellors' sockets are connected. */
  conversations(): Promise<Conversation[]>;
}

interface RunResult {
  sent: number;
  acked: number;
  delivered: number;
  errors: number;
  ack: number[];
  deliver: number[];
  loadSeconds: number;
  connected: number;
  expected: number;
  disconnects: number;
  rssPeak: number;
  rssEnd: number;
  setupSeconds: number;
}

async function runLoad(target: Target, setupStarted: number): Promise<RunResult> {
  const counsellorCount = target.cookies.length;
  const sentAt = new Map<string, number>();
  const ack: number[] = [];
  const deliver: number[] = [];
  let errors = 0;
  let disconnects = 0;

  // Counsellors: one /staff socket each, watching their chats.
  const staffSockets = await inBatches(target.cookies, 20, (cookie) =>
    connectSocket(`${target.url}/staff`, cookie ? { extraHeaders: { cookie } } : {}),
  );
  for (const socket of staffSockets) {
    socket.on('message', (message: { author?: string; clientMsgId?: string | null }) => {
      if (message.author !== 'client' || !message.clientMsgId) return;
      const at = sentAt.get(message.clientMsgId);
      if (at === undefined) return;
      deliver.push(performance.now() - at);
      sentAt.delete(message.clientMsgId);
    });
    socket.on('disconnect', () => disconnects++);
  }
  const conversations = await target.conversations();
  await inBatches(conversations, 50, async ({ conversationId, counsellor }) => {
    const answer = (await staffSockets[counsellor]!.timeout(30_000).emitWithAck('watch', {
      conversationId,
      afterSeq: 0,
    })) as { ok: boolean; error?: unknown };
    if (!answer.ok) throw new Error(`watch: ${JSON.stringify(answer.error)}`);
  });

  // Visitors.
  const visitors: Socket[] = await inBatches(conversations, 50, ({ conversationId, secret }) =>
    connectSocket(`${target.url}/client`, { auth: { conversationId, secret } }),
  );
  for (const socket of visitors) socket.on('disconnect', () => disconnects++);
  const setupSeconds = (performance.now() - setupStarted) / 1000;

  // Load: every visitor sends every intervalMs, starting at a random phase.
  let rssPeak = rssMiB(target.pid);
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(target.pid))), 500);
  let sent = 0;
  let acked = 0;
  const started = performance.now();
  const endAt = started + seconds * 1000;
  let lastAck = started;
  await Promise.all(
    visitors.map(async (socket) => {
      let next = started + Math.random() * intervalMs;
      while (next < endAt) {
        await sleep(Math.max(0, next - performance.now()));
        const clientMsgId = randomId();
        const at = performance.now();
        sentAt.set(clientMsgId, at);
        sent++;
        try {
          const answer = (await socket.timeout(15_000).emitWithAck('message', {
            clientMsgId,
            body: `Kuormitusviesti ${sent}: milloin haku alkaa ja miten haen aikuisena?`,
          })) as { ok: boolean };
          if (answer.ok) {
            acked++;
            const now = performance.now();
            ack.push(now - at);
            lastAck = Math.max(lastAck, now);
          } else errors++;
        } catch {
          errors++;
        }
        next += intervalMs;
      }
    }),
  );
  // Deliveries still on their way.
  const deadline = performance.now() + 5000;
  while (deliver.length < acked && performance.now() < deadline) await sleep(50);
  clearInterval(sampler);
  const rssEnd = rssMiB(target.pid);
  rssPeak = Math.max(rssPeak, rssEnd);
  const connected = [...visitors, ...staffSockets].filter((s) => s.connected).length;
  for (const socket of [...visitors, ...staffSockets]) {
    socket.removeAllListeners();
    socket.disconnect();
  }
  return {
    sent,
    acked,
    delivered: deliver.length,
    errors,
    ack: ack.sort((a, b) => a - b),
    deliver: deliver.sort((a, b) => a - b),
    loadSeconds: (lastAck - started) / 1000,
    connected,
    expected: visitors.length + counsellorCount,
    disconnects,
    rssPeak,
    rssEnd,
    setupSeconds,
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

type Engine = 'postgres' | 'pglite';
interface Row {
  name: string;
  size: number;
  result: RunResult;
  stored?: number;
  scrape?: ScrapeSummary;
}

async function countVisitorMessages(engine: Engine, where: { url?: string; dataDir?: string }) {
  const handle = await openDatabase({
    databaseUrl: engine === 'postgres' ? where.url : undefined,
    pgliteDataDir: path.join(where.dataDir ?? '', 'db'),
    statementTimeoutMs: 60_000,
  });
  try {
    const row = await handle.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_type', '=', 'client')
      .where('kind', '=', 'message')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await handle.close();
  }
}

/**
 * Our server under the load. With `metrics`, METRICS_TOKEN is set and /metrics is scraped every
 * --scrape-every ms meanwhile (Prometheus would every 15 s or so: this is the costly end).
 */
async function serverScenario(engine: Engine, size: number, metrics?: 'on' | 'off'): Promise<Row> {
  const setupStarted = performance.now();
  const counsellors = Math.ceil(size / CHATS_PER_COUNSELLOR);
  const where: { url?: string; dataDir?: string } = {};
  if (engine === 'postgres') where.url = await freshPostgres(basePg, 'bench_chat');
  else where.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opintori-bench-chat-'));
  const staff = await prepareDatabase({
    databaseUrl: where.url,
    dataDir: where.dataDir,
    counsellors,
    assignment: 'auto',
  });
  const server = new NodeProcess(
    `server (${engine})`,
    port,
    [serverMain],
    serverEnv({
      ...(engine === 'postgres' ? { DATABASE_URL: where.url! } : { DATA_DIR: where.dataDir! }),
      METRICS_TOKEN: metrics === 'on' ? METRICS_TOKEN : '',
    }),
    path.join(os.tmpdir(), `opintori-bench-chat-${engine}.log`),
  );
  await server.start();
  const scraper = metrics === 'on' ? startScraper(server.url, METRICS_TOKEN, scrapeEveryMs) : undefined;
  try {
    const cookies = await inBatches(staff.counsellorEmails, 4, async (email) => {
      const cookie = await login(server.url, email);
      await setAvailable(server.url, cookie, CHATS_PER_COUNSELLOR);
      return cookie;
    });
    // Automatic assignment: each chat goes to the least busy counsellor as it starts, so the
    // queue stays empty (see docs/operations.md on long queues).
    const conversations = async () => {
      const started = await inBatches(Array.from({ length: size }), 16, () => startChat(server.url));
      const secrets = new Map(started.map((chat) => [chat.conversationId, chat.secret]));
      const mine = await inBatches(cookies, 8, (cookie) => myChats(server.url, cookie!));
      const assigned = mine.flatMap((ids, counsellor) =>
        ids.map((conversationId) => ({ conversationId, secret: secrets.get(conversationId)!, counsellor })),
      );
      if (assigned.length !== size) throw new Error(`${assigned.length} of ${size} chats were assigned`);
      return assigned;
    };
    const result = await runLoad(
      { kind: 'server', url: server.url, pid: server.pid, conversations, cookies },
      setupStarted,
    );
    const scrape = await scraper?.stop();
    if (server.unexpectedExit) throw new Error(server.unexpectedExit);
    await server.stop();
    const stored = await countVisitorMessages(engine, where);
    const name = engine === 'postgres' ? 'PostgreSQL' : 'PGlite';
    return { name, size, result, stored, ...(scrape ? { scrape } : {}) };
  } finally {
    await scraper?.stop();
    await server.stop();
    if (where.dataDir) fs.rmSync(where.dataDir, { recursive: true, force: true });
  }
}

async function echoScenario(size: number): Promise<Row> {
  const setupStarted = performance.now();
  const counsellors = Math.ceil(size / CHATS_PER_COUNSELLOR);
  const echo = new NodeProcess('echo', echoPort, [path.join(root, 'bench', 'chat-echo-server.mjs')], {});
  await echo.start();
  try {
    const conversations = async () =>
      Array.from({ length: size }, (_, i) => ({
        conversationId: crypto.randomUUID(),
        secret: '',
        counsellor: i % counsellors,
      }));
    const result = await runLoad(
      {
        kind: 'echo',
        url: echo.url,
        pid: echo.pid,
        conversations,
        cookies: Array.from({ length: counsellors }, () => undefined),
      },
      setupStarted,
    );
    return { name: 'echo', size, result };
  } finally {
    await echo.stop();
  }
}

interface IdleResult {
  wanted: number;
  held: number;
  failed: number;
  heldAfterWait: number;
  rssBefore: number;
  rss: number;
  connectSeconds: number;
}

/** N visitors connect to one node (PostgreSQL) and stay idle; are they all still there? */
async function idleScenario(count: number): Promise<IdleResult> {
  const url = await freshPostgres(basePg, 'bench_chat');
  await prepareDatabase({ databaseUrl: url, counsellors: 1 });
  // The chats are written straight into the database: this measures held sockets, not starts.
  const handle = await openDatabase({ databaseUrl: url, pgliteDataDir: '', statementTimeoutMs: 60_000 });
  const chats: { conversationId: string; secret: string }[] = [];
  try {
    for (let offset = 0; offset < count; offset += 500) {
      const n = Math.min(500, count - offset);
      const clients = await handle.db
        .insertInto('clients')
        .values(Array.from({ length: n }, () => ({ preferred_language: 'fi' })))
        .returning('id')
        .execute();
      const secrets = clients.map(() => createToken());
      const rows = await handle.db
        .insertInto('conversations')
        .values(
          clients.map((client, i) => ({
            channel: 'chat' as const,
            status: 'active' as const,
            client_id: client.id,
            organisation_id: null,
            assigned_staff_id: null,
            topic: 'applying',
            language: 'fi',
            subject: null,
            source_site: null,
            source_page: null,
            outcome: null,
            details: JSON.stringify({ firstName: null, consent: false }),
            first_response_at: null,
            last_message_at: null,
            closed_at: null,
            retain_until: null,
            access_hash: sha256(secrets[i]!),
            queued_at: null,
            assigned_at: null,
            queue_organisation_id: null,
            queue_expertise: null,
          })),
        )
        .returning('id')
        .execute();
      rows.forEach((row, i) => chats.push({ conversationId: row.id, secret: secrets[i]! }));
    }
  } finally {
    await handle.close();
  }
  const server = new NodeProcess(
    'server (idle)',
    port,
    [serverMain],
    serverEnv({ DATABASE_URL: url }),
    path.join(os.tmpdir(), 'opintori-bench-chat-idle.log'),
  );
  await server.start();
  const sockets: Socket[] = [];
  let failed = 0;
  try {
    await sleep(1000);
    const rssBefore = rssMiB(server.pid);
    const started = performance.now();
    await inBatches(chats, 100, async ({ conversationId, secret }) => {
      try {
        sockets.push(
          await connectSocket(`${server.url}/client`, { auth: { conversationId, secret } }, 60_000),
        );
      } catch {
        failed++;
      }
    });
    const connectSeconds = (performance.now() - started) / 1000;
    const held = sockets.filter((s) => s.connected).length;
    // Past one ping interval (20 s): idle sockets must survive the heartbeat.
    await sleep(25_000);
    const heldAfterWait = sockets.filter((s) => s.connected).length;
    const rss = rssMiB(server.pid);
    if (server.unexpectedExit) throw new Error(server.unexpectedExit);
    return { wanted: count, held, failed, heldAfterWait, rssBefore, rss, connectSeconds };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–');
function printTable(rows: Row[]) {
  const echoP99 = new Map(
    rows.filter((r) => r.name === 'echo').map((r) => [r.size, percentile(r.result.deliver, 99)]),
  );
  const header = [
    'engine',
    'chats',
    'sent',
    'acked',
    'deliv',
    'err',
    'ack p50',
    'ack p99',
    'del p50',
    'del p99',
    'del max',
    'p99/echo',
    'stored/s',
    'conns',
    'RSS peak',
  ];
  const lines = rows.map((row) => {
    const r = row.result;
    const p99 = percentile(r.deliver, 99);
    const echo = echoP99.get(row.size);
    return [
      row.name,
      String(row.size),
      String(r.sent),
      String(r.acked),
      String(r.delivered),
      String(r.errors),
      ms(percentile(r.ack, 50)),
      ms(percentile(r.ack, 99)),
      ms(percentile(r.deliver, 50)),
      ms(p99),
      ms(r.deliver.at(-1) ?? NaN),
      row.name === 'echo' || !echo ? '' : `${(p99 / echo).toFixed(1)}×`,
      row.stored === undefined ? '' : (row.stored / r.loadSeconds).toFixed(1),
      `${r.connected}/${r.expected}`,
      `${r.rssPeak.toFixed(0)} MiB`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log(
    '\nack = visitor emit → acknowledgement; del = visitor emit → the counsellor’s /staff socket gets the message (ms).',
  );
  console.log(
    'stored/s = visitor rows in `messages` / load phase; conns = sockets still connected at the end.',
  );
  for (const row of rows.filter((r) => r.stored !== undefined && r.stored !== r.result.acked)) {
    console.log(`! ${row.name} ${row.size}: ${row.stored} rows stored, ${row.result.acked} acknowledged`);
  }
}

// ---------------------------------------------------------------------------------------------
// Main

const watchdog = setTimeout(() => {
  console.error('bench:chat took longer than 20 minutes; stopping');
  killAllChildren();
  process.exit(1);
}, 20 * 60_000);
watchdog.unref();

const openFiles = raiseFileLimit(65_536);
ensureServerBuilt();
const pgAvailable = engines.includes('postgres') && (await postgresAnswers(basePg));
if (engines.includes('postgres') && !pgAvailable)
  console.log(`PostgreSQL does not answer at ${basePg}: skipped`);

console.log(
  `chat load: sizes ${sizes.join(', ')}; one message per visitor every ${intervalMs / 1000} s for ${seconds} s; ` +
    `${CHATS_PER_COUNSELLOR} chats per counsellor; ${os.cpus().length} cores, Node ${process.version}, ` +
    `open files ${openFiles}; server, PostgreSQL and the load generator share this machine`,
);
console.log(
  `load average at start: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const started = performance.now();
if (compareMetrics) {
  // Off and on alternate (off-on, on-off, …) so that a drift in the machine's load falls on both.
  for (const engine of engines) {
    if (engine === 'postgres' && !pgAvailable) continue;
    for (const size of sizes) {
      const figures: RoundFigures[] = [];
      for (let round = 0; round < rounds; round++) {
        const order: ('off' | 'on')[] = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
        for (const side of order) {
          process.stdout.write(`${engine} ${size} round ${round + 1} metrics ${side}… `);
          const { result, scrape } = await serverScenario(engine, size, side);
          figures.push({ metrics: side === 'on', ...result, ...(scrape ? { scrape } : {}) });
        }
      }
      printComparison(
        `${engine}, ${size} chats, ${rounds} rounds per side, ${seconds} s each; scrape every ${scrapeEveryMs} ms (ms):`,
        figures,
      );
    }
  }
  console.log(
    `\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ` +
      os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
  );
  process.exit(0);
}
const rows: Row[] = [];
for (const size of sizes) {
  process.stdout.write(`echo ${size}… `);
  rows.push(await echoScenario(size));
  for (const engine of engines) {
    if (engine === 'postgres' && !pgAvailable) continue;
    process.stdout.write(`${engine} ${size}… `);
    rows.push(await serverScenario(engine, size));
  }
}
console.log('\n');
printTable(rows);

let idle: IdleResult | undefined;
if (idleCount > 0 && pgAvailable) {
  process.stdout.write(`\nidle: ${idleCount} visitor sockets on one node (PostgreSQL)… `);
  idle = await idleScenario(idleCount);
  console.log(
    `\nidle visitors: ${idle.held}/${idle.wanted} connected in ${idle.connectSeconds.toFixed(1)} s (${idle.failed} refused), ` +
      `${idle.heldAfterWait}/${idle.wanted} still connected 25 s later; server RSS ${idle.rssBefore.toFixed(0)} MiB → ` +
      `${idle.rss.toFixed(0)} MiB (${(((idle.rss - idle.rssBefore) * 1024) / Math.max(1, idle.heldAfterWait)).toFixed(1)} KiB per socket)`,
  );
}

console.log('\ntargets (not asserted):');
const pgRows = rows.filter((r) => r.name === 'PostgreSQL');
const biggest = pgRows.at(-1);
console.log(
  `  PostgreSQL deliver p99 ≤ ${TARGET_P99_MS} ms at 1,000 chats each sending every 5 s: ` +
    (biggest
      ? `${ms(percentile(biggest.result.deliver, 99))} ms at ${biggest.size} chats every ${intervalMs / 1000} s`
      : 'not measured'),
);
console.log(
  `  ${TARGET_IDLE.toLocaleString('en')} idle visitor connections on one node: ` +
    (idle
      ? `${idle.heldAfterWait.toLocaleString('en')} of ${idle.wanted.toLocaleString('en')} held, RSS ${idle.rss.toFixed(0)} MiB`
      : 'not measured'),
);
console.log(
  `\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ` +
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
);
process.exit(0);
