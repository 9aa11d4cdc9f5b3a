import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

const searchIndexes = ['article_versions_search_idx', 'search_vocabulary_trgm_idx'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  // The title, tags and summary part of search_vector (weights A and B) with the same positions:
  // small enough to stay in the row, so the search can order all matches by it cheaply and read
  // the full vector only for the best of them.
  await sql`
    alter table article_versions
      add column search_head tsvector generated always as (ts_filter(search_vector, '{a,b}')) stored`.execute(
    db,
  );

  // Without fast update, new entries go straight into the GIN index. With it they wait in a
  // pending list that every search scans in full, until a vacuum (which PGlite never runs by
  // itself) merges them: a trigram look-up in the vocabulary took 10-20 ms instead of 0.1.
  for (const index of searchIndexes) {
    await sql`alter index ${sql.id(index)} set (fastupdate = off)`.execute(db);
    await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of searchIndexes) {
    await sql`alter index ${sql.id(index)} reset (fastupdate)`.execute(db);
  }
  await sql`alter table article_versions drop column search_head`.execute(db);
}
