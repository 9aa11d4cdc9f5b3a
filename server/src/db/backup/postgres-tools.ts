import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BackupRefusal } from './schema-version.js';
import { openDatabase, type DatabaseHandle } from '../database.js';

/*
 * PostgreSQL's own client tools (pg_dump, pg_restore, psql) do the PostgreSQL side of backups.
 * The password never goes on a command line, where other users could read it: it is taken out
 * of the URL and handed over in PGPASSWORD.
 */

export interface PgTools {
  /** The directory of pg_dump, pg_restore and psql; from PATH when absent. */
  binDir?: string | undefined;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The URL without its password, and the environment that carries the password. */
export function connectionFor(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    dbname: parsed.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

/** The URL as it may be shown: the password replaced by stars. */
export function maskedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Starts one of the tools; a missing tool becomes a refusal saying what to install. */
export function startTool(
  name: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[],
  tools: PgTools,
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn(tools.binDir ? path.join(tools.binDir, name) : name, args, { env });
  return child;
}

/** Waits for a started tool, collecting what it writes (stdout only when it is piped). */
export function finishTool(child: ChildProcess, name: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupRefusal(
              `${name} was not found: install PostgreSQL's client tools (Debian: postgresql-client) ` +
                "of the server's major version, or set PG_BIN_DIR to their directory.",
            )
          : error,
      );
    });
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8').trim(),
      }),
    );
  });
}

/** Runs a tool to its end. */
export function runTool(
  name: 'pg_dump' | 'pg_restore' | 'psql',
  args: string[],
  tools: PgTools,
  env?: NodeJS.ProcessEnv,
): Promise<ToolResult> {
  return finishTool(startTool(name, args, tools, env), name);
}

/** Runs `work` on one connection to the PostgreSQL database at `url`, closed afterwards. */
export async function withPostgres<T>(
  url: string,
  statementTimeoutMs: number,
  work: (db: DatabaseHandle['db']) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase({ databaseUrl: url, pgliteDataDir: '', statementTimeoutMs, poolSize: 1 });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}
