import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { seedArticles } from '../articles/article-seed.js';

interface Result {
  type: string;
  id: string;
  title: string;
  url: string;
  snippet: string;
  score: number;
}

describe('GET /api/v1/search on the seeded guide', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedArticles(t.database.db, loadConfig({}).CONTENT_DIR);
  });
  afterAll(() => t.close());

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
});
