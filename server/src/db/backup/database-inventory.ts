import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema, old or new
type AnyDb = Kysely<any>;

/** The migrations a database records, oldest first (none when it has no migration table). */
export async function recordedMigrations(db: AnyDb): Promise<string[]> {
  const { rows: exists } = await sql<{ found: boolean }>`
    select to_regclass('public.kysely_migration') is not null as found`.execute(db);
  if (!exists[0]?.found) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((row) => row.name);
}

/** The tables of the public schema, by name. */
export async function publicTables(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`.execute(db);
  return rows.map((row) => row.name);
}

/** Rows per table of the public schema; reading every table also proves its pages readable. */
export async function countRowsPerTable(db: AnyDb, tables?: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables ?? (await publicTables(db))) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db,
    );
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** The counts as aligned lines, for the commands' reports. */
export function formatCounts(counts: Record<string, number>, other?: Record<string, number>): string {
  const width = Math.max(...Object.keys(counts).map((table) => table.length));
  return Object.entries(counts)
    .map(([table, n]) => {
      const line = `  ${table.padEnd(width)} ${String(n).padStart(8)}`;
      return other ? `${line} ${String(other[table] ?? '-').padStart(8)}` : line;
    })
    .join('\n');
}
