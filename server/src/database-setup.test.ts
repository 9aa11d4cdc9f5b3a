import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { isFullyMigrated, knownMigrationNames } from './db/migrate.js';
import { isNewEmbeddedDatabase, prepareDatabase, setUpEmbeddedDatabaseInChild } from './database-setup.js';

// The first start of an embedded database runs in a child process (its memory is returned when
// it ends); the service then opens a database that is ready.
describe('setting up a new embedded database in a child process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'opintori-setup-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const env = (dataDir: string) => ({
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    SEED_DEMO_DATA: 'false',
    SEED_CONTENT: 'true',
    LOG_LEVEL: 'warn',
  });

  it('creates, migrates and fills the database in the child; the service then has nothing left to do', async () => {
    const dataDir = path.join(dir, 'data');
    const config = loadConfig(env(dataDir));
    expect(await isNewEmbeddedDatabase(config)).toBe(true);

    await setUpEmbeddedDatabaseInChild({ env: env(dataDir), execArgv: ['--import', 'tsx'] });
    expect(await isNewEmbeddedDatabase(config)).toBe(false);

    const database = await openDatabase({
      pgliteDataDir: path.join(dataDir, 'db'),
      statementTimeoutMs: 15_000,
      pgliteSharedBuffersMb: config.PGLITE_SHARED_BUFFERS_MB,
    });
    try {
      expect(await isFullyMigrated(database.db)).toBe(true);
      const applied = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(
        database.db,
      );
      expect(applied.rows[0]?.n).toBe((await knownMigrationNames()).length);
      const articles = await sql<{ n: number }>`select count(*)::int as n from articles`.execute(database.db);
      expect(articles.rows[0]?.n).toBeGreaterThan(0);
      const setting = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(database.db);
      expect(setting.rows[0]?.shared_buffers).toBe(`${config.PGLITE_SHARED_BUFFERS_MB}MB`);

      // What the service runs next finds everything in place: no migration, no content loaded.
      const logged: string[] = [];
      await prepareDatabase(database.db, config, {
        info: (_: unknown, message?: string) => logged.push(String(message)),
      } as never);
      expect(logged).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('fails with a message when the directory cannot be used', async () => {
    const blocked = path.join(dir, 'blocked');
    await fs.writeFile(blocked, 'not a directory');
    await expect(
      setUpEmbeddedDatabaseInChild({ env: env(blocked), execArgv: ['--import', 'tsx'] }),
    ).rejects.toThrow(/setting up the embedded database failed \(exit code [1-9]/);
    expect((await fs.stat(blocked)).isFile()).toBe(true);
  }, 60_000);

  it('does nothing on PostgreSQL', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', DATA_DIR: dir });
    expect(await isNewEmbeddedDatabase(config)).toBe(false);
  });
});
