import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Database } from './database-types.js';

export type DatabaseEngine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  /** The embedded engine itself, for dumps and backups; absent on PostgreSQL. */
  pglite?: PGlite;
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
}

const INT8_OID = 20;

// int8 (counts, identity columns) as numbers on both engines so that rows look the same
// whichever engine produced them; our int8 values stay far below 2^53.
const parseInt8 = (value: string): number => Number(value);

/** Opens the database chosen by the options: PostgreSQL through `pg`, or embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }

  const dataDir = options.pgliteDataDir;
  if (!dataDir.startsWith('memory://')) {
    await fs.mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  }
  const pglite = await PGlite.create({
    dataDir,
    ...(options.pgliteTemplate ? { loadDataDir: options.pgliteTemplate } : {}),
    extensions: { btree_gist, pg_trgm, unaccent },
    parsers: { [INT8_OID]: parseInt8 },
    postgresqlconf: [`statement_timeout = ${options.statementTimeoutMs}`],
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, engine: 'pglite', pglite, close: () => db.destroy() };
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
    pgliteDataDir: path.join(path.resolve(baseDir, config.DATA_DIR), 'db'),
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
    poolSize: config.DATABASE_POOL_SIZE,
  });
}
