import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { expectError } from '../../test/http-helpers.js';
import { signedIn, useTestApp, type SignedIn } from '../../test/test-app.js';
import { seedArticles } from '../articles/article-seed.js';
import { HANDBOOK_CATEGORY } from '../articles/article-vocabulary.js';
import { loadArticleFiles, type ArticleFile } from '../articles/content-loader.js';

const contentDir = loadConfig({}).CONTENT_DIR;

describe('the staff handbook', () => {
  const t = useTestApp();
  let counsellor: SignedIn;
  let editor: SignedIn;
  let handbook: ArticleFile[];

  beforeAll(async () => {
    await seedArticles(t.database.db, contentDir);
    handbook = (await loadArticleFiles(contentDir)).filter((file) => file.category === HANDBOOK_CATEGORY);
    counsellor = await signedIn(t, { role: 'counsellor' });
    editor = await signedIn(t, { role: 'editor' });
  });

  const keys = () => new Set(handbook.map((file) => file.key));
  const get = (url: string, query: Record<string, string> = {}, cookie?: string) =>
    t.app.inject({ method: 'GET', url, query, ...(cookie ? { headers: { cookie } } : {}) });

  it('is the demo content: at least 8 Finnish articles', () => {
    expect(handbook.filter((file) => file.lang === 'fi').length).toBeGreaterThanOrEqual(8);
  });

  it('is listed, searched and read by staff in the console API', async () => {
    const list = await get('/api/v1/handbook', { lang: 'fi' }, counsellor.cookie);
    expect(list.statusCode).toBe(200);
    const listed = (list.json().items as { key: string }[]).map((item) => item.key);
    expect(new Set(listed)).toEqual(keys());

    const found = await get('/api/v1/handbook', { lang: 'fi', q: 'oppisopimus' }, counsellor.cookie);
    const hits = found.json().items as { key: string; snippet: string }[];
    expect(hits.length).toBeGreaterThan(0);
    // Only handbook articles, though the public guides have one on apprenticeships too.
    expect(hits.every((hit) => keys().has(hit.key))).toBe(true);
    expect(hits.map((hit) => hit.key)).toContain('kasikirja-oppisopimus');
    expect(hits[0]?.snippet).toContain('<mark>');

    const first = handbook.find((file) => file.lang === 'fi')!;
    const article = await get(`/api/v1/handbook/fi/${first.slug}`, {}, counsellor.cookie);
    expect(article.statusCode).toBe(200);
    expect(article.json()).toMatchObject({ key: first.key, title: first.title });
    expect(article.json().html).toContain('<h2');
  });

  it('is for signed-in staff only, and gives no public guide through its address', async () => {
    expectError(await get('/api/v1/handbook', { lang: 'fi' }), 401, 'auth.unauthenticated');
    expectError(await get(`/api/v1/handbook/fi/${handbook[0]!.slug}`), 401, 'auth.unauthenticated');
    expectError(
      await get('/api/v1/handbook/fi/oppisopimus', {}, counsellor.cookie),
      404,
      'handbook.not_found',
    );
    expectError(await get('/api/v1/handbook', { lang: 'xx' }, counsellor.cookie), 400, 'request.invalid');
  });

  it('never appears on a public surface: guide index, guide pages, related guides, search, suggestions', async () => {
    const index = (await get('/api/v1/articles', { lang: 'fi' })).json();
    const listed = [
      ...index.categories.flatMap((c: { articles: { key: string }[] }) => c.articles),
      ...index.mostRead,
    ].map((a: { key: string }) => a.key);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((key) => keys().has(key))).toEqual([]);
    expect(index.categories.map((c: { key: string }) => c.key)).not.toContain(HANDBOOK_CATEGORY);

    for (const file of handbook) {
      expectError(await get(`/api/v1/articles/${file.lang}/${file.slug}`), 404, 'article.not_found');
      for (const url of ['/api/v1/search', '/api/v1/suggestions']) {
        const response = await get(url, { q: file.title, lang: file.lang });
        expect(response.statusCode).toBe(200);
        const ids = (response.json().results as { id: string }[]).map((r) => r.id);
        expect(
          ids.filter((id) => keys().has(id)),
          `${url} ${file.title}`,
        ).toEqual([]);
      }
    }
  });

  it('is edited by editors like the guides, expected in Finnish only', async () => {
    const list = await get('/api/v1/editor/articles', {}, editor.cookie);
    const items = list.json().items as { key: string; category: string; missingLangs: string[] }[];
    const ours = items.filter((item) => keys().has(item.key));
    expect(ours.length).toBe(keys().size);
    expect(ours.every((item) => item.category === HANDBOOK_CATEGORY && item.missingLangs.length === 0)).toBe(
      true,
    );
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/editor/articles',
      headers: { cookie: editor.cookie },
      payload: { key: 'kasikirja-uusi', category: HANDBOOK_CATEGORY, relatedKeys: [] },
    });
    expect(created.statusCode).toBe(201);
  });
});
