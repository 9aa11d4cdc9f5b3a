import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../access/actor.js';
import { buildOrganisation, buildStaff } from '../../test/factories.js';
import { loginAs, useTestApp } from '../../test/test-app.js';
import { importProgrammes } from './import/import.service.js';
import { listProgrammes } from './programme-listing.service.js';
import { programmeListQuerySchema } from './programme.schema.js';
import { purgeExpiredContactRequests } from './contact-request.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures/catalogue');
const file = (name: string) => ({ name, bytes: readFileSync(path.join(fixtures, name)) });

describe('catalogue API', () => {
  const t = useTestApp();
  let ids: Record<string, string>;
  const ctx = { actor: systemActor };

  beforeAll(async () => {
    await buildOrganisation(t.database.db, {
      slug: 'testiopisto',
      name_fi: 'Testiopisto (demo)',
      opintopolku_oid: '1.2.246.562.10.00000000000000800000',
    } as never);
    const opts = { dryRun: false, maxBytes: 1e7 };
    await importProgrammes(
      t.database.db,
      ctx,
      [file('koulutus-enriched.json'), file('koulutukset-raw-codes.json')],
      opts,
    );
    await importProgrammes(t.database.db, ctx, [file('spreadsheet-windows1252.csv')], opts);
    const rows = await t.database.db.selectFrom('programmes').select(['id', 'external_id']).execute();
    ids = Object.fromEntries(
      rows.map((r) => [r.external_id.replace('1.2.246.562.17.000000000000008', 'OP-'), r.id]),
    );
  });

  const list = async (query: string) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/programs?${query}` });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('lists every active programme with facets, in name order', async () => {
    const body = await list('lang=fi');
    expect(body.total).toBe(6);
    expect(body.items.map((i: { name: string }) => i.name)).toEqual(
      [...body.items.map((i: { name: string }) => i.name)].sort((a, b) => a.localeCompare(b, 'fi')),
    );
    const item = body.items.find((i: { id: string }) => i.id === ids['OP-00001']);
    expect(item).toMatchObject({
      provider: { slug: 'testiopisto', name: 'Testiopisto (demo)' },
      municipalities: [
        { code: '564', name: 'Oulu' },
        { code: '678', name: 'Raahe' },
      ],
      application: { continuous: true, openNow: true },
      url: `/fi/koulutukset/${ids['OP-00001']}`,
    });
    expect(body.facets.type).toEqual(
      expect.arrayContaining([{ value: 'vocational_upper_secondary', count: 3, selected: false }]),
    );
  });

  it('filters: OR within a filter, AND across filters, counts per facet apply the other filters, unknown values ignored', async () => {
    const oulu = await list('municipality=564');
    expect(oulu.items.map((i: { id: string }) => i.id).sort()).toEqual(
      [ids['OP-00001'], ids['CSV-1']].sort(),
    );
    const ouluOrOnline = await list('municipality=564&municipality=online');
    expect(ouluOrOnline.total).toBe(3);
    const combined = await list(
      'municipality=564,online&type=further_vocational&field=zz&studyForm=teleportation',
    );
    expect(combined.items.map((i: { id: string }) => i.id)).toEqual([ids['OP-00002']]);
    // The municipality facet is counted with the type filter only: one further qualification, online.
    expect(combined.facets.municipality).toEqual([
      { value: '564', count: 0, selected: true },
      { value: 'online', count: 1, selected: true },
    ]);
    // The type facet is counted with the municipality filter only.
    expect(
      combined.facets.type.find((f: { value: string }) => f.value === 'vocational_upper_secondary').count,
    ).toBe(2);
    expect((await list('support=immigrants')).items.map((i: { id: string }) => i.id)).toEqual([ids['CSV-1']]);
    expect((await list('language=sv')).total).toBe(2);
    expect((await list('page=abc&pageSize=-3&sort=sideways')).total).toBe(6);
  });

  it('searches text in Finnish with inflected words', async () => {
    const body = await list('q=lähihoitajaksi&lang=fi');
    expect(body.items[0]?.id).toBe(ids['OP-00001']);
    expect(body.sort).toBe('relevance');
    const none = await list('q=astronautti');
    expect(none.total).toBe(0);
  });

  it('appears in the site search with types=program', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search?q=l%C3%A4hihoitajaksi&types=program&lang=fi',
    });
    expect(response.statusCode).toBe(200);
    const [first] = response.json().results;
    expect(first).toMatchObject({
      type: 'program',
      id: ids['OP-00001'],
      url: `/fi/koulutukset/${ids['OP-00001']}`,
    });
    expect(first.snippet).toContain('Testiopisto (demo)');
    const both = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search?q=perustutkinto&types=article,program',
    });
    expect(both.json().results.every((r: { type: string }) => r.type === 'program')).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/search?q=x&types=course' })).statusCode).toBe(
      400,
    );
  });

  it('knows the application status on either side of a period end', () => {
    const query = programmeListQuerySchema.parse({ application: 'open', type: 'further_vocational' });
    const at = (iso: string) => listProgrammes(t.database.db, ctx, query, Date.parse(iso));
    // The separate application of OP-00002 ends 15.12.2026 at 15:00 Finnish time (13:00 UTC).
    return Promise.all([at('2026-12-15T12:59:00Z'), at('2026-12-15T13:00:00Z')]).then(([before, after]) => {
      expect(before.items.map((i) => i.id)).toContain(ids['OP-00002']);
      expect(before.items[0]!.application.closesAt).toBe('2026-12-15T13:00:00.000Z');
      expect(after.items.map((i) => i.id)).not.toContain(ids['OP-00002']);
    });
  });

  it('knows what opens soon (within 60 days) and what starts within N months', async () => {
    const soon = programmeListQuerySchema.parse({ application: 'soon' });
    // The joint application opens 23.2.2027.
    const early = await listProgrammes(t.database.db, ctx, soon, Date.parse('2026-12-01T00:00:00Z'));
    const close = await listProgrammes(t.database.db, ctx, soon, Date.parse('2027-01-10T00:00:00Z'));
    expect(early.items.map((i) => i.id)).not.toContain(ids['OP-00005']);
    expect(close.items.map((i) => i.id)).toContain(ids['OP-00005']);
    const startSoon = programmeListQuerySchema.parse({ startWithin: '2' });
    const starts = await listProgrammes(t.database.db, ctx, startSoon, Date.parse('2026-12-01T00:00:00Z'));
    // Continuous start, or 12.1.2027; not the autumn 2027 start.
    expect(starts.items.map((i) => i.id)).toContain(ids['OP-00002']);
    expect(starts.items.map((i) => i.id)).not.toContain(ids['OP-00005']);
  });

  it('shows one programme and several by id; unknown ids give 404 or are left out', async () => {
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/programs/${ids['OP-00002']}?lang=sv` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      name: 'Yrkesexamen i affärsverksamhet',
      costEur: 450,
      active: true,
      source: 'opintopolku',
    });
    for (const bad of ['00000000-0000-0000-0000-000000000000', 'not-an-id', "1'or'1"]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/programs/${encodeURIComponent(bad)}`,
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('program.not_found');
    }
    const several = await t.app.inject({
      method: 'GET',
      url: `/api/v1/programs/by-ids?ids=${ids['CSV-2']},nonsense,${ids['OP-00001']}`,
    });
    expect(several.json().items.map((i: { id: string }) => i.id)).toEqual([ids['CSV-2'], ids['OP-00001']]);
  });

  it('suggests programmes in the finder with reasons and articles', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/finder/suggestions?lang=fi&interest=09&education=basic&situation=working&municipality=Raahe&travel=region&start=now&pace=alongside_work',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.suggestions[0].programme.id).toBe(ids['OP-00001']);
    expect(body.suggestions[0].reasons.map((r: { code: string }) => r.code)).toEqual(
      expect.arrayContaining(['field', 'first_qualification', 'near']),
    );
    expect(body.suggestions[0].reasons).toContainEqual({ code: 'near', value: 'Raahe' });
    // Travel limited to the region: the Ylivieska programme is in it, nothing outside is.
    const online = await t.app.inject({
      method: 'GET',
      url: '/api/v1/finder/suggestions?travel=online&start=sometime&interest=xx',
    });
    expect(online.statusCode).toBe(200);
    expect(
      online
        .json()
        .suggestions.every(
          (s: { programme: { onlineOnly: boolean; studyForms: string[] } }) =>
            s.programme.onlineOnly || s.programme.studyForms.some((f) => f === 'online' || f === 'blended'),
        ),
    ).toBe(true);
    // Each results page view is counted for the reports, with no visitor kept.
    const used = await t.database.db
      .selectFrom('daily_counters')
      .select(['key', 'count'])
      .where('kind', '=', 'finder.used')
      .execute();
    expect(used).toEqual([{ key: '', count: 2 }]);
  });

  describe('contact requests', () => {
    const request = (payload: Record<string, unknown>, remoteAddress = '10.1.1.1') =>
      t.app.inject({ method: 'POST', url: '/api/v1/contact-requests', payload, remoteAddress });

    it('needs consent and a way to reach the person', async () => {
      const base = { lang: 'fi', email: 'asiakas@example.test', programmeIds: [ids['OP-00001']] };
      expect((await request({ ...base })).json().error.code).toBe('request.invalid');
      expect((await request({ ...base, consent: false })).statusCode).toBe(400);
      const noContact = await request({ lang: 'fi', consent: true });
      expect(noContact.statusCode).toBe(400);
      expect(noContact.json().error.message).toMatch(/email address or a phone number/);
      expect((await request({ ...base, email: 'ei-osoite', consent: true })).statusCode).toBe(400);
      expect(await t.database.db.selectFrom('conversations').select('id').execute()).toEqual([]);
    });

    it('stores the answers and shortlist for the counsellors of that provider only', async () => {
      const created = await request({
        lang: 'fi',
        name: 'Aino',
        email: 'aino@example.test',
        message: '<script>alert(1)</script> Sopisiko tämä iltaisin?',
        programmeIds: [ids['OP-00001'], ids['CSV-1']],
        answers: { situation: 'working', interest: ['09'] },
        source: 'finder',
        consent: true,
      });
      expect(created.statusCode).toBe(201);
      const provider = await t.database.db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', 'testiopisto')
        .executeTakeFirstOrThrow();
      const own = await buildStaff(t.database.db, {
        role: 'counsellor',
        organisation_id: provider.id,
        email: 'oma-ohjaaja@example.test',
      });
      const other = await buildStaff(t.database.db, { role: 'counsellor', email: 'vieras@example.test' });
      const editor = await buildStaff(t.database.db, { role: 'editor', email: 'toimittaja2@example.test' });
      const seen = await t.app.inject({
        method: 'GET',
        url: '/api/v1/contact-requests',
        headers: { cookie: await loginAs(t.app, own.email) },
      });
      expect(seen.json().items).toHaveLength(1);
      expect(seen.json().items[0]).toMatchObject({
        client: { name: 'Aino', email: 'aino@example.test' },
        message: '<script>alert(1)</script> Sopisiko tämä iltaisin?',
        answers: { situation: 'working', interest: ['09'] },
        source: 'finder',
      });
      expect(seen.json().items[0].programmes.map((p: { id: string }) => p.id)).toEqual([
        ids['OP-00001'],
        ids['CSV-1'],
      ]);
      const otherSees = await t.app.inject({
        method: 'GET',
        url: '/api/v1/contact-requests',
        headers: { cookie: await loginAs(t.app, other.email) },
      });
      expect(otherSees.json().items).toEqual([]);
      const otherClose = await t.app.inject({
        method: 'POST',
        url: `/api/v1/contact-requests/${created.json().id}/close`,
        headers: { cookie: await loginAs(t.app, other.email) },
      });
      expect(otherClose.statusCode).toBe(403);
      const editorSees = await t.app.inject({
        method: 'GET',
        url: '/api/v1/contact-requests',
        headers: { cookie: await loginAs(t.app, editor.email) },
      });
      expect(editorSees.statusCode).toBe(403);
    });

    it('is erased with its client after the retention period', async () => {
      expect(await purgeExpiredContactRequests(t.database.db, new Date())).toBe(0);
      const later = new Date(Date.now() + 181 * 86_400_000);
      expect(await purgeExpiredContactRequests(t.database.db, later)).toBe(1);
      expect(await t.database.db.selectFrom('clients').select('id').execute()).toEqual([]);
    });

    it('is rate limited per address', async () => {
      const body = { lang: 'fi', phone: '040 123 4567', consent: true };
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await request(body, '10.9.9.9')).statusCode);
      expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
      expect(statuses[5]).toBe(429);
    });
  });
});
