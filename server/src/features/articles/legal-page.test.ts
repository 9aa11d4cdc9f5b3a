import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { expectError } from '../../test/http-helpers.js';
import { signedIn, useTestApp, type SignedIn } from '../../test/test-app.js';
import { seedArticles, seedMissingLegalPages } from './article-seed.js';

const contentDir = loadConfig({}).CONTENT_DIR;
const legalKeys = ['privacy-notice', 'accessibility-statement'];

describe('the privacy notice and the accessibility statement', () => {
  const t = useTestApp();
  let editor: SignedIn;

  beforeAll(async () => {
    await seedArticles(t.database.db, contentDir);
    editor = await signedIn(t, { role: 'editor' });
  });

  const legalPage = (page: string, lang: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/legal-pages/${page}`, query: { lang } });

  it('are public pages in Finnish, Swedish and English, from the seeded content', async () => {
    for (const [page, lang, title, text] of [
      ['privacy', 'fi', 'Tietosuojaseloste', 'Tietosuojavaltuutetun toimisto'],
      ['privacy', 'sv', 'Dataskyddsbeskrivning', 'tietosuoja.fi'],
      ['privacy', 'en', 'Privacy notice', 'Data Protection Ombudsman'],
      ['accessibility', 'fi', 'Saavutettavuusseloste', 'Lupa- ja valvontavirasto'],
      ['accessibility', 'sv', 'Tillgänglighetsutlåtande', 'Tillstånds- och tillsynsverket'],
      ['accessibility', 'en', 'Accessibility statement', 'Finnish Supervisory Agency'],
    ] as const) {
      const response = await legalPage(page, lang);
      expect(response.statusCode, `${page}/${lang}`).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ page, lang, title, revision: 1, lastReviewed: '2026-12-06' });
      expect(body.html).toContain(text);
      // The demo organisations are named as such.
      expect(body.html).toContain('(demo)');
    }
    expect((await legalPage('accessibility', 'fi')).json().html).toContain(
      'href="https://www.saavutettavuusvaatimukset.fi"',
    );
    expectError(await legalPage('terms', 'fi'), 400, 'request.invalid');
    expectError(await legalPage('privacy', 'de'), 400, 'request.invalid');
  });

  it('never appear among the guides: index, guide pages, related guides, search, suggestions', async () => {
    // Even as the most read and as another guide's related article.
    await sql`update article_versions set view_count = 100000`.execute(t.database.db);
    await sql`update articles set related_keys = ${legalKeys}::text[] where key = 'oppisopimus'`.execute(
      t.database.db,
    );
    for (const lang of ['fi', 'sv', 'en']) {
      const index = (await t.app.inject({ method: 'GET', url: '/api/v1/articles', query: { lang } })).json();
      const listed = [
        ...index.categories.flatMap((c: { articles: { key: string }[] }) => c.articles),
        ...index.mostRead,
      ].map((a: { key: string }) => a.key);
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.filter((key) => legalKeys.includes(key))).toEqual([]);
      expect(index.categories.map((c: { key: string }) => c.key)).not.toContain('legal');
    }
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/articles/fi/tietosuojaseloste' }),
      404,
      'article.not_found',
    );
    const guide = (await t.app.inject({ method: 'GET', url: '/api/v1/articles/fi/oppisopimus' })).json();
    expect(guide.related).toEqual([]);

    for (const [q, lang] of [
      ['tietosuojaseloste', 'fi'],
      ['saavutettavuusseloste', 'fi'],
      ['tietosuojavaltuutetun toimisto', 'fi'],
      ['dataskyddsbeskrivning', 'sv'],
      ['privacy notice', 'en'],
      ['accessibility statement', 'en'],
    ] as const) {
      const search = await t.app.inject({ method: 'GET', url: '/api/v1/search', query: { q, lang } });
      expect(search.statusCode).toBe(200);
      const ids = (search.json().results as { id: string }[]).map((r) => r.id);
      expect(
        ids.filter((id) => legalKeys.includes(id)),
        `search ${q}`,
      ).toEqual([]);
      const suggestions = await t.app.inject({
        method: 'GET',
        url: '/api/v1/suggestions',
        query: { q, lang },
      });
      expect(suggestions.statusCode).toBe(200);
      const suggested = (suggestions.json().results as { id: string }[]).map((r) => r.id);
      expect(
        suggested.filter((id) => legalKeys.includes(id)),
        `suggestions ${q}`,
      ).toEqual([]);
    }
    // Their words do not feed the guide search's vocabulary either.
    const vocabulary = await t.database.db
      .selectFrom('search_vocabulary')
      .select('word')
      .where('word', 'in', ['tietosuojavaltuutetun', 'saavutettavuusvaatimukset', 'dataskyddsbeskrivning'])
      .execute();
    expect(vocabulary).toEqual([]);
  });

  it('are edited like articles: a save is a new revision on the public page; a missing translation falls back to Finnish', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editor/articles',
      headers: { cookie: editor.cookie },
    });
    const privacy = (list.json().items as { key: string; category: string; missingLangs: string[] }[]).find(
      (a) => a.key === 'privacy-notice',
    );
    // The statutory pages are expected in the UI languages only, not in plain Finnish.
    expect(privacy).toMatchObject({ category: 'legal', missingLangs: [] });

    const current = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/editor/articles/privacy-notice',
        headers: { cookie: editor.cookie },
      })
    ).json().versions as { lang: string; revision: number; bodyMd: string; slug: string; title: string }[];
    const fi = current.find((v) => v.lang === 'fi')!;
    const save = (lang: string, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/editor/articles/privacy-notice/versions/${lang}`,
        headers: { cookie: editor.cookie },
        payload: body,
      });
    const saved = await save('fi', {
      slug: fi.slug,
      title: 'Tietosuojaseloste',
      summary: 'Päivitetty.',
      bodyMd: `${fi.bodyMd}\n\nUusi kappale rekisterinpitäjistä.`,
      status: 'published',
      lastReviewed: '2026-12-07',
      expectedRevision: fi.revision,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const page = (await legalPage('privacy', 'fi')).json();
    expect(page).toMatchObject({ revision: 2, summary: 'Päivitetty.', lastReviewed: '2026-12-07' });
    expect(page.html).toContain('Uusi kappale rekisterinpitäjistä.');
    const revisions = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editor/articles/privacy-notice/versions/fi/revisions',
      headers: { cookie: editor.cookie },
    });
    expect((revisions.json().items as { revision: number }[]).map((r) => r.revision)).toEqual([2, 1]);

    // Swedish taken back to a draft: the Swedish page shows the Finnish text meanwhile.
    const sv = current.find((v) => v.lang === 'sv')!;
    const draft = await save('sv', {
      slug: sv.slug,
      title: sv.title,
      bodyMd: sv.bodyMd,
      status: 'draft',
      expectedRevision: sv.revision,
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect((await legalPage('privacy', 'sv')).json()).toMatchObject({
      lang: 'fi',
      title: 'Tietosuojaseloste',
    });
  });

  it('are added to an installation that has guides but not these pages, and never overwritten', async () => {
    await sql`delete from articles where key = 'accessibility-statement'`.execute(t.database.db);
    expectError(await legalPage('accessibility', 'fi'), 404, 'legal_page.not_found');
    expect(await seedArticles(t.database.db, contentDir)).toEqual({ seeded: 0 });

    expect(await seedMissingLegalPages(t.database.db, contentDir)).toEqual({ seeded: 3 });
    expect((await legalPage('accessibility', 'en')).json()).toMatchObject({ revision: 1, lang: 'en' });
    // The privacy notice the editor changed above stays as they left it.
    expect(await seedMissingLegalPages(t.database.db, contentDir)).toEqual({ seeded: 0 });
    expect((await legalPage('privacy', 'fi')).json()).toMatchObject({ revision: 2 });
  });
});
