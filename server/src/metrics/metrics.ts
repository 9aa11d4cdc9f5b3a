import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Server } from 'socket.io';
import { chatLanguages } from '../conversations/vocabulary.js';
import type { DatabaseHandle } from '../db/database.js';
import { selectQueueByLanguage } from '../features/chat/queue.repository.js';
import type { JobStatus } from '../jobs/periodic-job.js';

/** Who sent a chat message whose delivery is timed. */
export type MessageSender = 'visitor' | 'staff';

/**
 * The service's Prometheus figures, one registry per app instance. Recording is a few map
 * updates; what needs the database (the queue) is read once per scrape, never per request.
 * When the metrics are off (no METRICS_TOKEN) nothing is recorded and nothing is collected.
 */
export interface AppMetrics {
  readonly enabled: boolean;
  readonly contentType: string;
  /** One HTTP request answered: its route pattern, never its URL. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void;
  /** One chat message went from this node's socket to its conversation's room. */
  observeDelivery(from: MessageSender, seconds: number): void;
  /** An outgoing mail could not be sent: it will be tried again, or it never will. */
  countMailFailure(outcome: 'retry' | 'gave_up'): void;
  /** Reports the periodic jobs of this process from now on. */
  watchJobs(statuses: () => JobStatus[]): void;
  /** Reports the connected sockets of this Socket.IO server from now on. */
  watchSockets(io: Server): void;
  /** The figures in Prometheus' text format, the queue read from the database now. */
  scrape(): Promise<string>;
  close(): void;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE of a failed query (a bounded label), or `none` for a failure without one. */
function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && SQLSTATE.test(code) ? code : 'none';
}

const languageLabel = (language: string | null) =>
  (chatLanguages as readonly string[]).includes(language ?? '') ? language! : 'other';

/** Creates this app's registry and figures (registerHttpMetrics adds the request timing). */
export function createMetrics(options: {
  enabled: boolean;
  nodeId: string;
  database: DatabaseHandle;
}): AppMetrics {
  const { database, nodeId } = options;
  const registry = new Registry();
  if (!options.enabled) return disabledMetrics(registry);
  collectDefaultMetrics({ register: registry });

  const http = new Histogram({
    name: 'opintori_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (never the raw URL) and status code: seconds from arrival to the response sent.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const delivery = new Histogram({
    name: 'opintori_chat_message_delivery_seconds',
    help:
      'Chat messages sent over a socket, by sender: seconds from this node receiving the message to emitting it ' +
      "to the conversation's room on this node, after it was stored and committed. Other nodes emit it when " +
      'the fan-out reaches them; the time to the browser is not included.',
    labelNames: ['from'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const mailFailures = new Counter({
    name: 'opintori_mail_send_failures_total',
    help: 'Outgoing mails the relay did not take: outcome retry (tried again later) or gave_up (failed for good).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const queryErrors = new Counter({
    name: 'opintori_db_query_errors_total',
    help: 'Database queries that failed, by SQLSTATE (23505 unique and 23P01 exclusion violations are expected in small numbers: they guard against duplicates).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const unwatchErrors = database.onQueryError((error) => queryErrors.inc({ code: errorCode(error) }));
  new Gauge({
    name: 'opintori_db_engine_info',
    help: 'The database engine this node uses (pglite or postgres); always 1.',
    labelNames: ['engine'] as const,
    registers: [registry],
  }).set({ engine: database.engine }, 1);
  if (database.pglite) {
    const engine = database.pglite as unknown as { mod?: { HEAPU8?: Uint8Array } };
    new Gauge({
      name: 'opintori_pglite_memory_bytes',
      help:
        "Size of the embedded engine's WebAssembly memory: it grows to the largest work so far and never " +
        'shrinks (docs/operations.md, Memory). Absent on PostgreSQL.',
      registers: [registry],
      collect() {
        // The engine's Emscripten module is not part of its typed interface; its heap view is
        // the one place that size can be read.
        const size = engine.mod?.HEAPU8?.byteLength;
        if (size !== undefined) this.set(size);
      },
    });
  }

  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const queueLength = gauge('opintori_chat_queue_length', 'Chats waiting in the queue, by language.', [
    'language',
  ]);
  const queueWait = gauge(
    'opintori_chat_queue_longest_wait_seconds',
    'Seconds the longest-waiting queued chat has waited, by language (0 when none waits).',
    ['language'],
  );
  const sockets = gauge('opintori_socket_connections', 'Sockets connected to this node, by namespace.', [
    'namespace',
    'node',
  ]);
  const pool = database.pool
    ? {
        total: gauge('opintori_db_pool_connections', 'PostgreSQL connections open in the pool.'),
        idle: gauge('opintori_db_pool_idle_connections', 'PostgreSQL pool connections not in use.'),
        waiting: gauge('opintori_db_pool_waiting_requests', 'Queries waiting for a pool connection.'),
      }
    : undefined;
  const jobLabels = ['job'];
  const jobLastRun = gauge(
    'opintori_job_last_run_timestamp_seconds',
    'When each periodic job last finished a run (Unix time; absent before the first).',
    jobLabels,
  );
  const jobDuration = gauge(
    'opintori_job_last_duration_seconds',
    "Each job's last run, in seconds.",
    jobLabels,
  );
  const jobLag = gauge(
    'opintori_job_lag_seconds',
    'How far each job is behind its schedule: seconds since its next run was due (0 when on time).',
    jobLabels,
  );
  const jobFailures = new Counter({
    name: 'opintori_job_failures_total',
    help: 'Failed runs of each periodic job since the process started.',
    labelNames: jobLabels,
    registers: [registry],
  });

  let jobs: { statuses: () => JobStatus[]; since: number } | undefined;
  let io: Server | undefined;

  async function refresh() {
    const rows = await selectQueueByLanguage(database.db);
    queueLength.reset();
    queueWait.reset();
    for (const language of [...chatLanguages, 'other']) {
      queueLength.set({ language }, 0);
      queueWait.set({ language }, 0);
    }
    const longest = new Map<string, number>();
    for (const row of rows) {
      const language = languageLabel(row.language);
      queueLength.inc({ language }, Number(row.queued));
      const wait = Math.max(longest.get(language) ?? 0, Number(row.longest_wait_seconds));
      longest.set(language, wait);
      queueWait.set({ language }, wait);
    }
    if (io) {
      sockets.reset();
      for (const [name, namespace] of io._nsps) {
        sockets.set({ namespace: name, node: nodeId }, namespace.sockets.size);
      }
    }
    if (pool && database.pool) {
      pool.total.set(database.pool.totalCount);
      pool.idle.set(database.pool.idleCount);
      pool.waiting.set(database.pool.waitingCount);
    }
    if (jobs) refreshJobs(jobs);
  }

  function refreshJobs({ statuses, since }: { statuses: () => JobStatus[]; since: number }) {
    const now = Date.now();
    jobFailures.reset();
    for (const status of statuses()) {
      const job = { job: status.name };
      jobFailures.inc(job, status.failures);
      if (status.lastFinishedAt) jobLastRun.set(job, status.lastFinishedAt.getTime() / 1000);
      if (status.lastDurationMs !== null) jobDuration.set(job, status.lastDurationMs / 1000);
      const due = (status.lastStartedAt?.getTime() ?? since) + status.intervalMs;
      jobLag.set(job, Math.max(0, now - due) / 1000);
    }
  }

  return {
    enabled: true,
    contentType: registry.contentType,
    observeRequest: (method, route, statusCode, seconds) =>
      http.observe({ method, route, status_code: String(statusCode) }, seconds),
    observeDelivery: (from, seconds) => delivery.observe({ from }, seconds),
    countMailFailure: (outcome) => mailFailures.inc({ outcome }),
    watchJobs: (statuses) => void (jobs = { statuses, since: Date.now() }),
    watchSockets: (server) => void (io = server),
    scrape: async () => {
      await refresh();
      return registry.metrics();
    },
    close: () => {
      unwatchErrors();
      registry.clear();
    },
  };
}

function disabledMetrics(registry: Registry): AppMetrics {
  return {
    enabled: false,
    contentType: registry.contentType,
    observeRequest: () => {},
    observeDelivery: () => {},
    countMailFailure: () => {},
    watchJobs: () => {},
    watchSockets: () => {},
    scrape: () => registry.metrics(),
    close: () => {},
  };
}

/**
 * Times every HTTP request by its route pattern (`/api/v1/chat/conversations/:id`), so that a
 * token or an id in a URL never becomes a label; requests no route matched count as `unmatched`.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: AppMetrics): void {
  if (!metrics.enabled) return;
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
