import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { textSearchConfig, type ArticleLang } from '../../shared/languages.js';
import type { ArticleVersionRow } from './article.table.js';
import { markdownToText, renderMarkdown } from './markdown.js';

export interface ArticleVersionInput {
  articleId: string;
  lang: ArticleLang;
  slug: string;
  title: string;
  summary: string;
  bodyMd: string;
  tags: string[];
  status: 'draft' | 'published';
  lastReviewed: string | null;
  updatedBy: string | null;
  /** False for the statutory pages: their words do not feed the guide search's vocabulary. */
  isSearchable?: boolean;
}

/** Lower-case words of a text, for the search vocabulary (letters of any script, 2+ long). */
export function wordsOf(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/\p{L}[\p{L}\p{M}'’-]*\p{L}|\p{L}{2,}/gu) ?? [])]
    .map((word) => word.replace(/['’]/g, ''))
    .filter((word) => word.length >= 2 && word.length <= 60);
}

export async function insertArticle(
  db: Db,
  values: { key: string; category: string; relatedKeys: string[] },
): Promise<string> {
  const row = await db
    .insertInto('articles')
    .values({ key: values.key, category: values.category, related_keys: values.relatedKeys })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Inserts or replaces one language version with its rendered HTML, search text and vector,
 * and records the saved text as a new revision. Returns the row as stored.
 */
export async function upsertArticleVersion(db: Db, input: ArticleVersionInput): Promise<ArticleVersionRow> {
  const bodyHtml = renderMarkdown(input.bodyMd);
  const bodyText = markdownToText(input.bodyMd);
  const config = textSearchConfig(input.lang);
  const tagText = input.tags.join(' ');
  const searchText = `${input.title} ${tagText} ${input.summary} ${bodyText}`.toLowerCase();
  const vector = sql<string>`
    setweight(to_tsvector(${config}::regconfig, ${input.title}), 'A') ||
    setweight(to_tsvector(${config}::regconfig, ${tagText}), 'A') ||
    setweight(to_tsvector(${config}::regconfig, ${input.summary}), 'B') ||
    setweight(to_tsvector(${config}::regconfig, ${bodyText}), 'C')`;
  const values = {
    slug: input.slug,
    title: input.title,
    summary: input.summary,
    body_md: input.bodyMd,
    body_html: bodyHtml,
    body_text: bodyText,
    tags: input.tags,
    status: input.status,
    last_reviewed: input.lastReviewed,
    updated_by: input.updatedBy,
    search_text: sql<string>`unaccent(${searchText})`,
    search_vector: vector,
  };
  const row = await db
    .insertInto('article_versions')
    .values({
      article_id: input.articleId,
      lang: input.lang,
      ...values,
      published_at: input.status === 'published' ? sql<Date>`now()` : null,
    })
    .onConflict((oc) =>
      oc.columns(['article_id', 'lang']).doUpdateSet({
        ...values,
        revision: sql<number>`article_versions.revision + 1`,
        content_updated_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
        published_at: sql<Date | null>`case when ${input.status} = 'published'
          then coalesce(article_versions.published_at, now()) else null end`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('article_revisions')
    .values({
      article_version_id: row.id,
      revision: row.revision,
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      body_md: row.body_md,
      tags: row.tags,
      status: row.status,
      last_reviewed: input.lastReviewed,
      created_by: input.updatedBy,
    })
    .execute();
  if (input.status === 'published' && input.isSearchable !== false) {
    await addVocabulary(db, input.lang, wordsOf(searchText));
  }
  return row;
}

/** Adds words (with their stems in the language's configuration) to the search vocabulary. */
export async function addVocabulary(db: Db, lang: ArticleLang, words: string[]): Promise<void> {
  if (words.length === 0) return;
  const config = textSearchConfig(lang);
  await sql`
    insert into search_vocabulary (lang, word, lexeme)
    select ${lang}, w, coalesce(
      (select lexeme from unnest(to_tsvector(${config}::regconfig, w)) limit 1), w)
    from unnest(${words}::text[]) as w
    on conflict do nothing`.execute(db);
}

export async function countArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Fresh planner statistics for the article versions and the search vocabulary. */
export async function analyzeArticleSearch(db: Db): Promise<void> {
  await sql`analyze article_versions, search_vocabulary`.execute(db);
}
