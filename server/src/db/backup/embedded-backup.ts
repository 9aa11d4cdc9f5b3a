import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { z } from 'zod';
import { openDatabase, type DatabaseHandle } from '../database.js';
import { countRowsPerTable, recordedMigrations } from './database-inventory.js';
import { assertKnownSchema, BackupRefusal, schemaVersionOf } from './schema-version.js';
import { createTar, readTar } from './tar.js';

/*
 * A backup of the embedded engine is a .tar.gz of two files: `opintori-backup.json`, a manifest
 * naming the engine, the schema version (every migration the database records) and the SHA-256
 * of the second file, `pgdata.tar`, PGlite's own dump of its data directory. gzip's CRC and the
 * checksum catch damage; the manifest lets a restore refuse a file before opening anything, and
 * `tar -xzf` unpacks it with ordinary tools.
 */

const MANIFEST = 'opintori-backup.json';
const PGDATA = 'pgdata.tar';

const manifestSchema = z.object({
  format: z.literal('opintori-backup'),
  formatVersion: z.literal(1),
  engine: z.literal('pglite'),
  createdAt: z.string(),
  schemaVersion: z.string(),
  migrations: z.array(z.string()),
  postgresVersion: z.string(),
  pgdataBytes: z.number().int().nonnegative(),
  pgdataSha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export type EmbeddedManifest = z.infer<typeof manifestSchema>;

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A backup archive of an open embedded database: one consistent moment of it. */
export async function createEmbeddedBackup(handle: DatabaseHandle): Promise<Buffer> {
  if (!handle.pglite) throw new Error('an embedded backup needs the embedded engine');
  const migrations = await recordedMigrations(handle.db);
  const { rows } = await sql<{ server_version: string }>`show server_version`.execute(handle.db);
  // dumpDataDir waits for the running query and holds the engine while it copies the files, so
  // the copy is one moment of the database (write-ahead log included); a transaction still open
  // then is rolled back when the copy is opened. Compression happens after, off the engine.
  const pgdata = new Uint8Array(await (await handle.pglite.dumpDataDir('none')).arrayBuffer());
  const manifest: EmbeddedManifest = {
    format: 'opintori-backup',
    formatVersion: 1,
    engine: 'pglite',
    createdAt: new Date().toISOString(),
    schemaVersion: schemaVersionOf(migrations),
    migrations,
    postgresVersion: rows[0]?.server_version ?? 'unknown',
    pgdataBytes: pgdata.length,
    pgdataSha256: sha256(pgdata),
  };
  const tar = createTar([
    { name: MANIFEST, data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') },
    { name: PGDATA, data: pgdata },
  ]);
  return gzip(tar);
}

/** The manifest and the data directory dump of a backup archive, checked; refuses a damaged one. */
export async function readEmbeddedBackup(
  archive: Buffer,
  label: string,
): Promise<{ manifest: EmbeddedManifest; pgdata: Uint8Array }> {
  const damaged = (why: string) => new BackupRefusal(`${label} is damaged (${why}). Nothing was changed.`);
  let entries;
  try {
    entries = readTar(await gunzip(archive));
  } catch (error) {
    throw damaged(error instanceof Error ? error.message : String(error));
  }
  const manifestEntry = entries.find((entry) => entry.name === MANIFEST);
  const pgdata = entries.find((entry) => entry.name === PGDATA)?.data;
  if (!manifestEntry || !pgdata) throw damaged(`it must hold ${MANIFEST} and ${PGDATA}`);
  let parsed;
  try {
    parsed = manifestSchema.safeParse(JSON.parse(Buffer.from(manifestEntry.data).toString('utf8')));
  } catch {
    throw damaged(`${MANIFEST} is not JSON`);
  }
  if (!parsed.success) throw damaged(`${MANIFEST} is not an OpinTori backup manifest`);
  const manifest = parsed.data;
  if (pgdata.length !== manifest.pgdataBytes || sha256(pgdata) !== manifest.pgdataSha256) {
    throw damaged(`${PGDATA} does not match the checksum in ${MANIFEST}`);
  }
  return { manifest, pgdata };
}

export interface EmbeddedRestore {
  manifest: EmbeddedManifest;
  counts: Record<string, number>;
  /** Where the data directory that was replaced now is. */
  replacedDir?: string;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Replaces the data directory with the backup. The caller holds the directory (no service runs on
 * it). The backup is first opened in a sibling directory, its schema and tables read; only then
 * are the two directories swapped by renaming, the old one kept beside.
 */
export async function restoreEmbeddedBackup(
  archive: Buffer,
  label: string,
  dataDir: string,
): Promise<EmbeddedRestore> {
  const { manifest, pgdata } = await readEmbeddedBackup(archive, label);
  await assertKnownSchema(manifest.migrations, label);
  const staging = `${dataDir}.restoring-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  let counts: Record<string, number>;
  try {
    const loaded = await openDatabase({
      pgliteDataDir: staging,
      pgliteTemplate: new Blob([pgdata]),
      statementTimeoutMs: 600_000,
    });
    try {
      const migrations = await recordedMigrations(loaded.db);
      if (migrations.join() !== manifest.migrations.join()) {
        throw new BackupRefusal(
          `${label} is damaged (its database does not match its manifest). Nothing was changed.`,
        );
      }
      counts = await countRowsPerTable(loaded.db);
    } finally {
      await loaded.close();
    }
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    if (error instanceof BackupRefusal) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new BackupRefusal(`${label} is damaged (its database does not open: ${why}). Nothing was changed.`);
  }
  let replacedDir: string | undefined;
  if (await exists(dataDir)) {
    replacedDir = `${dataDir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await fs.rename(dataDir, replacedDir);
  }
  try {
    await fs.rename(staging, dataDir);
  } catch (error) {
    if (replacedDir) await fs.rename(replacedDir, dataDir);
    throw error;
  }
  return { manifest, counts, ...(replacedDir ? { replacedDir } : {}) };
}
