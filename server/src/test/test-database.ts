import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

export interface TestDatabase extends DatabaseHandle {
  /** The URL of the throwaway PostgreSQL database, when tests run on PostgreSQL. */
  url?: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a throwaway
 * database on the PostgreSQL server named by TEST_DATABASE_URL (dropped again afterwards).
 */
export async function createTestDatabase(
  options: {
    migrate?: boolean;
    /** PostgreSQL whatever the suite runs on: this server. */ serverUrl?: string;
  } = {},
): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env.TEST_DATABASE_URL;
  let handle: DatabaseHandle;
  let dropDatabase: (() => Promise<void>) | undefined;
  let url: string | undefined;
  if (serverUrl) {
    const name = `opintori_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const parsed = new URL(serverUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
    handle = await openDatabase({
      databaseUrl: url,
      pgliteDataDir: '',
      statementTimeoutMs: 15_000,
      poolSize: 5,
    });
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    const template = inject(options.migrate === false ? 'pgliteEmptyTemplate' : 'pgliteTemplate');
    handle = await openDatabase({
      pgliteDataDir: 'memory://',
      statementTimeoutMs: 15_000,
      ...(template ? { pgliteTemplate: new Blob([await fs.readFile(template)]) } : {}),
    });
  }
  // Already migrated when loaded from the template; this then only confirms it.
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    ...(url ? { url } : {}),
    destroy: async () => {
      await handle.close();
      await dropDatabase?.();
    },
  };
}

/**
 * A migrated embedded database in a directory on disk, for what works on data directories
 * (backups, moving to PostgreSQL); made from the run's template when there is one.
 */
export async function createEmbeddedTestDatabase(dataDir: string): Promise<DatabaseHandle> {
  const template = inject('pgliteTemplate');
  const handle = await openDatabase({
    pgliteDataDir: dataDir,
    statementTimeoutMs: 15_000,
    ...(template ? { pgliteTemplate: new Blob([await fs.readFile(template)]) } : {}),
  });
  await migrateToLatest(handle.db);
  return handle;
}
