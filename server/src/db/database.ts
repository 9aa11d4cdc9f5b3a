import fs from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PGliteDialect, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './database-types.js';

export type DatabaseEngine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** The embedded engine itself, for dumps and backups; absent on PostgreSQL. */
  pglite?: PGlite;
  /** The connection pool on PostgreSQL (its use is a metric); absent on PGlite. */
  pool?: pg.Pool;
  /** Calls `listener` with every query that fails, until the returned function is called. */
  onQueryError(listener: (error: unknown) => void): () => void;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite engine is used. */
  databaseUrl?: string | undefined;
  /** Directory for PGlite's files; `memory://` keeps it in memory (tests). */
  pgliteDataDir: string;
  statementTimeoutMs: number;
  poolSize?: number;
  /** A PGlite data directory dump to start from (tests load a migrated template). */
  pgliteTemplate?: Blob;
  /** PGlite's page cache (shared_buffers) in MiB; PostgreSQL's default (128) when absent. */
  pgliteSharedBuffersMb?: number;
  /**
   * false: compile PGlite's WebAssembly with V8's baseline compiler only (less memory). A
   * process-wide V8 setting, so only the service's own start sets it (openConfiguredDatabase).
   */
  pgliteOptimizingCompiler?: boolean;
}

const INT8_OID = 20;

// int8 (counts, identity columns) as numbers on both engines so that rows look the same
// whichever engine produced them; our int8 values stay far below 2^53.
const parseInt8 = (value: string): number => Number(value);

/**
 * Kysely's log hook, used for failed queries only: it hands each one to the listeners (the
 * metrics count them) and writes nothing itself. Errors are still thrown to the caller.
 */
function queryErrorHook() {
  const listeners = new Set<(error: unknown) => void>();
  return {
    log(event: LogEvent) {
      if (event.level === 'error') for (const listener of listeners) listener(event.error);
    },
    onQueryError(listener: (error: unknown) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** Opens the database chosen by the options: PostgreSQL through `pg`, or embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const errors = queryErrorHook();
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      statement_timeout: options.statementTimeoutMs,
      connectionTimeoutMillis: 10_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? parseInt8
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // A connection that breaks (database restart, failover, an idle timeout) is an 'error'
    // event on the pool when idle, on the client when checked out between two queries: without
    // a listener either ends the process. The query in progress fails; the pool drops the
    // connection and the next query opens a new one.
    const lost = (error: Error) => console.warn(`PostgreSQL connection lost: ${error.message}`);
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: errors.log });
    return {
      db,
      engine: 'postgres',
      pool,
      onQueryError: errors.onQueryError,
      close: () => db.destroy(),
    };
  }

  const dataDir = options.pgliteDataDir;
  if (options.pgliteOptimizingCompiler === false) {
    // Before the engine's module is compiled. Measured (docs/operations.md, Memory): about 50 MiB
    // less resident, the same chat latency at 1,000 chats.
    v8.setFlagsFromString('--liftoff-only');
  }
  if (!dataDir.startsWith('memory://')) {
    await fs.mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  }
  const pglite = await PGlite.create({
    dataDir,
    ...(options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {}),
    extensions: { btree_gist, pg_trgm, unaccent },
    parsers: { [INT8_OID]: parseInt8 },
    // Written to the data directory's postgresql.conf on every start, so a changed setting
    // applies at the next one.
    postgresqlconf: [
      `statement_timeout = ${options.statementTimeoutMs}`,
      ...(options.pgliteSharedBuffersMb ? [`shared_buffers = ${options.pgliteSharedBuffersMb}MB`] : []),
    ],
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log: errors.log });
  return { db, engine: 'pglite', pglite, onQueryError: errors.onQueryError, close: () => db.destroy() };
}

/** True when a trivial query succeeds; used by the readiness probe. */
export async function pingDatabase(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** The embedded engine's directory, `$DATA_DIR/db`; a relative DATA_DIR is taken from `baseDir`. */
export function embeddedDataDir(config: Pick<Config, 'DATA_DIR'>, baseDir: string = process.cwd()): string {
  return path.join(path.resolve(baseDir, config.DATA_DIR), 'db');
}

/**
 * Opens the database the configuration names. A relative DATA_DIR is taken from `baseDir`
 * (the directory the command was started in).
 */
export function openConfiguredDatabase(
  config: Config,
  baseDir: string = process.cwd(),
): Promise<DatabaseHandle> {
  return openDatabase({
    databaseUrl: config.DATABASE_URL,
    pgliteDataDir: embeddedDataDir(config, baseDir),
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
    poolSize: config.DATABASE_POOL_SIZE,
    pgliteSharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB,
    pgliteOptimizingCompiler: config.PGLITE_OPTIMIZING_COMPILER,
  });
}
