// Shared by the chat benchmark (chat.ts) and the chaos test (chaos.ts): building and starting
// real server processes, preparing a database with staff and opening hours, and the HTTP
// calls a visitor and a counsellor make before the sockets take over.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { openDatabase } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { hashPassword } from '../server/src/access/password.js';
import { saveSchedule, scheduleInputSchema } from '../server/src/features/chat/opening-hours.js';
import { buildOrganisation } from '../server/src/test/factories.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const serverMain = path.join(root, 'server', 'dist', 'main.js');
export const STAFF_PASSWORD = 'bench-password-2026-long-enough';
export const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds the server when server/dist is missing or older than any source file. */
export function ensureServerBuilt(): void {
  const built = fs.existsSync(serverMain) ? fs.statSync(serverMain).mtimeMs : 0;
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(root, 'server', 'src'));
  if (built >= newest) return;
  console.log(built ? 'server/src changed since the last build: building the server' : 'building the server');
  const result = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build -w server failed');
}

/** Raises this process's open-file limit as far as the hard limit allows (via prlimit). */
export function raiseFileLimit(wanted: number): number {
  const read = () => {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const match = /Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/.exec(limits);
    return {
      soft: match?.[1] === 'unlimited' ? Infinity : Number(match?.[1] ?? 1024),
      hard: match?.[2] === 'unlimited' ? Infinity : Number(match?.[2] ?? 1024),
    };
  };
  const { soft, hard } = read();
  if (soft >= wanted) return soft;
  const target = Math.min(wanted, hard);
  spawnSync('prlimit', [`--pid=${process.pid}`, `--nofile=${target}:${hard === Infinity ? target : hard}`]);
  return read().soft;
}

export function rssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const children = new Set<ChildProcess>();
let cleanupInstalled = false;

/** Kills every child this process started, whatever way it ends. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
}

/** A child process listening on a port: the real server or the echo baseline. */
export class NodeProcess {
  child: ChildProcess | undefined;
  /** Set when the process ended without being asked to. */
  unexpectedExit: string | undefined;
  private expectingExit = false;
  private log: fs.WriteStream | undefined;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly args: string[],
    readonly env: Record<string, string>,
    readonly logFile?: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  get pid() {
    return this.child?.pid;
  }

  async start(readyPath = '/readyz', timeoutMs = 120_000): Promise<void> {
    installCleanup();
    this.expectingExit = false;
    this.unexpectedExit = undefined;
    if (this.logFile) this.log ??= fs.createWriteStream(this.logFile, { flags: 'a' });
    // BENCH_NODE_ARGS: flags for the server processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    // (Node refuses --cpu-prof in NODE_OPTIONS).
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, ...this.args], {
      cwd: root,
      // Several nodes run side by side: none of them receives mail.
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(this.port), SMTP_PORT: 'off', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    this.child = child;
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      this.log?.write(chunk);
      tail.push(chunk.toString());
      if (tail.length > 50) tail.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (!this.expectingExit)
        this.unexpectedExit = `${this.name} exited (code ${code}, signal ${signal}):\n${tail.join('').slice(-3000)}`;
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.unexpectedExit) throw new Error(this.unexpectedExit);
      try {
        const response = await fetch(this.url + readyPath);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`${this.name} did not become ready on port ${this.port}`);
  }

  /** SIGKILL: no shutdown at all, as when a machine dies. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** SIGTERM and wait (SIGKILL after 15 s). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM', 15_000);
  }

  /**
   * Sends a signal the process is expected to end on and resolves with how it ended: its exit
   * code (or the signal that ended it) and the milliseconds from this signal to its exit.
   */
  expectExit(
    signal: NodeJS.Signals,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return Promise.reject(new Error(`${this.name} is not running`));
    this.expectingExit = true;
    const sentAt = performance.now();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>(
      (resolve) =>
        child.once('exit', (code, exitSignal) =>
          resolve({ code, signal: exitSignal, ms: performance.now() - sentAt }),
        ),
    );
    child.kill(signal);
    return exited;
  }

  private async signal(signal: NodeJS.Signals, graceMs = 0): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.expectingExit = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    if (graceMs) {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    } else await exited;
  }
}

/** Drops and creates a database next to the one in baseUrl; returns its URL. */
export async function freshPostgres(baseUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function postgresAnswers(baseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PreparedStaff {
  adminEmail: string;
  counsellorEmails: string[];
}

/**
 * Migrates a fresh database and adds an admin and `counsellors` counsellors (one provider,
 * Finnish), opening hours round the clock and the assignment mode. Run before the server
 * starts: PGlite belongs to one process at a time.
 */
export async function prepareDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  counsellors: number;
  assignment?: 'manual' | 'auto';
}): Promise<PreparedStaff> {
  const handle = await openDatabase({
    databaseUrl: options.databaseUrl,
    pgliteDataDir: path.join(options.dataDir ?? '', 'db'),
    statementTimeoutMs: 60_000,
  });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const hash = await hashPassword(STAFF_PASSWORD);
    const organisation = await buildOrganisation(db, {
      slug: 'bench-opisto',
      name_fi: 'Kuormitusopisto (bench)',
    });
    const adminEmail = 'bench-admin@example.test';
    const counsellorEmails = Array.from(
      { length: options.counsellors },
      (_, i) => `bench-counsellor-${String(i + 1).padStart(4, '0')}@example.test`,
    );
    await db
      .insertInto('staff')
      .values([
        {
          email: adminEmail,
          name: 'Bench Admin',
          role: 'admin',
          organisation_id: null,
          languages: ['fi'],
          expertise: [],
          password_hash: hash,
        },
        ...counsellorEmails.map((email, i) => ({
          email,
          name: `Ohjaaja${i + 1} Kuormitus`,
          role: 'counsellor' as const,
          organisation_id: organisation.id,
          languages: ['fi'],
          expertise: [],
          password_hash: hash,
        })),
      ])
      .execute();
    await saveSchedule(
      db,
      null,
      scheduleInputSchema.parse({
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
        exceptions: [],
      }),
    );
    await db
      .updateTable('chat_settings')
      .set({ assignment: options.assignment ?? 'manual', max_wait_seconds: 3600 })
      .execute();
    return { adminEmail, counsellorEmails };
  } finally {
    await handle.close();
  }
}

/** The environment a bench server runs with. */
export function serverEnv(extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'false',
    SEED_CONTENT: 'false',
    CHAT_START_LIMIT_PER_HOUR: '1000000',
    DATABASE_URL: '',
    ...extra,
  };
}

async function call(
  base: string,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(base + url, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      if (attempt >= 3) throw error;
      await sleep(200 * (attempt + 1));
    }
  }
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Signs in (by default with the bench staff's password); returns the Cookie header value. */
export async function login(base: string, email: string, password = STAFF_PASSWORD): Promise<string> {
  const response = await call(base, 'POST', '/api/v1/auth/login', { email, password });
  await expectOk(response, `login ${email}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('opintori_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

export async function setAvailable(base: string, cookie: string, maxChats = 10): Promise<void> {
  await expectOk(
    await call(base, 'PUT', '/api/v1/inbox/presence', { status: 'available', maxChats }, { cookie }),
    'presence',
  );
}

/** Opens the service's chat round the clock (an admin's cookie), whatever the seeded hours. */
export async function openChatAllDay(base: string, cookie: string): Promise<void> {
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
  await expectOk(
    await call(base, 'PUT', '/api/v1/chat/opening-hours', { weekly, exceptions: [] }, { cookie }),
    'opening hours',
  );
}

export async function startChat(base: string): Promise<{ conversationId: string; secret: string }> {
  const response = await call(base, 'POST', '/api/v1/chat/conversations', {
    topic: 'applying',
    language: 'fi',
    consent: false,
  });
  return (await expectOk(response, 'start chat')) as { conversationId: string; secret: string };
}

export async function acceptChat(base: string, cookie: string, conversationId: string): Promise<void> {
  await expectOk(
    await call(base, 'POST', `/api/v1/inbox/conversations/${conversationId}/accept`, {}, { cookie }),
    'accept',
  );
}

/** The ids of the counsellor's open chats. */
export async function myChats(base: string, cookie: string): Promise<string[]> {
  const body = (await expectOk(
    await call(base, 'GET', '/api/v1/inbox/mine', undefined, { cookie }),
    'mine',
  )) as {
    items: { id: string }[];
  };
  return body.items.map((item) => item.id);
}

/** Runs `work` over items with at most `limit` at a time, in order of the items. */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

/** Connects one socket (WebSocket only, no automatic reconnection); rejects on connect_error. */
export function connectSocket(
  url: string,
  options: Parameters<typeof io>[1],
  timeoutMs = 20_000,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
      ...options,
    });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`connect timeout ${url}`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const randomId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
