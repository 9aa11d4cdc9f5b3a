import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one instead.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's evolving types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists unaccent`.execute(db);

  // An article is one topic; each language (fi, sv, en, fi-selko, uk, ru, ar …) is a version.
  await sql`
    create table articles (
      id uuid primary key default gen_random_uuid(),
      key text not null unique check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      category text not null,
      related_keys text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // revision counts saves: it is the optimistic lock for editors (a stale save is refused)
  // and the number of the latest row in article_revisions.
  await sql`
    create table article_versions (
      id uuid primary key default gen_random_uuid(),
      article_id uuid not null references articles (id) on delete cascade,
      lang text not null check (lang ~ '^[a-z]{2,3}(-selko)?$'),
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null check (char_length(title) between 1 and 200),
      summary text not null default '' check (char_length(summary) <= 300),
      body_md text not null check (char_length(body_md) <= 100000),
      body_html text not null,
      body_text text not null default '',
      tags text[] not null default '{}',
      status text not null default 'draft' check (status in ('draft', 'published')),
      last_reviewed date,
      revision integer not null default 1,
      content_updated_at timestamptz not null default now(),
      published_at timestamptz,
      updated_by uuid references staff (id),
      updated_at timestamptz not null default now(),
      view_count integer not null default 0,
      search_text text not null default '',
      search_vector tsvector not null default ''::tsvector,
      unique (article_id, lang),
      unique (lang, slug)
    )`.execute(db);
  await sql`create index article_versions_search_idx on article_versions using gin (search_vector)`.execute(
    db,
  );
  await sql`create index article_versions_trgm_idx on article_versions using gin (search_text gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index article_versions_lang_idx on article_versions (lang, status)`.execute(db);

  await sql`
    create table article_revisions (
      id uuid primary key default gen_random_uuid(),
      article_version_id uuid not null references article_versions (id) on delete cascade,
      revision integer not null,
      slug text not null,
      title text not null,
      summary text not null,
      body_md text not null,
      tags text[] not null,
      status text not null,
      last_reviewed date,
      created_by uuid references staff (id),
      created_at timestamptz not null default now(),
      unique (article_version_id, revision)
    )`.execute(db);

  await sql`
    create table article_feedback (
      id bigint generated always as identity primary key,
      article_version_id uuid not null references article_versions (id) on delete cascade,
      is_helpful boolean not null,
      comment text check (char_length(comment) <= 1000),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index article_feedback_version_idx on article_feedback (article_version_id, created_at)`.execute(
    db,
  );

  // Every distinct word of the published texts per language, with its stem: the search expands
  // a query word to the words of the corpus it may mean (typos, compound parts, gradation).
  await sql`
    create table search_vocabulary (
      lang text not null,
      word text not null,
      lexeme text not null,
      primary key (lang, word)
    )`.execute(db);
  await sql`create index search_vocabulary_trgm_idx on search_vocabulary using gin (word gin_trgm_ops)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'search_vocabulary',
    'article_feedback',
    'article_revisions',
    'article_versions',
    'articles',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
