import fs from 'node:fs/promises';
import { sql } from 'kysely';
import { countRowsPerTable } from './database-inventory.js';
import {
  connectionFor,
  finishTool,
  runTool,
  startTool,
  type PgTools,
  type ToolResult,
  withPostgres,
} from './postgres-tools.js';
import { assertKnownSchema, BackupRefusal } from './schema-version.js';

/*
 * PostgreSQL backups are pg_dump's custom format, a consistent snapshot taken while the service
 * runs. A restore checks the file (a readable dump, every data block intact, a schema this code
 * knows) before it touches the database, and then replaces the whole public schema in one
 * transaction: a failure part-way leaves the database as it was.
 */

const firstLine = (text: string) => text.split('\n').find((line) => line.trim()) ?? 'no message';

/** The migrations recorded in a dump's kysely_migration table; refuses what is not a readable dump. */
export async function readDumpMigrations(file: string, label: string, tools: PgTools): Promise<string[]> {
  const list = await runTool('pg_restore', ['--list', file], tools);
  if (list.code !== 0) {
    throw new BackupRefusal(
      `${label} is not a readable PostgreSQL custom-format dump (${firstLine(list.stderr)}). Nothing was changed.`,
    );
  }
  const data = await runTool(
    'pg_restore',
    ['--data-only', '--table=kysely_migration', '-f', '-', file],
    tools,
  );
  if (data.code !== 0) {
    throw new BackupRefusal(`${label} is damaged (${firstLine(data.stderr)}). Nothing was changed.`);
  }
  const lines = data.stdout.split('\n');
  const start = lines.findIndex((line) => /^COPY \S*kysely_migration /.test(line));
  if (start < 0) return [];
  const end = lines.indexOf('\\.', start);
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((line) => line.split('\t')[0]!)
    .sort();
}

/** Dumps the database to `file` (written under a temporary name and renamed when complete). */
export async function backupPostgres(url: string, file: string, tools: PgTools): Promise<string[]> {
  const { dbname, env } = connectionFor(url);
  const partial = `${file}.partial-${process.pid}`;
  try {
    const dump = await runTool(
      'pg_dump',
      ['--format=custom', `--file=${partial}`, `--dbname=${dbname}`],
      tools,
      env,
    );
    if (dump.code !== 0)
      throw new BackupRefusal(`pg_dump failed: ${dump.stderr || `exit code ${dump.code}`}`);
    const migrations = await readDumpMigrations(partial, 'The new dump', tools);
    await fs.rename(partial, file);
    return migrations;
  } finally {
    await fs.rm(partial, { force: true });
  }
}

// Before the dump's own statements, in the same transaction: every object of the public schema
// that no extension owns goes, so that the dump's schema is the whole schema afterwards (a table
// only a newer migration made would otherwise stay and stop that migration from running again).
// Extensions stay: the dump creates them only if they are missing.
const CLEAR_PUBLIC_SCHEMA = `
SET client_min_messages = warning;
SET lock_timeout = '10s';
DO $clear$
DECLARE
  statement text;
BEGIN
  FOR statement IN
    SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
             CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
               WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
             n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      -- an extension's own, or a sequence that goes with its table's column
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
    UNION ALL
    SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT format('DROP TYPE IF EXISTS %I.%I CASCADE', n.nspname, t.typname)
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
  LOOP
    EXECUTE statement;
  END LOOP;
END
$clear$;
`;

/**
 * Replaces the database's public schema with the dump's, in one transaction: pg_restore turns the
 * dump into SQL and psql runs it between BEGIN and a COMMIT that is sent only when pg_restore
 * has read the whole file without error.
 */
export async function applyDump(url: string, file: string, tools: PgTools): Promise<void> {
  const { dbname, env } = connectionFor(url);
  const psql = startTool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', `--dbname=${dbname}`], tools, env);
  const restore = startTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--no-comments', '-f', '-', file],
    tools,
  );
  psql.stdin!.on('error', () => {}); // psql stopped at an error: its exit code tells
  psql.stdout!.resume();
  psql.stdin!.write(`BEGIN;\n${CLEAR_PUBLIC_SCHEMA}\n`);
  restore.stdout!.pipe(psql.stdin!, { end: false });
  const restored: Promise<ToolResult> = finishTool(restore, 'pg_restore');
  const applied = finishTool(psql, 'psql');
  applied.catch(() => undefined); // awaited below, unless pg_restore fails first
  const restoreResult = await restored.catch((error: unknown) => {
    psql.stdin!.end('ROLLBACK;\n');
    throw error;
  });
  psql.stdin!.end(restoreResult.code === 0 ? 'COMMIT;\n' : 'ROLLBACK;\n');
  const psqlResult = await applied;
  if (restoreResult.code !== 0) {
    throw new BackupRefusal(
      `The dump could not be read to its end (${firstLine(restoreResult.stderr)}). Nothing was changed.`,
    );
  }
  if (psqlResult.code !== 0) {
    throw new BackupRefusal(`The restore failed (${firstLine(psqlResult.stderr)}). Nothing was changed.`);
  }
}

/** Client sessions on the database other than this one (a running service, or anyone else); autovacuum does not count. */
async function otherSessions(url: string): Promise<number> {
  return withPostgres(url, 15_000, async (db) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()
        and backend_type = 'client backend'`.execute(db);
    return rows[0]?.n ?? 0;
  });
}

export interface PostgresRestore {
  migrations: string[];
  counts: Record<string, number>;
}

/** Checks a dump and restores it into the database at `url`, which nothing else may be using. */
export async function restorePostgres(
  url: string,
  file: string,
  label: string,
  tools: PgTools,
): Promise<PostgresRestore> {
  const migrations = await readDumpMigrations(file, label, tools);
  await assertKnownSchema(migrations, label);
  // Every data block read and decompressed once, before anything is changed.
  const check = await runTool('pg_restore', ['-f', '/dev/null', file], tools);
  if (check.code !== 0) {
    throw new BackupRefusal(`${label} is damaged (${firstLine(check.stderr)}). Nothing was changed.`);
  }
  const others = await otherSessions(url);
  if (others > 0) {
    throw new BackupRefusal(
      `${others} other session(s) are connected to the database: stop the service (every node) ` +
        'before restoring. Nothing was changed.',
    );
  }
  await applyDump(url, file, tools);
  return { migrations, counts: await withPostgres(url, 600_000, countRowsPerTable) };
}
