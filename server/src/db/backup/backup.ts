import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.js';
import { embeddedDataDir, openDatabase } from '../database.js';
import { formatCounts } from './database-inventory.js';
import {
  claimDataDir,
  DataDirInUse,
  findHolder,
  requestLiveBackup,
  type DataDirGuard,
} from './data-dir-guard.js';
import { createEmbeddedBackup, readEmbeddedBackup, restoreEmbeddedBackup } from './embedded-backup.js';
import { backupPostgres, restorePostgres } from './postgres-backup.js';
import { maskedUrl } from './postgres-tools.js';
import { BackupRefusal, schemaVersionOf } from './schema-version.js';

export type BackupConfig = Pick<Config, 'DATA_DIR' | 'DATABASE_URL' | 'PG_BIN_DIR' | 'STATEMENT_TIMEOUT_MS'>;

/**
 * For the service on the embedded engine: claims the data directory before the database is
 * opened (a second process on it is refused), to answer live backups once it is open.
 */
export function claimServiceDataDir(
  config: BackupConfig,
  baseDir?: string,
): Promise<DataDirGuard | undefined> {
  if (config.DATABASE_URL) return Promise.resolve(undefined);
  return claimDataDir(embeddedDataDir(config, baseDir), 'service');
}

async function hasEmbeddedDatabase(dataDir: string): Promise<boolean> {
  return fs.stat(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/** An archive of the embedded database: from the running service when there is one, else made here. */
async function embeddedArchive(
  dataDir: string,
  config: BackupConfig,
): Promise<{ archive: Buffer; live: boolean }> {
  if (!(await hasEmbeddedDatabase(dataDir))) {
    throw new BackupRefusal(`There is no embedded database at ${dataDir} (check DATA_DIR).`);
  }
  for (let attempt = 0; ; attempt += 1) {
    const holder = await findHolder(dataDir);
    if (holder?.purpose === 'service') return { archive: await requestLiveBackup(dataDir), live: true };
    if (holder) throw new DataDirInUse(dataDir, holder);
    let guard: DataDirGuard;
    try {
      guard = await claimDataDir(dataDir, 'backup');
    } catch (error) {
      // The service started in between: ask it instead.
      if (error instanceof DataDirInUse && error.holder.purpose === 'service' && attempt === 0) continue;
      throw error;
    }
    try {
      const handle = await openDatabase({
        pgliteDataDir: dataDir,
        statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
      });
      try {
        return { archive: await createEmbeddedBackup(handle), live: false };
      } finally {
        await handle.close();
      }
    } finally {
      await guard.release();
    }
  }
}

/** Writes a backup of the configured database to `file`; answers a report for the operator. */
export async function backupDatabase(config: BackupConfig, file: string, baseDir?: string): Promise<string> {
  const target = path.resolve(baseDir ?? process.cwd(), file);
  if (config.DATABASE_URL) {
    const migrations = await backupPostgres(config.DATABASE_URL, target, { binDir: config.PG_BIN_DIR });
    const { size } = await fs.stat(target);
    return (
      `Backed up PostgreSQL ${maskedUrl(config.DATABASE_URL)} to ${target} ` +
      `(pg_dump custom format, ${size} bytes, schema version ${schemaVersionOf(migrations)}).`
    );
  }
  const dataDir = embeddedDataDir(config, baseDir);
  const { archive, live } = await embeddedArchive(dataDir, config);
  // Read back before it is written: what lands on disk is known to restore.
  const { manifest } = await readEmbeddedBackup(archive, 'The new backup');
  const partial = `${target}.partial-${process.pid}`;
  try {
    await fs.writeFile(partial, archive, { mode: 0o600 });
    await fs.rename(partial, target);
  } finally {
    await fs.rm(partial, { force: true });
  }
  return (
    `Backed up the embedded database ${dataDir}${live ? ' from the running service' : ''} to ${target} ` +
    `(${archive.length} bytes, schema version ${manifest.schemaVersion}).`
  );
}

async function fileKind(file: string, label: string): Promise<'postgres' | 'embedded'> {
  let head: Buffer;
  try {
    const handle = await fs.open(file, 'r');
    try {
      head = Buffer.alloc(5);
      await handle.read(head, 0, 5, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new BackupRefusal(`${label} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'embedded';
  throw new BackupRefusal(`${label} is not an OpinTori backup. Nothing was changed.`);
}

/** Restores `file` into the configured database, refusing anything unsafe; answers a report. */
export async function restoreDatabase(config: BackupConfig, file: string, baseDir?: string): Promise<string> {
  const source = path.resolve(baseDir ?? process.cwd(), file);
  const label = `The file ${source}`;
  const kind = await fileKind(source, label);
  if (config.DATABASE_URL) {
    if (kind !== 'postgres') {
      throw new BackupRefusal(
        `${label} is a backup of the embedded database, but DATABASE_URL names PostgreSQL. Restore it ` +
          'with DATABASE_URL unset, then move it with npm run db:move-to-postgres. Nothing was changed.',
      );
    }
    const result = await restorePostgres(config.DATABASE_URL, source, label, { binDir: config.PG_BIN_DIR });
    return (
      `Restored ${source} into PostgreSQL ${maskedUrl(config.DATABASE_URL)} ` +
      `(schema version ${schemaVersionOf(result.migrations)}). Rows per table:\n${formatCounts(result.counts)}`
    );
  }
  if (kind !== 'embedded') {
    throw new BackupRefusal(
      `${label} is a PostgreSQL dump, but DATABASE_URL is not set (the embedded database is in use). ` +
        'Set DATABASE_URL to restore it into PostgreSQL. Nothing was changed.',
    );
  }
  const dataDir = embeddedDataDir(config, baseDir);
  let guard: DataDirGuard;
  try {
    guard = await claimDataDir(dataDir, 'restore');
  } catch (error) {
    if (error instanceof DataDirInUse) {
      throw new BackupRefusal(`${error.message} Stop it before restoring. Nothing was changed.`);
    }
    throw error;
  }
  try {
    const result = await restoreEmbeddedBackup(await fs.readFile(source), label, dataDir);
    return [
      `Restored ${source} into ${dataDir} (schema version ${result.manifest.schemaVersion}, ` +
        `made ${result.manifest.createdAt}).`,
      ...(result.replacedDir
        ? [`The replaced data directory is kept in ${result.replacedDir}; delete it when done.`]
        : []),
      `Rows per table:\n${formatCounts(result.counts)}`,
    ].join('\n');
  } finally {
    await guard.release();
  }
}
