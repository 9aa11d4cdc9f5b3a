import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { Db } from '../../db/database-types.js';
import { useTestApp } from '../../test/test-app.js';
import { seedArticles } from '../articles/article-seed.js';
import { insertArticle, upsertArticleVersion } from '../articles/article.repository.js';
import { clearLexemeCache } from './lexeme-cache.js';
import { lexemeItems, searchArticleVersions } from './search.repository.js';
import { positionQuery } from './search.service.js';

interface Result {
  type: string;
  id: string;
  title: string;
  url: string;
  snippet: string;
  score: number;
}

describe('GET /api/v1/search on the seeded guide', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await seedArticles(t.database.db, loadConfig({}).CONTENT_DIR);
  });

  async function top(q: string, lang = 'fi'): Promise<string[]> {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/search', query: { q, lang } });
    expect(response.statusCode).toBe(200);
    return (response.json().results as Result[]).map((r) => r.id);
  }

  it.each([
    ['oppisopimuksella', 'oppisopimus'],
    ['ammattikorkeakouluun', 'ammattikorkeakoulu-jatko-opinnot'],
    ['korkeakoulu', 'ammattikorkeakoulu-jatko-opinnot'],
    ['oppisopmus', 'oppisopimus'],
    ['koulumatkatki', 'koulumatkatuki'],
    ['työtön opiskelu', 'opiskelu-tyottomana'],
    ['opintotukea', 'kelan-opintotuki'],
  ])('finds "%s" → %s in the top three', async (q, expected) => {
    expect((await top(q)).slice(0, 3)).toContain(expected);
  });

  it('searches Swedish and English in their own languages', async () => {
    expect((await top('läroavtal', 'sv')).slice(0, 3)).toContain('oppisopimus');
    expect((await top('apprenticeship', 'en')).slice(0, 3)).toContain('oppisopimus');
  });

  it('marks the matched words in an escaped snippet and links to the article page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=oppisopimus&lang=fi' });
    const first = (response.json().results as Result[])[0];
    expect(first?.type).toBe('article');
    expect(first?.url).toMatch(/^\/fi\/ohjeet\/[a-z0-9-]+$/);
    expect(first?.snippet).toContain('<mark>');
    expect(first?.snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it.each([
    ["&|!:*()'\\", 'tsquery syntax'],
    ['', 'empty'],
    ['a', 'one letter'],
    ['opiskelu '.repeat(111), '1,000 characters'],
    ["oppisopimus' | !(palkka", 'mixed'],
  ])('answers a normal 200 for %j (%s)', async (q) => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/search', query: { q, lang: 'fi' } });
    expect(response.statusCode).toBe(200);
    expect(Array.isArray(response.json().results)).toBe(true);
  });

  it('refuses an unknown type or language with 400', async () => {
    const badType = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=haku&types=recipe' });
    expect(badType.statusCode).toBe(400);
    const badLang = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=haku&lang=xx' });
    expect(badLang.statusCode).toBe(400);
  });

  it('ranks exactly the same without the items that a prefix item already covers', async () => {
    const db = t.database.db;
    const [items] = await lexemeItems(db, {
      lang: 'fi',
      config: 'finnish',
      words: [{ word: 'opiskelu', fuzzy: true }],
    });
    const all = `(${items!.map((i) => i.item).join(' | ')})`;
    const pruned = positionQuery(items!);
    expect(pruned.length).toBeLessThan(all.length);
    expect(pruned).toContain('opiskelu:*');
    const run = (query: string) =>
      searchArticleVersions(db, {
        lang: 'fi',
        config: 'finnish',
        query: `${query} & (tuki:*)`,
        anyQuery: `${query} | (tuki:*)`,
        weight: 1,
        limit: 10,
      });
    const [before, after] = [await run(all), await run(pruned)];
    expect(after.length).toBeGreaterThan(0);
    expect(after.map((hit) => [hit.key, hit.score])).toEqual(before.map((hit) => [hit.key, hit.score]));
  });

  it('keeps the title, tags and summary part of each vector, and updates the search indexes in place', async () => {
    const db = t.database.db;
    const vectors = await sql<{ differ: number; shorter: number; total: number }>`
      select count(*) filter (where search_head <> ts_filter(search_vector, '{a,b}'))::int as differ,
        count(*) filter (where length(search_head) < length(search_vector))::int as shorter,
        count(*)::int as total
      from article_versions`.execute(db);
    expect(vectors.rows[0]!.differ).toBe(0);
    expect(vectors.rows[0]!.shorter).toBe(vectors.rows[0]!.total);
    const indexes = await sql<{ relname: string; reloptions: string[] | null }>`
      select relname, reloptions from pg_class
      where relname in ('article_versions_search_idx', 'search_vocabulary_trgm_idx')
      order by relname`.execute(db);
    expect(indexes.rows.map((row) => [row.relname, row.reloptions])).toEqual([
      ['article_versions_search_idx', ['fastupdate=off']],
      ['search_vocabulary_trgm_idx', ['fastupdate=off']],
    ]);
  });

  /** A published Finnish article stored through the repository (its key is its slug too). */
  async function publishFinnishArticle(
    db: Db,
    key: string,
    text: { title: string; summary: string; bodyMd: string },
  ) {
    const articleId = await insertArticle(db, { key, category: 'tuki', relatedKeys: [] });
    await upsertArticleVersion(db, {
      articleId,
      lang: 'fi',
      slug: key,
      ...text,
      tags: [],
      status: 'published',
      lastReviewed: null,
      updatedBy: null,
    });
  }

  it('never turns U+0001/U+0002 in an article’s text into highlight marks', async () => {
    // Stored through the repository, past the editor's refusal, as older or imported text could be.
    const db = t.database.db;
    await publishFinnishArticle(db, 'merkkiretki', {
      title: 'Merkkiretki',
      summary: 'Syksyn \u0001evil\u0002 merkkiretki.',
      bodyMd: 'Kevään merkkiretki \u0001evil\u0002 lähtee Tampereelle.\u0001\u0002',
    });
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search',
      query: { q: 'merkkiretki', lang: 'fi' },
    });
    expect(response.statusCode).toBe(200);
    const hit = (response.json().results as Result[]).find((result) => result.id === 'merkkiretki');
    expect(hit?.snippet).toContain('<mark>merkkiretki</mark>');
    expect(hit?.snippet).toContain('evil');
    expect(hit?.snippet).not.toContain('<mark>evil</mark>');
    expect(hit?.snippet).not.toContain('\u0001');
    expect(hit?.snippet).not.toContain('\u0002');
    expect(hit?.snippet.match(/<mark>/g)).toHaveLength(hit?.snippet.match(/<\/mark>/g)?.length ?? -1);
  });

  it('finds a newly published compound by its part once the cached expansion is renewed', async () => {
    const db = t.database.db;
    // Cached now: the part matches no word of the guide yet.
    expect(await top('kvanttikurssi')).toEqual([]);
    await publishFinnishArticle(db, 'kvantti', {
      title: 'Superkvanttikurssi aikuisille',
      summary: 'Uusi kurssi.',
      bodyMd: 'Superkvanttikurssi alkaa syksyllä.',
    });
    // Until the expansion is renewed (within LEXEME_CACHE_TTL_MS on every node), only the
    // word's own stem is searched, and it does not start the compound.
    expect(await top('kvanttikurssi')).toEqual([]);
    clearLexemeCache(db);
    expect(await top('kvanttikurssi')).toEqual(['kvantti']);
  });
});
