import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startJobs } from '../jobs/periodic-job.js';
import { inboxAction, openAllDay, setAvailable, startChat } from '../test/chat-helpers.js';
import { expectError } from '../test/http-helpers.js';
import { useTestAppWithRelay } from '../test/relay-app.js';
import { connect, emitAck, nextEvent, trackSockets } from '../test/socket-helpers.js';
import { createAppOn, listenLocally, useOrganisation, useSignedIn, useTestApp } from '../test/test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;

/** Parses Prometheus' text format strictly: a line that is neither comment nor sample fails. */
function parseMetrics(text: string): Sample[] {
  const typed = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) typed.add(type[1]!);
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP|TYPE) \S+ .+$/);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText = '', value] = match;
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    let consumed = 0;
    for (let label = LABEL.exec(labelText); label; label = LABEL.exec(labelText)) {
      labels[label[1]!] = label[2]!;
      consumed = LABEL.lastIndex;
    }
    if (consumed !== labelText.length) throw new Error(`bad labels: ${line}`);
    const family = name!.replace(/_(bucket|sum|count|total)$/, '');
    expect(typed.has(name!) || typed.has(family), `${name} has a TYPE`).toBe(true);
    samples.push({ name: name!, labels, value: Number(value) });
  }
  return samples;
}

/** The value of the one sample with this name and (at least) these labels; undefined without one. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

async function scrape(app: FastifyInstance): Promise<Sample[]> {
  const response = await app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(response.body);
}

describe('GET /metrics', () => {
  const t = useTestApp({ METRICS_TOKEN: TOKEN, NODE_ID: 'node-a' });
  const provider = useOrganisation(t, { slug: 'rannikko' });
  const admin = useSignedIn(t, { role: 'admin', email: 'admin@example.test' });
  const counsellor = useSignedIn(t, () => ({
    email: 'mikko@example.test',
    organisation_id: provider.id,
    languages: ['fi', 'sv'],
  }));
  const { track } = trackSockets();

  beforeAll(async () => {
    await openAllDay(t.app, admin.cookie);
    await setAvailable(t.app, counsellor.cookie, 10);
  });

  it('answers 401 without the bearer token or with a wrong one, and 404 while metrics are off', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/metrics' });
    expectError(missing, 401, 'metrics.unauthorized');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      TOKEN,
      `Basic ${TOKEN}`,
    ]) {
      expectError(
        await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization } }),
        401,
        'metrics.unauthorized',
      );
    }
    const off = await createAppOn(t.database);
    try {
      expect(off.metrics.enabled).toBe(false);
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
        expectError(await off.inject({ method: 'GET', url: '/metrics', headers }), 404, 'metrics.disabled');
      }
    } finally {
      await off.close();
    }
  });

  it('serves the text format with the process, database and route figures', async () => {
    const chat = await startChat(t.app, { provider: 'rannikko' });
    await t.app.inject({ method: 'GET', url: `/api/v1/chat/conversations/${chat.conversationId}` });
    // The right token is never rate-limited (the wrong one is, at 30 a minute).
    for (let i = 0; i < 35; i++) await scrape(t.app);
    const samples = await scrape(t.app);
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'opintori_db_engine_info', { engine: t.database.engine })).toBe(1);
    if (t.database.engine === 'postgres') {
      expect(valueOf(samples, 'opintori_db_pool_connections')).toBeGreaterThan(0);
      expect(valueOf(samples, 'opintori_db_pool_waiting_requests')).toBe(0);
      expect(valueOf(samples, 'opintori_pglite_memory_bytes')).toBeUndefined();
    } else {
      expect(valueOf(samples, 'opintori_db_pool_connections')).toBeUndefined();
      // At least the engine's initial 128 MiB, in whole WebAssembly pages.
      const engineMemory = valueOf(samples, 'opintori_pglite_memory_bytes') ?? 0;
      expect(engineMemory).toBeGreaterThanOrEqual(128 * 1024 * 1024);
      expect(engineMemory % 65536).toBe(0);
    }
    const count = 'opintori_http_request_duration_seconds_count';
    const byPattern = { method: 'GET', route: '/api/v1/chat/conversations/:id' };
    expect(valueOf(samples, count, { ...byPattern, status_code: '404' })).toBe(1);
    expect(valueOf(samples, count, { method: 'POST', route: '/api/v1/chat/conversations' })).toBe(1);
    expect(valueOf(samples, count, { route: '/metrics', status_code: '401' })).toBe(5);
    const labelValues = samples.flatMap((s) => Object.values(s.labels)).join(' ');
    expect(labelValues).not.toContain(chat.conversationId);
    expect(labelValues).not.toContain(TOKEN);
  });

  it('has every figure of the service on the Grafana dashboard', async () => {
    const file = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      '../../../docs/grafana-dashboard.json',
    );
    const dashboard = JSON.parse(await fs.readFile(file, 'utf8')) as {
      templating: { list: { name: string; type: string }[] };
      panels: { targets?: { expr: string }[] }[];
    };
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource' }),
    );
    const queries = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
    const response = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const scraped = [...response.body.matchAll(/^# TYPE (opintori_\S+) /gm)].map((m) => m[1]!);
    expect(scraped.length).toBeGreaterThanOrEqual(12);
    // The pool's figures exist on PostgreSQL only; the dashboard shows them all the same.
    const pool = ['connections', 'idle_connections', 'waiting_requests'].map((n) => `opintori_db_pool_${n}`);
    const ours = [...new Set([...scraped, ...pool])];
    const missing = ours.filter((name) => !queries.some((expr) => expr.includes(name)));
    expect(missing).toEqual([]);
  });

  it('counts failed queries by their SQLSTATE', async () => {
    const before = valueOf(await scrape(t.app), 'opintori_db_query_errors_total', { code: '22012' }) ?? 0;
    await expect(sql`select 1 / 0`.execute(t.database.db)).rejects.toThrow();
    const after = valueOf(await scrape(t.app), 'opintori_db_query_errors_total', { code: '22012' });
    expect(after).toBe(before + 1);
  });

  it('shows a queued chat in its language until a counsellor accepts it', async () => {
    const queue = async () => {
      const samples = await scrape(t.app);
      return {
        length: valueOf(samples, 'opintori_chat_queue_length', { language: 'sv' }),
        wait: valueOf(samples, 'opintori_chat_queue_longest_wait_seconds', { language: 'sv' }),
      };
    };
    expect(await queue()).toEqual({ length: 0, wait: 0 });
    const chat = await startChat(t.app, { provider: 'rannikko', language: 'sv' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const queued = await queue();
    expect(queued.length).toBe(1);
    expect(queued.wait).toBeGreaterThan(0);
    expect(queued.wait).toBeLessThan(60);
    const accept = await inboxAction(t.app, counsellor.cookie, chat.conversationId, 'accept');
    expect(accept.statusCode).toBe(200);
    expect(await queue()).toEqual({ length: 0, wait: 0 });
  });

  it('times chat messages from arrival to the room over real sockets, and counts the sockets', async () => {
    const base = await listenLocally(t.app);
    const chat = await startChat(t.app, { provider: 'rannikko' });
    expect((await inboxAction(t.app, counsellor.cookie, chat.conversationId, 'accept')).statusCode).toBe(200);
    const visitor = track(await connect(`${base}/client`, { auth: chat }));
    const staff = track(await connect(`${base}/staff`, { extraHeaders: { cookie: counsellor.cookie } }));
    expect((await emitAck(staff, 'watch', { conversationId: chat.conversationId })).ok).toBe(true);
    const delivered = (samples: Sample[], from: string) =>
      valueOf(samples, 'opintori_chat_message_delivery_seconds_count', { from }) ?? 0;
    const before = await scrape(t.app);
    expect(valueOf(before, 'opintori_socket_connections', { namespace: '/client', node: 'node-a' })).toBe(1);
    expect(valueOf(before, 'opintori_socket_connections', { namespace: '/staff', node: 'node-a' })).toBe(1);

    const atStaff = nextEvent(staff, 'message');
    expect(
      await emitAck(visitor, 'message', { clientMsgId: 'visitor-metrics-1', body: 'Hej' }),
    ).toMatchObject({
      ok: true,
    });
    await atStaff;
    const atVisitor = nextEvent(visitor, 'message');
    const reply = { conversationId: chat.conversationId, clientMsgId: 'staff-metrics-1', body: 'Hej!' };
    expect((await emitAck(staff, 'message', reply)).ok).toBe(true);
    await atVisitor;
    // A note reaches no visitor and is not timed; a duplicate is not delivered again.
    await emitAck(staff, 'message', { ...reply, clientMsgId: 'staff-note-1', kind: 'note' });
    await emitAck(visitor, 'message', { clientMsgId: 'visitor-metrics-1', body: 'Hej' });

    const after = await scrape(t.app);
    expect(delivered(after, 'visitor')).toBe(delivered(before, 'visitor') + 1);
    expect(delivered(after, 'staff')).toBe(delivered(before, 'staff') + 1);
    const sum = valueOf(after, 'opintori_chat_message_delivery_seconds_sum', { from: 'visitor' })!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(5);

    visitor.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = await scrape(t.app);
    expect(valueOf(closed, 'opintori_socket_connections', { namespace: '/client', node: 'node-a' })).toBe(0);
  });

  it('reports when each periodic job ran, how long it took, its failures and its lag', async () => {
    const quiet = () => {};
    const log = { info: quiet, error: quiet, warn: quiet, debug: quiet } as unknown as FastifyBaseLogger;
    const jobs = startJobs(
      [
        { name: 'retention', intervalMs: 20, runAtStart: true, run: async () => 0 },
        {
          name: 'mail',
          intervalMs: 20,
          runAtStart: true,
          run: async () => {
            throw new Error('relay down');
          },
        },
        { name: 'report-rollup', intervalMs: 60_000, run: async () => 0 },
      ],
      log,
    );
    t.app.metrics.watchJobs(() => jobs.statuses());
    await new Promise((resolve) => setTimeout(resolve, 70));
    jobs.stop();
    const samples = await scrape(t.app);
    const job = (name: string, job: string) => valueOf(samples, name, { job });
    const lastRun = job('opintori_job_last_run_timestamp_seconds', 'retention')!;
    expect(Math.abs(lastRun - Date.now() / 1000)).toBeLessThan(5);
    expect(job('opintori_job_last_duration_seconds', 'retention')).toBeGreaterThanOrEqual(0);
    expect(job('opintori_job_failures_total', 'retention')).toBe(0);
    expect(job('opintori_job_failures_total', 'mail')).toBeGreaterThanOrEqual(2);
    // Not run yet, and not due for a minute: on time, with no last run to report.
    expect(job('opintori_job_lag_seconds', 'report-rollup')).toBe(0);
    expect(job('opintori_job_last_run_timestamp_seconds', 'report-rollup')).toBeUndefined();
    // Stopped: the next run is overdue, and the lag says so.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(valueOf(await scrape(t.app), 'opintori_job_lag_seconds', { job: 'retention' })).toBeGreaterThan(
      0.05,
    );
  });
});

describe('metrics of outgoing mail', () => {
  const { t, relay } = useTestAppWithRelay({ METRICS_TOKEN: TOKEN });

  it('counts deliveries the relay refused: retried, then given up', async () => {
    const failures = async (outcome: string) =>
      valueOf(await scrape(t.app), 'opintori_mail_send_failures_total', { outcome }) ?? 0;
    const contact = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/contact/messages',
        payload: { lang: 'en', email, topic: 'other', message: 'Testing delivery', consent: true },
      });
    relay.failNext(451);
    expect((await contact('retry@example.net')).statusCode).toBe(201);
    await t.app.mail.sender.idle();
    expect(await failures('retry')).toBe(1);
    expect(await failures('gave_up')).toBe(0);
    relay.failNext(550);
    expect((await contact('gone@example.net')).statusCode).toBe(201);
    await t.app.mail.sender.idle();
    expect(await failures('gave_up')).toBe(1);
    const labels = (await scrape(t.app)).flatMap((s) => Object.values(s.labels)).join(' ');
    expect(labels).not.toContain('example.net');
  });
});
