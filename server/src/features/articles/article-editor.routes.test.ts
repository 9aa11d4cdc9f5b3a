import { beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../../test/factories.js';
import { loginAs, useTestApp } from '../../test/test-app.js';

describe('article editor API', () => {
  const t = useTestApp();
  let editor: string;
  let counsellor: string;

  beforeAll(async () => {
    const editorRow = await buildStaff(t.database.db, { role: 'editor', email: 'toimittaja@example.test' });
    const counsellorRow = await buildStaff(t.database.db, {
      role: 'counsellor',
      email: 'ohjaaja@example.test',
    });
    editor = await loginAs(t.app, editorRow.email);
    counsellor = await loginAs(t.app, counsellorRow.email);
  });

  const version = (overrides: Record<string, unknown> = {}) => ({
    slug: 'testiohje',
    title: 'Testiohje',
    summary: 'Lyhyt kuvaus.',
    bodyMd: 'Ensimmäinen versio.',
    tags: ['testi'],
    status: 'published',
    lastReviewed: '2026-11-29',
    expectedRevision: null,
    ...overrides,
  });

  const save = (cookie: string, lang: string, body: Record<string, unknown>, key = 'testiohje') =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/editor/articles/${key}/versions/${lang}`,
      headers: { cookie },
      payload: body,
    });

  const create = (key: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/editor/articles',
      headers: { cookie: editor },
      payload: { key, category: 'hakeminen' },
    });
  const listAsEditor = () =>
    t.app.inject({ method: 'GET', url: '/api/v1/editor/articles', headers: { cookie: editor } });

  it('refuses counsellors with 403 and anonymous visitors with 401', async () => {
    const denied = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editor/articles',
      headers: { cookie: counsellor },
    });
    expect(denied.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/editor/articles' })).statusCode).toBe(401);
    const edit = await save(counsellor, 'fi', version());
    expect(edit.statusCode).toBe(403);
  });

  it('creates, saves revisions, refuses a stale save and restores an old revision', async () => {
    const created = await create('testiohje');
    expect(created.statusCode).toBe(201);

    const first = await save(editor, 'fi', version());
    expect(first.statusCode).toBe(200);
    expect(first.json().revision).toBe(1);

    const second = await save(editor, 'fi', version({ title: 'Testiohje, toinen', expectedRevision: 1 }));
    expect(second.json().revision).toBe(2);

    // Someone who opened revision 1 saves late: refused, nothing overwritten.
    const stale = await save(editor, 'fi', version({ title: 'Myöhästynyt', expectedRevision: 1 }));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('article.stale');
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/articles/fi/testiohje' });
    expect(page.json().title).toBe('Testiohje, toinen');

    const revisions = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editor/articles/testiohje/versions/fi/revisions',
      headers: { cookie: editor },
    });
    expect(revisions.json().items.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);

    const restored = await t.app.inject({
      method: 'POST',
      url: '/api/v1/editor/articles/testiohje/versions/fi/revisions/1/restore',
      headers: { cookie: editor },
      payload: { expectedRevision: 2 },
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ revision: 3, title: 'Testiohje' });
  });

  it('names the limit when a title is too long and keeps what was stored', async () => {
    const tooLong = await save(editor, 'fi', version({ title: 'x'.repeat(201), expectedRevision: 3 }));
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toMatch(/title.*200/);
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/articles/fi/testiohje' });
    expect(page.json().title).toBe('Testiohje');
  });

  it('refuses control characters in an article’s text, keeps its line breaks, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'Testi\u0001ohje' }, 'title'],
      [{ title: 'Testi\rohje' }, 'title'],
      [{ summary: 'Lyhyt\u0002 kuvaus.' }, 'summary'],
      [{ bodyMd: 'Teksti \u0001evil\u0002 tässä.' }, 'bodyMd'],
      [{ tags: ['testi\u007f'] }, 'tags.0'],
    ];
    for (const [overrides, field] of cases) {
      const refused = await save(editor, 'fi', version({ ...overrides, expectedRevision: 3 }));
      expect(refused.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(refused.json().error.code).toBe('request.invalid');
      expect(refused.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
    const preview = await t.app.inject({
      method: 'POST',
      url: '/api/v1/editor/preview',
      headers: { cookie: editor },
      payload: { bodyMd: 'Teksti \u0001evil\u0002' },
    });
    expect(preview.statusCode).toBe(400);
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/articles/fi/testiohje' });
    expect(page.json().title).toBe('Testiohje');

    const created = await create('rivitesti');
    expect(created.statusCode).toBe(201);
    const body = { slug: 'rivitesti', bodyMd: '    koodia\r\n\r\nRivi 1\rRivi 2\n' };
    const saved = await save(editor, 'fi', version(body), 'rivitesti');
    expect(saved.statusCode, saved.body).toBe(200);
    const stored = await t.database.db
      .selectFrom('article_versions')
      .select('body_md')
      .where('slug', '=', 'rivitesti')
      .executeTakeFirstOrThrow();
    expect(stored.body_md).toBe('    koodia\n\nRivi 1\nRivi 2\n');
  });

  it('sanitises the body and marks translations older than the Finnish text', async () => {
    const sv = await save(
      editor,
      'sv',
      version({
        slug: 'testanvisning',
        title: 'Testanvisning',
        bodyMd: 'Hej <script>alert(1)</script>[x](javascript:alert(2))',
      }),
    );
    expect(sv.statusCode).toBe(200);
    const page = await t.app.inject({ method: 'GET', url: '/api/v1/articles/sv/testanvisning' });
    expect(page.json().html).not.toMatch(/script|javascript:/i);

    await save(editor, 'fi', version({ bodyMd: 'Päivitetty teksti.', expectedRevision: 3 }));
    const list = await listAsEditor();
    const item = list.json().items.find((a: { key: string }) => a.key === 'testiohje');
    expect(item.versions.find((v: { lang: string }) => v.lang === 'sv').isOutdated).toBe(true);
    expect(item.versions.find((v: { lang: string }) => v.lang === 'fi').isOutdated).toBe(false);
    expect(item.missingLangs).toEqual(['en', 'fi-selko']);
  });

  it('unpublishing takes the article off the public site; feedback is counted', async () => {
    const feedback = await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles/fi/testiohje/feedback',
      payload: { helpful: false, comment: 'Puuttui tieto hakuajoista.' },
    });
    expect(feedback.statusCode).toBe(204);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editor/articles/testiohje/feedback',
      headers: { cookie: editor },
    });
    expect(list.json().items[0]).toMatchObject({
      lang: 'fi',
      helpful: false,
      comment: 'Puuttui tieto hakuajoista.',
    });

    const current = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editor/articles/testiohje',
      headers: { cookie: editor },
    });
    const revision = current.json().versions.find((v: { lang: string }) => v.lang === 'fi').revision;
    const draft = await save(editor, 'fi', version({ status: 'draft', expectedRevision: revision }));
    expect(draft.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/articles/fi/testiohje' })).statusCode).toBe(
      404,
    );
  });
});
