import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- copies whatever schema the migrations made
type AnyDb = Kysely<any>;

/*
 * Row copying between two databases of the same schema. Every value travels as PostgreSQL's
 * own text form and is cast back to its column's type on the other side, so nothing is lost on
 * the way through JavaScript (microseconds of timestamps, large numbers, ranges, arrays).
 */

const BATCH_ROWS = 1000;

interface Column {
  name: string;
  type: string;
}

interface ForeignKey {
  name: string;
  table: string;
  references: string;
}

/** The columns a table stores values in (generated columns are computed again on insert). */
async function storedColumns(db: AnyDb, table: string): Promise<Column[]> {
  const { rows } = await sql<Column>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a
    where a.attrelid = format('%I.%I', 'public', ${table}::text)::regclass
      and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by a.attnum`.execute(db);
  return rows;
}

/** The foreign keys between tables of the public schema. */
export async function foreignKeys(db: AnyDb): Promise<ForeignKey[]> {
  const { rows } = await sql<ForeignKey>`
    select con.conname as name, src.relname as "table", dst.relname as "references"
    from pg_constraint con
      join pg_class src on src.oid = con.conrelid
      join pg_class dst on dst.oid = con.confrelid
      join pg_namespace n on n.oid = src.relnamespace
    where con.contype = 'f' and n.nspname = 'public'
    order by 1, 2`.execute(db);
  return rows;
}

/**
 * The tables in an order where each comes after the tables it references. A table in a loop
 * (or referencing itself) cannot be; the foreign keys that point forward are answered too, to
 * be set aside during the copy and checked again after it.
 */
export function copyOrder(tables: string[], keys: ForeignKey[]): { order: string[]; forward: ForeignKey[] } {
  const order: string[] = [];
  const placed = new Set<string>();
  const remaining = new Set(tables);
  const waitsFor = (table: string) =>
    keys.filter((key) => key.table === table && key.references !== table && !placed.has(key.references));
  while (remaining.size > 0) {
    const ready = [...remaining].filter((table) => waitsFor(table).length === 0);
    // In a loop: take the table that waits for the fewest others.
    const next = ready.length
      ? ready
      : [[...remaining].sort((a, b) => waitsFor(a).length - waitsFor(b).length)[0]!];
    for (const table of next.sort()) {
      order.push(table);
      placed.add(table);
      remaining.delete(table);
    }
  }
  const position = new Map(order.map((table, index) => [table, index]));
  const forward = keys.filter((key) => position.get(key.references)! >= position.get(key.table)!);
  return { order, forward };
}

/** Copies one table's rows in batches of a thousand; answers how many were copied. */
export async function copyTable(source: AnyDb, target: AnyDb, table: string): Promise<number> {
  const columns = await storedColumns(source, table);
  const alias = (index: number) => sql.id(`c${index}`);
  let after = '(0,0)';
  let copied = 0;
  for (;;) {
    // The physical row address orders the reads, so tables without a primary key page as well.
    const { rows } = await sql<Record<string, string | null>>`
      select ctid::text as row_address,
        ${sql.join(columns.map((column, i) => sql`${sql.id(column.name)}::text as ${alias(i)}`))}
      from ${sql.table(table)}
      where ctid > ${after}::tid
      order by ctid
      limit ${BATCH_ROWS}`.execute(source);
    if (rows.length === 0) return copied;
    const arrays = columns.map((_, i) => rows.map((row) => row[`c${i}`] ?? null));
    // Identity columns keep their values (OVERRIDING SYSTEM VALUE); the sequences follow later.
    await sql`
      insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.id(column.name)))})
      overriding system value
      select ${sql.join(columns.map((column, i) => sql`${alias(i)}::${sql.raw(column.type)}`))}
      from unnest(${sql.join(arrays.map((values) => sql`${values}::text[]`))})
        as u(${sql.join(columns.map((_, i) => alias(i)))})`.execute(target);
    copied += rows.length;
    after = rows.at(-1)!.row_address!;
  }
}

/** Sets every sequence of the target's public schema where the source's stands. */
export async function copySequences(source: AnyDb, target: AnyDb): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'S'`.execute(source);
  for (const { name } of rows) {
    const state = await sql<{ last_value: string; is_called: boolean }>`
      select last_value::text, is_called from ${sql.table(name)}`.execute(source);
    const { last_value: last, is_called: called } = state.rows[0]!;
    await sql`select setval(format('%I.%I', 'public', ${name}::text)::regclass, ${last}::bigint, ${called})`.execute(
      target,
    );
  }
}

/** Tables with triggers of their own (the report roll-up's change marks), by name. */
export async function tablesWithTriggers(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select distinct c.relname as name from pg_trigger t
      join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and n.nspname = 'public'`.execute(db);
  return rows.map((row) => row.name);
}

/** The definition of a foreign key, to add it again. */
export async function constraintDefinition(db: AnyDb, key: ForeignKey): Promise<string> {
  const { rows } = await sql<{ definition: string }>`
    select pg_get_constraintdef(oid) as definition from pg_constraint
    where conname = ${key.name} and conrelid = format('%I.%I', 'public', ${key.table}::text)::regclass`.execute(
    db,
  );
  return rows[0]!.definition;
}
