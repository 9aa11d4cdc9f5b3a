import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../config.js';
import { answeredChat, openAllDay, setAvailable } from '../../test/chat-helpers.js';
import { buildOrganisation } from '../../test/factories.js';
import { runServerScript } from '../../test/run-script.js';
import { createAppOn, signedIn, type SignedIn } from '../../test/test-app.js';
import {
  createEmbeddedTestDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../../test/test-database.js';
import { embeddedDataDir, openDatabase, type DatabaseHandle } from '../database.js';
import { backupDatabase, claimServiceDataDir, restoreDatabase } from './backup.js';
import { countRowsPerTable } from './database-inventory.js';
import { claimDataDir, DataDirInUse, guardSocketPath, type DataDirGuard } from './data-dir-guard.js';
import { createEmbeddedBackup } from './embedded-backup.js';
import { applyDump } from './postgres-backup.js';
import { createTar } from './tar.js';

// On the engine the suite runs on: the embedded one in a data directory on disk, or a
// throwaway PostgreSQL database when TEST_DATABASE_URL is set.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let dir: string;
let env: Record<string, string>;
let config: Config;
let postgres: TestDatabase | undefined;
let service: { database: DatabaseHandle; guard?: DataDirGuard | undefined; app: FastifyInstance } | undefined;
let counsellor: SignedIn;
let firstChat: string;

/** Starts the service's database and API as main.ts does: the data directory claimed first. */
async function startService() {
  const guard = await claimServiceDataDir(config);
  const database = onPostgres
    ? await openDatabase({
        databaseUrl: env.DATABASE_URL!,
        pgliteDataDir: '',
        statementTimeoutMs: 15_000,
        poolSize: 3,
      })
    : await openDatabase({ pgliteDataDir: embeddedDataDir(config), statementTimeoutMs: 15_000 });
  guard?.serveBackups(() => createEmbeddedBackup(database));
  service = { database, guard, app: await createAppOn(database, env) };
  return service;
}

async function stopService() {
  await service?.app.close();
  await service?.database.close();
  await service?.guard?.release();
  service = undefined;
}

/** Rows per table, and one conversation's messages in order. */
async function snapshot(db: DatabaseHandle['db'], conversationId: string) {
  const { rows } = await sql<{ seq: number; kind: string; body: string }>`
    select seq, kind, body from messages where conversation_id = ${conversationId} order by seq`.execute(db);
  return { counts: await countRowsPerTable(db), messages: rows };
}

/** With the service stopped: the database opened just for `use`. */
async function withDatabase<T>(use: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
  const handle = onPostgres
    ? await openDatabase({
        databaseUrl: env.DATABASE_URL!,
        pgliteDataDir: '',
        statementTimeoutMs: 15_000,
        poolSize: 1,
      })
    : await openDatabase({ pgliteDataDir: embeddedDataDir(config), statementTimeoutMs: 15_000 });
  try {
    return await use(handle.db);
  } finally {
    await handle.close();
  }
}

const snapshotStopped = (conversationId: string) => withDatabase((db) => snapshot(db, conversationId));

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'opintori-backup-'));
  if (onPostgres) {
    postgres = await createTestDatabase();
    env = { DATABASE_URL: postgres.url!, DATA_DIR: path.join(dir, 'data') };
    await postgres.close(); // the service opens its own connections
  } else {
    env = { DATA_DIR: path.join(dir, 'data') };
    await (await createEmbeddedTestDatabase(embeddedDataDir({ DATA_DIR: env.DATA_DIR! }))).close();
  }
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false', ...env });
  const { app, database } = await startService();
  const provider = await buildOrganisation(database.db, { slug: 'rannikko' });
  const admin = await signedIn({ app, database }, { role: 'admin', email: 'admin@example.test' });
  await openAllDay(app, admin.cookie);
  counsellor = await signedIn({ app, database }, { organisation_id: provider.id, languages: ['fi'] });
  await setAvailable(app, counsellor.cookie, 10);
  firstChat = await answeredChat(app, counsellor.cookie, ['Hei, miten voin auttaa?', 'Haku alkaa 1.3.'], {
    firstName: 'Aino',
  });
  await answeredChat(app, counsellor.cookie, ['Tervetuloa!'], { firstName: 'Eino' });
}, 120_000);

afterAll(async () => {
  await stopService();
  await postgres?.destroy();
  await fs.rm(dir, { recursive: true, force: true });
});

// Each test starts and stops the service, and runs the commands in processes of their own.
describe(`backup and restore (${onPostgres ? 'PostgreSQL' : 'embedded'})`, { timeout: 120_000 }, () => {
  it('takes a backup while the service runs and restores exactly that state', async () => {
    const file = path.join(dir, 'backup-1');
    const before = await snapshot(service!.database.db, firstChat);
    expect(before.messages.map((m) => m.body)).toEqual(
      expect.arrayContaining(['Hei, miten voin auttaa?', 'Haku alkaa 1.3.']),
    );

    const backup = await runServerScript(['src/db/backup/backup-cli.ts', 'backup', file], env, 60_000);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(onPostgres ? /pg_dump custom format/ : /from the running service/);

    // Afterwards: one more chat, and the first one deleted.
    await answeredChat(service!.app, counsellor.cookie, ['Uusi keskustelu'], { firstName: 'Veera' });
    await service!.database.db.deleteFrom('conversations').where('id', '=', firstChat).execute();
    const changed = await snapshot(service!.database.db, firstChat);
    expect(changed.messages).toEqual([]);

    // Not while the service runs.
    await expect(restoreDatabase(config, file)).rejects.toThrow(
      onPostgres ? /other session\(s\) are connected/ : /in use by the OpinTori service/,
    );
    expect(await snapshot(service!.database.db, firstChat)).toEqual(changed);

    await stopService();
    const restore = await runServerScript(['src/db/backup/backup-cli.ts', 'restore', file], env, 60_000);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/^Restored /);

    const { app, database } = await startService();
    expect(await snapshot(database.db, firstChat)).toEqual(before);
    // The service reads it: the counsellor's session and the conversation came back.
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/inbox/conversations/${firstChat}`,
      headers: { cookie: counsellor.cookie },
    });
    expect(read.statusCode).toBe(200);
    expect(JSON.stringify(read.json())).toContain('Haku alkaa 1.3.');
  });

  it('refuses a damaged file and leaves the database as it was', async () => {
    const good = await fs.readFile(path.join(dir, 'backup-1'));
    await stopService();
    const before = await snapshotStopped(firstChat);
    const write = async (name: string, data: Uint8Array) => {
      await fs.writeFile(path.join(dir, name), data);
      return path.join(dir, name);
    };
    const cut = await write('cut', good.subarray(0, Math.floor(good.length / 2)));
    // Damage in several places, so that it hits stored data whatever the tables' layout in the file.
    const flipped = Buffer.from(good);
    for (const at of [0.3, 0.45, 0.6, 0.75, 0.9]) {
      const from = Math.floor(good.length * at);
      for (let i = from; i < from + 64; i += 1) flipped[i]! ^= 0xff;
    }
    const damaged = await write('flipped', flipped);
    const notABackup = await write('text', Buffer.from('hello, this is not a backup\n'));
    const otherEngine = await write('other', onPostgres ? gzipSync('x') : Buffer.from('PGDMP and more'));

    await expect(restoreDatabase(config, cut)).rejects.toThrow(/damaged|not a readable/);
    await expect(restoreDatabase(config, damaged)).rejects.toThrow(/damaged|not a readable/);
    await expect(restoreDatabase(config, notABackup)).rejects.toThrow(/is not an OpinTori backup/);
    await expect(restoreDatabase(config, otherEngine)).rejects.toThrow(
      onPostgres ? /backup of the embedded database/ : /is a PostgreSQL dump/,
    );
    if (onPostgres) {
      // Past the checks, a dump that breaks off part-way is rolled back whole.
      await expect(applyDump(env.DATABASE_URL!, cut, {})).rejects.toThrow(/Nothing was changed/);
    } else {
      // A well-formed archive whose data directory is not one.
      const pgdata = createTar([{ name: 'db/PG_VERSION', data: Buffer.from('nonsense') }]);
      const manifest = {
        format: 'opintori-backup',
        formatVersion: 1,
        engine: 'pglite',
        createdAt: new Date().toISOString(),
        schemaVersion: '2026-11-29T10-00-core',
        migrations: ['2026-11-29T10-00-core'],
        postgresVersion: '18',
        pgdataBytes: pgdata.length,
        pgdataSha256: createHash('sha256').update(pgdata).digest('hex'),
      };
      const forged = createTar([
        { name: 'opintori-backup.json', data: Buffer.from(JSON.stringify(manifest)) },
        { name: 'pgdata.tar', data: pgdata },
      ]);
      await expect(restoreDatabase(config, await write('forged', gzipSync(forged)))).rejects.toThrow(
        /is damaged/,
      );
      const siblings = await fs.readdir(path.join(env.DATA_DIR!));
      expect(siblings.filter((name) => name.includes('restoring'))).toEqual([]);
    }
    expect(await snapshotStopped(firstChat)).toEqual(before);
  });

  it('refuses a backup from a newer schema and leaves the database as it was', async () => {
    const future = '2999-01-01T00-00-from-a-newer-version';
    await withDatabase((db) =>
      sql`insert into kysely_migration (name, timestamp) values (${future}, now())`.execute(db),
    );
    const file = path.join(dir, 'backup-newer');
    // With the service stopped the embedded backup opens the data directory itself.
    expect(await backupDatabase(config, file)).toMatch(
      /schema version 2999-01-01T00-00-from-a-newer-version/,
    );
    const before = await withDatabase(async (db) => {
      await sql`delete from kysely_migration where name = ${future}`.execute(db);
      return snapshot(db, firstChat);
    });

    await expect(restoreDatabase(config, file)).rejects.toThrow(
      /schema version 2999-01-01T00-00-from-a-newer-version, newer than this version of OpinTori knows/,
    );
    expect(await snapshotStopped(firstChat)).toEqual(before);
  });

  it('lets one process at a time have an embedded data directory, and takes over a stale claim', async () => {
    const dataDir = path.join(dir, 'guarded', 'db');
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    const first = await claimDataDir(dataDir, 'service');
    const second = await claimDataDir(dataDir, 'restore').catch((error: unknown) => error);
    expect(second).toBeInstanceOf(DataDirInUse);
    expect((second as DataDirInUse).holder).toEqual({ pid: process.pid, purpose: 'service' });
    expect((await fs.stat(guardSocketPath(dataDir))).mode & 0o777).toBe(0o600);
    await first.release();
    // A process that ended without releasing leaves the socket file behind, nobody listening.
    await fs.writeFile(guardSocketPath(dataDir), '');
    const third = await claimDataDir(dataDir, 'backup');
    await third.release();
  });
});
