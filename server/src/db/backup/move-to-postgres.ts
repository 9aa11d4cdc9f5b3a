import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { embeddedDataDir, openDatabase } from '../database.js';
import type { Database } from '../database-types.js';
import { migrateUpTo } from '../migrate.js';
import type { BackupConfig } from './backup.js';
import { countRowsPerTable, formatCounts, publicTables, recordedMigrations } from './database-inventory.js';
import { claimDataDir, DataDirInUse, type DataDirGuard } from './data-dir-guard.js';
import { maskedUrl, withPostgres } from './postgres-tools.js';
import { assertKnownSchema, BackupRefusal, schemaVersionOf } from './schema-version.js';
import {
  constraintDefinition,
  copyOrder,
  copySequences,
  copyTable,
  foreignKeys,
  tablesWithTriggers,
} from './table-copy.js';

// The migrator's own tables: the target's are made by running the migrations there.
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

export interface MoveResult {
  schemaVersion: string;
  source: Record<string, number>;
  target: Record<string, number>;
}

/** Refuses a target that has any table at all (the OpinTori schema, or anything else). */
async function assertEmptyTarget(db: Kysely<Database>, url: string): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg\\_%'
    order by 1`.execute(db);
  if (rows.length === 0) return;
  const migrations = await recordedMigrations(db);
  const what = migrations.length
    ? `already has the OpinTori schema (version ${schemaVersionOf(migrations)})`
    : `is not empty (tables: ${rows
        .slice(0, 5)
        .map((row) => row.name)
        .join(', ')}${rows.length > 5 ? ', …' : ''})`;
  throw new BackupRefusal(
    `The database ${maskedUrl(url)} ${what}: the move needs an empty database. Nothing was written.`,
  );
}

/**
 * Copies every row of the embedded database into the target, in the target transaction `trx`:
 * the schema by running the same migrations there, the rows table by table after the tables
 * they reference, the sequences where they stood. The row counts must then agree.
 */
async function copyDatabase(
  source: Kysely<Database>,
  trx: Transaction<Database>,
  migrations: string[],
): Promise<MoveResult> {
  await migrateUpTo(trx, migrations.at(-1)!);
  const tables = (await publicTables(source)).filter((table) => !MIGRATOR_TABLES.has(table));
  const { order, forward } = copyOrder(tables, await foreignKeys(source));
  // The copies are the rows as they were: the triggers that mark changed report months stay
  // quiet, and the rows the migrations put in (settings, keys) give way to the copied ones.
  const triggered = await tablesWithTriggers(trx);
  for (const table of triggered) await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
  await sql`truncate ${sql.join(order.map((table) => sql.table(table)))}`.execute(trx);
  const setAside = [];
  for (const key of forward) {
    setAside.push({ key, definition: await constraintDefinition(trx, key) });
    await sql`alter table ${sql.table(key.table)} drop constraint ${sql.id(key.name)}`.execute(trx);
  }
  for (const table of order) await copyTable(source, trx, table);
  for (const { key, definition } of setAside) {
    await sql`alter table ${sql.table(key.table)} add constraint ${sql.id(key.name)} ${sql.raw(definition)}`.execute(
      trx,
    );
  }
  for (const table of triggered) await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
  await copySequences(source, trx);
  const counted = [...MIGRATOR_TABLES, ...order].sort();
  const result = {
    schemaVersion: schemaVersionOf(migrations),
    source: await countRowsPerTable(source, counted),
    target: await countRowsPerTable(trx, counted),
  };
  const differing = order.filter((table) => result.source[table] !== result.target[table]);
  if (differing.length > 0) {
    throw new Error(`row counts differ after the copy: ${differing.join(', ')}`);
  }
  return result;
}

/**
 * Moves the embedded database into an empty PostgreSQL database, in one transaction there: a
 * failure leaves the target empty. The service must be stopped; the embedded data stays as it was.
 */
export async function moveToPostgres(
  config: BackupConfig,
  targetUrl: string,
  baseDir?: string,
): Promise<MoveResult> {
  const dataDir = embeddedDataDir(config, baseDir);
  const found = await fs.stat(path.join(dataDir, 'PG_VERSION')).catch(() => undefined);
  if (!found) throw new BackupRefusal(`There is no embedded database at ${dataDir} (check DATA_DIR).`);
  let guard: DataDirGuard;
  try {
    guard = await claimDataDir(dataDir, 'move');
  } catch (error) {
    if (error instanceof DataDirInUse) throw new BackupRefusal(`${error.message} Stop it before moving.`);
    throw error;
  }
  try {
    const source = await openDatabase({ pgliteDataDir: dataDir, statementTimeoutMs: 600_000 });
    try {
      const migrations = await recordedMigrations(source.db);
      await assertKnownSchema(migrations, `The embedded database ${dataDir}`);
      return await withPostgres(targetUrl, 600_000, async (target) => {
        await assertEmptyTarget(target, targetUrl);
        return target.transaction().execute((trx) => copyDatabase(source.db, trx, migrations));
      });
    } finally {
      await source.close();
    }
  } finally {
    await guard.release();
  }
}

/** The report of a move for the operator, ending with the one setting to change. */
export function moveReport(result: MoveResult, dataDir: string, targetUrl: string): string {
  const rows = Object.values(result.target).reduce((sum, n) => sum + n, 0);
  return [
    `Moved ${dataDir} into ${maskedUrl(targetUrl)} (schema version ${result.schemaVersion}).`,
    `Rows per table (embedded, PostgreSQL):`,
    formatCounts(result.source, result.target),
    `All ${Object.keys(result.target).length} tables agree (${rows} rows).`,
    '',
    'Now set this in the service environment and start it:',
    `  DATABASE_URL=${maskedUrl(targetUrl)}${new URL(targetUrl).password ? '   (with your password for ***)' : ''}`,
    `The embedded data in ${dataDir} is no longer used; keep it until you have checked the service.`,
  ].join('\n');
}
