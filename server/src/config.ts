import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a postgres:// or postgresql:// URL with a host');

/**
 * PUBLIC_URL: an absolute http(s) URL naming only the service's origin. It is where every
 * absolute link, the cookies' Secure flag and every same-origin check come from, so a path, a
 * query or credentials in it would be silently wrong; they are refused instead.
 */
const publicUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be an absolute http:// or https:// URL, e.g. https://opintori.example.fi',
    });
    return z.NEVER;
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    ctx.addIssue({
      code: 'custom',
      message:
        'must name only the scheme, host and port (no path, query or user), e.g. https://opintori.example.fi',
    });
    return z.NEVER;
  }
  return url.origin;
});

/** Every setting the server reads from the environment, validated once at start. */
const iceServersSchema = z
  .array(
    z
      .object({
        urls: z.union([
          z.string().regex(/^(stuns?|turns?):/),
          z.array(z.string().regex(/^(stuns?|turns?):/)),
        ]),
        username: z.string().max(200).optional(),
        credential: z.string().max(200).optional(),
      })
      .strict(),
  )
  .max(10);

export const configSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The address people use, validated and kept as its origin (https://opintori.example.fi). */
  PUBLIC_URL: publicUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  /** Directory of pg_dump, pg_restore and psql for backups on PostgreSQL (default: from PATH). */
  PG_BIN_DIR: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /**
   * The embedded engine's page cache (PostgreSQL's shared_buffers) in MiB. It lives in the
   * engine's WebAssembly memory, which never shrinks: every page once cached stays resident.
   */
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(16),
  /**
   * Let V8 also compile the embedded engine's hot code with its optimizing compiler. Off: the
   * baseline compiler alone keeps about 50 MiB less resident at no measured cost in chat
   * latency; heavy queries (reports, imports) may run slower (docs/operations.md, Memory).
   */
  PGLITE_OPTIMIZING_COMPILER: booleanFromEnv.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Longest a SIGTERM drain may take (requests, sockets, the job under way) before exit 1. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** json, pretty (readable lines), or auto: pretty when stdout is a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  TRUST_PROXY: booleanFromEnv.default(false),
  SEED_DEMO_DATA: booleanFromEnv.default(true),
  /**
   * Load the self-help articles from content/articles into a database that has none, and the
   * privacy notice and accessibility statement into one that lacks them.
   */
  SEED_CONTENT: booleanFromEnv.default(true),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** New chats one address may start per hour (raise it only for load tests). */
  CHAT_START_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Messages and call-back requests one address may send through the public forms per hour. */
  CONTACT_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /**
   * Bookings per hour from one address. High enough for a shared public computer (a library's
   * pop-up guidance desk books for a queue of people); the per-person limit stops one person.
   */
  BOOKING_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Bookings one person (the same email address, or the same phone number) may make per day. */
  BOOKING_LIMIT_PER_PERSON_PER_DAY: z.coerce.number().int().min(1).max(1_000_000).default(5),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10_000).default(30),
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest catalogue import read from files (npm run catalogue:import). */
  CATALOGUE_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 * 1024 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /** Largest catalogue file uploaded in the console. */
  CATALOGUE_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  CONTENT_DIR: z.string().min(1).default(path.join(repoRoot, 'content')),
  WEB_BUILD_DIR: z
    .string()
    .min(1)
    .default(path.join(repoRoot, 'web', 'build')),
  WIDGET_BUILD_DIR: z
    .string()
    .min(1)
    .default(path.join(repoRoot, 'widget', 'dist')),
  /** Shown on the public pages (read by the page renderer; validated here). */
  CONTACT_EMAIL: z.email().optional(),
  CONTACT_PHONE: z
    .string()
    .regex(/^\+?[\d\s()-]{5,30}$/, 'must be a phone number such as +358 40 123 4567')
    .optional(),
  /** Outgoing mail relay, e.g. smtp://user:pass@smtp.example.fi:587; without it mail is only stored. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of mail the service sends; by default the service address at MAIL_DOMAIN. */
  MAIL_FROM: z.string().min(3).optional(),
  /** The domain the service receives mail for: neuvonta@, <provider slug>@ and reply addresses. */
  MAIL_DOMAIN: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i,
      'must be a domain such as opintori.fi',
    )
    .default('opintori.localhost'),
  /** Port of the service's own SMTP server for incoming mail, or "off". */
  SMTP_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(2525),
  /** Address the SMTP server listens on (default: HOST). */
  SMTP_HOST: z.string().min(1).optional(),
  /** Largest incoming mail; larger ones are refused with 552 during the SMTP dialogue. */
  MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10 * 1024)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Socket.IO fan-out between nodes: postgres (default on PostgreSQL) or none (one node). */
  REALTIME_ADAPTER: z.enum(['postgres', 'none']).optional(),
  /** Video meetings: STUN/TURN servers handed to browsers, a JSON array of RTCIceServer objects. */
  ICE_SERVERS: z
    .string()
    .default('[]')
    .transform((value, ctx) => {
      try {
        return iceServersSchema.parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of {urls, username?, credential?}' });
        return z.NEVER;
      }
    }),
  /** coturn's static-auth-secret (use-auth-secret): meetings get time-limited TURN credentials. */
  TURN_SECRET: z.string().min(16).optional(),
  /** TURN addresses for those credentials, comma-separated (turn:turn.example.fi:3478?transport=udp,…). */
  TURN_URLS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((url) => url.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.string().regex(/^turns?:/, 'must start with turn: or turns:'))),
  /** How long TURN credentials stay valid. */
  TURN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(4 * 3600),
  /** How often each node runs its periodic jobs (jobs/service-jobs.ts). */
  JOB_MAIL_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  JOB_REMINDERS_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  JOB_ROLLUP_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
  JOB_RETENTION_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
  /**
   * The bounds within which admins set each class's retention (docs/privacy.md, Retention): an
   * installation's data-protection policy may narrow them, e.g. RETENTION_MAX_DAYS=730.
   */
  RETENTION_MIN_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  RETENTION_MAX_DAYS: z.coerce.number().int().min(1).max(36_500).default(3650),
  /**
   * Bearer token for GET /metrics (Prometheus). Without it the metrics are off: nothing is
   * collected and /metrics answers 404.
   */
  METRICS_TOKEN: z.string().min(16).max(200).optional(),
  /** This node's name in the metrics (the `node` label); the host name by default. */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, ., _ or -')
    .optional(),
  /** Shared secret that lets the page renderer forward the visitor's IP address to the API. */
  INTERNAL_API_SECRET: z.string().min(32).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      'Invalid configuration: ' + issues.map((issue) => `${issue.variable}: ${issue.message}`).join('; '),
    );
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from an environment object; throws ConfigError naming the bad variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/**
 * The configuration of a process that cannot run without one (the server, npm run
 * config:check): an invalid environment prints the ConfigError's message and exits with 1.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
