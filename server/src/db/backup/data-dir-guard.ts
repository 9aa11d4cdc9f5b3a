import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { BackupRefusal } from './schema-version.js';

/*
 * The embedded engine is one process's database: two processes writing one data directory
 * corrupt it. Whoever opens the directory (the service, or a backup, restore or move command)
 * first listens on a Unix socket beside it, `$DATA_DIR/db.sock`; whoever finds that socket
 * answering keeps away. The running service also answers live backups on it, since a
 * consistent copy can only come from the process that has the database open. The socket is
 * the owner's alone (mode 0600): no secret, no port, nothing reachable from the network.
 */

export type GuardPurpose = 'service' | 'backup' | 'restore' | 'move';

interface Holder {
  pid: number;
  purpose: GuardPurpose;
}

/** The data directory is open in another process. */
export class DataDirInUse extends BackupRefusal {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    const who = holder.purpose === 'service' ? 'the OpinTori service' : `an OpinTori ${holder.purpose}`;
    super(`${dataDir} is in use by ${who} (process ${holder.pid}).`);
    this.name = 'DataDirInUse';
  }
}

export interface DataDirGuard {
  readonly socketPath: string;
  /** Lets `npm run backup` fetch a consistent copy from this process (GET /backup). */
  serveBackups(makeBackup: () => Promise<Buffer>): void;
  release(): Promise<void>;
}

// sun_path holds 108 bytes on Linux; a longer path is tried relative to the working directory.
const MAX_SOCKET_PATH = 100;

/** Where the guard socket of a data directory is: beside it, so that a restore can swap the directory. */
export function guardSocketPath(dataDir: string): string {
  const absolute = `${path.resolve(dataDir)}.sock`;
  if (Buffer.byteLength(absolute) <= MAX_SOCKET_PATH) return absolute;
  const relative = path.relative(process.cwd(), absolute);
  if (Buffer.byteLength(relative) <= MAX_SOCKET_PATH) return relative;
  throw new BackupRefusal(
    `The path of ${absolute} is too long for a Unix socket (${MAX_SOCKET_PATH} bytes): ` +
      'use a shorter DATA_DIR, or start the command from a directory nearer to it.',
  );
}

function request(socketPath: string, urlPath: string, timeoutMs: number) {
  return new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
    const req = http.get({ socketPath, path: urlPath, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer on ${socketPath} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** The process holding a data directory, or undefined when nothing answers on its socket. */
export async function findHolder(dataDir: string): Promise<Holder | undefined> {
  try {
    const { status, body } = await request(guardSocketPath(dataDir), '/holder', 5000);
    return status === 200 ? (JSON.parse(body.toString('utf8')) as Holder) : undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No socket, or one left behind by a process that ended without closing it.
    if (code === 'ENOENT' || code === 'ECONNREFUSED') return undefined;
    throw error;
  }
}

/** A consistent backup made by the service running on the data directory. */
export async function requestLiveBackup(dataDir: string): Promise<Buffer> {
  const { status, body } = await request(guardSocketPath(dataDir), '/backup', 30 * 60_000);
  if (status !== 200)
    throw new BackupRefusal(`The running service could not make a backup: ${body.toString('utf8')}`);
  return body;
}

function listen(server: http.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Claims a data directory for this process, or throws DataDirInUse naming the process that
 * has it. A socket left by a process that ended without releasing it is taken over.
 */
export async function claimDataDir(dataDir: string, purpose: GuardPurpose): Promise<DataDirGuard> {
  const socketPath = guardSocketPath(dataDir);
  // A first start: DATA_DIR may not exist yet.
  await fs.mkdir(path.dirname(path.resolve(socketPath)), { recursive: true });
  let makeBackup: (() => Promise<Buffer>) | undefined;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/holder') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ pid: process.pid, purpose } satisfies Holder));
    } else if (req.method === 'GET' && req.url === '/backup' && makeBackup) {
      makeBackup().then(
        (archive) => {
          res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': archive.length });
          res.end(archive);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(error instanceof Error ? error.message : String(error));
        },
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`this ${purpose} process does not answer ${req.method} ${req.url}`);
    }
  });
  for (let attempt = 0; ; attempt += 1) {
    try {
      await listen(server, socketPath);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      const holder = await findHolder(dataDir);
      if (holder) throw new DataDirInUse(dataDir, holder);
      if (attempt > 0) throw new DataDirInUse(dataDir, { pid: 0, purpose: 'service' });
      await fs.rm(socketPath, { force: true });
    }
  }
  await fs.chmod(socketPath, 0o600);
  return {
    socketPath,
    serveBackups(make) {
      makeBackup = make;
    },
    // Closing the server removes the socket file.
    release: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
