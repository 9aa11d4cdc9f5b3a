import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database-types.js';
import { buildOrganisation, buildStaff, countRows } from '../../test/factories.js';
import { expectError } from '../../test/http-helpers.js';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.js';
import type { Timing } from './contact-figures.service.js';
import type { Report } from './report.service.js';
import { bucketValue, histogramPercentile, PERCENTILE_ACCURACY } from './report-buckets.js';
import { helsinkiMonth } from './report-period.js';
import { planPeriod, refreshReportRollup } from './report-rollup.js';

// A hand-built March 2026 in Helsinki (UTC+2 until 29 March, UTC+3 after). Every expected
// figure below is worked out by hand from these rows.

let t: TestApp;
let db: Db;
const ids: Record<string, string> = {};
const cookies: Record<string, string> = {};

const MARCH = 'from=2026-03-01&to=2026-03-31';
const at = (iso: string, plusSeconds = 0) => new Date(new Date(iso).getTime() + plusSeconds * 1000);

interface Row {
  n: number;
  channel: 'chat' | 'email' | 'phone' | 'video' | 'in_person' | 'web_form';
  org: 'A' | 'B' | null;
  staff: 'A1' | 'A2' | 'B1' | null;
  topic: string;
  language: string;
  created: string;
  /** Seconds from creation to the first response. */
  frt?: number;
  /** Seconds from the first response (creation for in_person) to closing. */
  handled?: number;
  outcome?: string;
  closedAfter?: number;
  ageBand?: '25_34' | 'under_25';
  situation?: 'working' | 'unemployed';
  event?: boolean;
}

const rows: Row[] = [
  // prettier-ignore
  { n: 1, channel: 'chat', org: 'A', staff: 'A1', topic: 'applying', language: 'fi', created: '2026-03-02T08:00:00Z', frt: 60, handled: 600, ageBand: 'under_25', situation: 'unemployed' },
  {
    n: 2,
    channel: 'chat',
    org: 'A',
    staff: 'A1',
    topic: 'applying',
    language: 'fi',
    created: '2026-03-02T08:30:00Z',
    frt: 120,
    handled: 300,
  },
  {
    n: 3,
    channel: 'chat',
    org: 'A',
    staff: 'A2',
    topic: 'financing',
    language: 'sv',
    created: '2026-03-03T12:00:00Z',
    frt: 180,
    handled: 900,
  },
  // Left while queued: abandoned.
  {
    n: 4,
    channel: 'chat',
    org: 'A',
    staff: null,
    topic: 'applying',
    language: 'fi',
    created: '2026-03-03T12:10:00Z',
    outcome: 'client_left',
    closedAfter: 300,
  },
  {
    n: 5,
    channel: 'chat',
    org: 'B',
    staff: 'B1',
    topic: 'other',
    language: 'en',
    created: '2026-03-04T07:00:00Z',
    frt: 240,
    handled: 1200,
  },
  {
    n: 6,
    channel: 'chat',
    org: 'B',
    staff: null,
    topic: 'other',
    language: 'fi',
    created: '2026-03-04T07:05:00Z',
    outcome: 'client_left',
    closedAfter: 60,
  },
  {
    n: 7,
    channel: 'email',
    org: 'A',
    staff: 'A1',
    topic: 'applying',
    language: 'fi',
    created: '2026-03-05T10:00:00Z',
    frt: 3600,
    handled: 7200,
  },
  {
    n: 8,
    channel: 'email',
    org: 'B',
    staff: 'B1',
    topic: 'financing',
    language: 'fi',
    created: '2026-03-06T10:00:00Z',
    frt: 7200,
  },
  {
    n: 9,
    channel: 'phone',
    org: 'A',
    staff: 'A2',
    topic: 'career_change',
    language: 'fi',
    created: '2026-03-09T06:00:00Z',
    frt: 600,
    handled: 300,
  },
  // prettier-ignore
  { n: 10, channel: 'in_person', org: 'A', staff: 'A1', topic: 'applying', language: 'fi', created: '2026-03-10T10:00:00Z', handled: 1200, ageBand: '25_34', situation: 'working', event: true },
  // prettier-ignore
  { n: 11, channel: 'in_person', org: 'A', staff: 'A2', topic: 'other', language: 'fi', created: '2026-03-10T11:00:00Z', handled: 600, ageBand: '25_34', situation: 'unemployed', event: true },
  // Thursday 23:30 in Helsinki.
  {
    n: 12,
    channel: 'web_form',
    org: null,
    staff: null,
    topic: 'programme_choice',
    language: 'fi',
    created: '2026-03-12T21:30:00Z',
  },
  // 28 February 23:59 in Helsinki: before the period.
  {
    n: 13,
    channel: 'chat',
    org: 'A',
    staff: null,
    topic: 'applying',
    language: 'fi',
    created: '2026-02-28T21:59:00Z',
  },
  // 1 March 00:00 in Helsinki (a Sunday): inside; still queued, so not abandoned.
  {
    n: 14,
    channel: 'chat',
    org: 'A',
    staff: null,
    topic: 'applying',
    language: 'fi',
    created: '2026-02-28T22:00:00Z',
  },
  // 1 April 00:00 in Helsinki (summer time): after the period.
  {
    n: 15,
    channel: 'chat',
    org: 'A',
    staff: null,
    topic: 'applying',
    language: 'fi',
    created: '2026-03-31T21:00:00Z',
  },
];
const conversationIds: Record<number, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  const orgA = await buildOrganisation(db, { name_fi: 'Demo-opisto A' });
  // A provider name that a spreadsheet would run as a formula.
  const orgB = await buildOrganisation(db, { name_fi: '=HYPERLINK("http://x";"B")' });
  ids.A = orgA.id;
  ids.B = orgB.id;
  const staff = {
    admin: await buildStaff(db, { role: 'admin' }),
    editor: await buildStaff(db, { role: 'editor' }),
    adminA: await buildStaff(db, { role: 'org_admin', organisation_id: orgA.id }),
    A1: await buildStaff(db, { organisation_id: orgA.id, name: 'Aino Ohjaaja' }),
    A2: await buildStaff(db, { organisation_id: orgA.id, name: '-Eero' }),
    B1: await buildStaff(db, { organisation_id: orgB.id, name: 'Bertil' }),
  };
  for (const [key, s] of Object.entries(staff)) ids[key] = s.id;
  const event = await db
    .insertInto('events')
    .values({
      organisation_id: orgA.id,
      title: '@Pop-up; Kauppakeskus',
      place: 'Kauppakeskus',
      municipality: '564',
      starts_at: new Date('2026-03-10T08:00:00Z'),
      ends_at: new Date('2026-03-10T14:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.event = event.id;
  for (const row of rows) {
    const created = new Date(row.created);
    const first = row.frt !== undefined ? at(row.created, row.frt) : null;
    const closed =
      row.handled !== undefined
        ? at(first ? first.toISOString() : row.created, row.handled)
        : row.closedAfter !== undefined
          ? at(row.created, row.closedAfter)
          : null;
    const inserted = await db
      .insertInto('conversations')
      .values({
        channel: row.channel,
        status: closed ? 'closed' : row.staff ? 'active' : 'queued',
        organisation_id: row.org ? ids[row.org]! : null,
        assigned_staff_id: row.staff ? ids[row.staff]! : null,
        topic: row.topic,
        language: row.language,
        created_at: created,
        first_response_at: first,
        closed_at: closed,
        outcome: row.outcome ?? (closed ? 'answered' : null),
        client_age_band: row.ageBand ?? null,
        client_situation: row.situation ?? null,
        // Home municipalities in turn (the reach figures, rolled up and read alike).
        client_municipality: [null, '564', '615', '305'][row.n % 4] ?? null,
        event_id: row.event ? ids.event! : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    conversationIds[row.n] = inserted.id;
  }
  const scores: [number, number][] = [
    [1, 5],
    [2, 4],
    [3, 5],
    [5, 2],
    [7, 3],
    [10, 5],
    [13, 1], // outside the period
  ];
  await db
    .insertInto('conversation_feedback')
    .values(scores.map(([n, score]) => ({ conversation_id: conversationIds[n]!, score })))
    .execute();

  const article = await db
    .insertInto('articles')
    .values({ key: 'hakeminen', category: 'applying' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const versions = await db
    .insertInto('article_versions')
    .values([
      {
        article_id: article.id,
        lang: 'fi',
        slug: 'hakeminen',
        title: 'Hakeminen',
        body_md: 'x',
        body_html: 'x',
        summary: '',
        status: 'published',
      },
      {
        article_id: article.id,
        lang: 'sv',
        slug: 'ansokan',
        title: 'Ansökan',
        body_md: 'x',
        body_html: 'x',
        summary: '',
        status: 'published',
      },
    ])
    .returning(['id', 'lang'])
    .execute();
  const fi = versions.find((v) => v.lang === 'fi')!.id;
  const sv = versions.find((v) => v.lang === 'sv')!.id;
  const feedback: [string, boolean, string][] = [
    [fi, true, '2026-03-01T10:00:00Z'],
    [fi, true, '2026-03-15T10:00:00Z'],
    [fi, true, '2026-03-31T20:00:00Z'],
    [fi, false, '2026-03-20T10:00:00Z'],
    [fi, true, '2026-03-31T21:00:00Z'], // 1 April in Helsinki
    [sv, false, '2026-03-20T10:00:00Z'],
  ];
  await db
    .insertInto('article_feedback')
    .values(
      feedback.map(([v, yes, when]) => ({
        article_version_id: v,
        is_helpful: yes,
        created_at: new Date(when),
      })),
    )
    .execute();

  const rule = await db
    .insertInto('invitation_rules')
    .values({ name: '+SUM(1;2)', path_prefix: '/fi/ohjeet' })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.rule = rule.id;
  await db
    .insertInto('daily_counters')
    .values([
      { day: '2026-02-28', kind: 'finder.used', key: '', count: 50 },
      { day: '2026-03-01', kind: 'finder.used', key: '', count: 4 },
      { day: '2026-03-31', kind: 'finder.used', key: '', count: 6 },
      { day: '2026-04-01', kind: 'finder.used', key: '', count: 100 },
      { day: '2026-03-02', kind: 'invitation.shown', key: rule.id, count: 12 },
      { day: '2026-03-03', kind: 'invitation.shown', key: rule.id, count: 8 },
      { day: '2026-03-03', kind: 'invitation.accepted', key: rule.id, count: 3 },
      { day: '2026-03-04', kind: 'invitation.dismissed', key: rule.id, count: 5 },
      { day: '2026-04-02', kind: 'invitation.shown', key: rule.id, count: 99 },
    ])
    .execute();

  for (const key of ['admin', 'editor', 'adminA', 'A1', 'B1']) {
    const email = (
      await db.selectFrom('staff').select('email').where('id', '=', ids[key]!).executeTakeFirstOrThrow()
    ).email;
    cookies[key] = await loginAs(t.app, email);
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

/** A GET of `url` as one of the signed-in people of the test. */
function getAs(who: string, url: string) {
  return t.app.inject({ url, headers: { cookie: cookies[who]! } });
}

async function report(who: string, query = MARCH): Promise<Report> {
  const response = await t.app.inject({
    url: `/api/v1/reports?${query}`,
    headers: { cookie: cookies[who]! },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Report>();
}

const asMap = (items: { key: string; count: number }[]) =>
  Object.fromEntries(items.map((i) => [i.key, i.count]));

describe('the report for a period', () => {
  it('counts the contacts of the Helsinki days of the period, by every dimension', async () => {
    const r = await report('admin');
    expect(r.totals.contacts).toBe(13);
    expect(asMap(r.byChannel)).toEqual({ chat: 7, email: 2, phone: 1, in_person: 2, web_form: 1 });
    expect(r.byChannel[0]).toEqual({ key: 'chat', count: 7 });
    expect(asMap(r.byTopic)).toEqual({
      applying: 6,
      financing: 2,
      other: 3,
      career_change: 1,
      programme_choice: 1,
    });
    expect(asMap(r.byLanguage)).toEqual({ fi: 11, sv: 1, en: 1 });
    expect(asMap(r.byProvider)).toEqual({ [ids.A!]: 9, [ids.B!]: 3, none: 1 });
    expect(r.byProvider.find((p) => p.key === ids.A)?.name).toBe('Demo-opisto A');
    expect(asMap(r.byAgeBand)).toEqual({ under_25: 1, '25_34': 2, none: 10 });
    expect(asMap(r.bySituation)).toEqual({ unemployed: 2, working: 1, none: 10 });
    expect(asMap(r.byStaff!)).toEqual({ [ids.A1!]: 4, [ids.A2!]: 3, [ids.B1!]: 2, none: 4 });
    expect(r.byStaff!.find((s) => s.key === ids.A1)?.name).toBe('Aino Ohjaaja');
  });

  it('places contacts on a weekday × hour grid in Helsinki time', async () => {
    const r = await report('admin');
    const expected = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    expected[0]![10] = 2; // Mon 2 Mar 10:00 (08:00Z, 08:30Z)
    expected[0]![8] = 1; // Mon 9 Mar 08:00
    expected[1]![14] = 2; // Tue 3 Mar 14:00, 14:10
    expected[1]![12] = 1; // Tue 10 Mar 12:00
    expected[1]![13] = 1; // Tue 10 Mar 13:00
    expected[2]![9] = 2; // Wed 4 Mar 09:00, 09:05
    expected[3]![12] = 1; // Thu 5 Mar 12:00
    expected[3]![23] = 1; // Thu 12 Mar 23:30
    expected[4]![12] = 1; // Fri 6 Mar 12:00
    expected[6]![0] = 1; // Sun 1 Mar 00:00
    expect(r.heatmap).toEqual(expected);
  });

  it('gives first-response and handling percentiles overall and per channel', async () => {
    const r = await report('admin');
    // Answered: 60 120 180 240 600 3600 7200 → p50 = 240; p90 at rank 5.4 = 3600 + 0.4 × 3600.
    // Chat 60 120 180 240 → p50 150, p90 at 2.7 = 180 + 0.7 × 60 = 222. Email 3600 7200 → 5400,
    // 3600 + 0.9 × 3600 = 6840. Phone 600.
    expect(r.firstResponse).toEqual([
      { channel: 'all', count: 7, p50: 240, p90: 5040 },
      { channel: 'chat', count: 4, p50: 150, p90: 222 },
      { channel: 'email', count: 2, p50: 5400, p90: 6840 },
      { channel: 'phone', count: 1, p50: 600, p90: 600 },
    ]);
    // Closed after a response (in person: after creation): 300 300 600 600 900 1200 1200 7200 →
    // p50 = 750, p90 at 6.3 = 1200 + 0.3 × 6000 = 3000. Chat 300 600 900 1200 → 750, 1110.
    // In person 600 1200 → 900, 600 + 0.9 × 600 = 1140.
    expect(r.handling).toEqual([
      { channel: 'all', count: 8, p50: 750, p90: 3000 },
      { channel: 'chat', count: 4, p50: 750, p90: 1110 },
      { channel: 'email', count: 1, p50: 7200, p90: 7200 },
      { channel: 'in_person', count: 2, p50: 900, p90: 1140 },
      { channel: 'phone', count: 1, p50: 300, p90: 300 },
    ]);
  });

  it('counts chats abandoned in the queue', async () => {
    const r = await report('admin');
    expect(r.abandoned).toEqual({ chats: 7, abandoned: 2, share: 2 / 7 });
  });

  it('gives the satisfaction distribution and mean of the period', async () => {
    const r = await report('admin');
    // 5, 4, 5, 2, 3, 5 (the 1 is February's) → mean 24 / 6 = 4.
    expect(r.satisfaction).toEqual({ counts: [0, 1, 1, 1, 3], total: 6, mean: 4 });
  });

  it('gives article helpfulness, finder use, invitations and pop-up contacts', async () => {
    const r = await report('admin');
    expect(r.articles).toEqual([
      { key: 'hakeminen', lang: 'fi', title: 'Hakeminen', yes: 3, no: 1 },
      { key: 'hakeminen', lang: 'sv', title: 'Ansökan', yes: 0, no: 1 },
    ]);
    expect(r.finder).toEqual({ used: 10 });
    expect(r.invitations).toEqual([
      { rule: ids.rule, name: '+SUM(1;2)', shown: 20, accepted: 3, dismissed: 5 },
    ]);
    expect(r.events).toEqual([
      { id: ids.event, title: '@Pop-up; Kauppakeskus', startsAt: '2026-03-10T08:00:00.000Z', count: 2 },
    ]);
  });

  it('applies the filters to every conversation figure', async () => {
    const chat = await report('admin', `${MARCH}&channel=chat`);
    expect(chat.totals.contacts).toBe(7);
    expect(chat.firstResponse[0]).toEqual({ channel: 'all', count: 4, p50: 150, p90: 222 });
    expect(chat.satisfaction.total).toBe(4);
    const b = await report('admin', `${MARCH}&provider=${ids.B}`);
    expect(b.totals.contacts).toBe(3);
    expect(b.abandoned).toEqual({ chats: 2, abandoned: 1, share: 0.5 });
    const group = await report('admin', `${MARCH}&ageBand=25_34&situation=unemployed`);
    expect(group.totals.contacts).toBe(1);
    expect(group.events[0]?.count).toBe(1);
    const sv = await report('admin', `${MARCH}&language=sv&topic=financing`);
    expect(sv.totals.contacts).toBe(1);
    const one = await report('admin', `${MARCH}&staff=${ids.A1}`);
    expect(one.totals.contacts).toBe(4);
    // Blank form fields mean "no filter".
    const blank = await report('admin', `${MARCH}&provider=&channel=&staff=`);
    expect(blank.totals.contacts).toBe(13);
  });
});

describe('who sees what', () => {
  it("limits a provider's admin to their provider and their own counsellors", async () => {
    const r = await report('adminA');
    expect(r.scope).toEqual({ provider: ids.A, staffBreakdown: true });
    expect(r.totals.contacts).toBe(9);
    expect(asMap(r.byStaff!)).toEqual({ [ids.A1!]: 4, [ids.A2!]: 3, none: 2 });
    expectError(await getAs('adminA', `/api/v1/reports?${MARCH}&provider=${ids.B}`), 403, 'report.forbidden');
    expectError(await getAs('adminA', `/api/v1/reports?${MARCH}&staff=${ids.B1}`), 403, 'report.forbidden');
  });

  it('gives a counsellor their provider without per-counsellor figures', async () => {
    const r = await report('A1');
    expect(r.totals.contacts).toBe(9);
    expect(r.byStaff).toBeNull();
    const self = await report('A1', `${MARCH}&staff=${ids.A1}`);
    expect(self.totals.contacts).toBe(4);
    for (const query of [`provider=${ids.B}`, `staff=${ids.B1}`, `staff=${ids.A2}`]) {
      expectError(await getAs('A1', `/api/v1/reports?${MARCH}&${query}`), 403, 'report.forbidden');
    }
    expectError(await getAs('A1', `/api/v1/reports/staff.csv?${MARCH}`), 403, 'report.forbidden');
    expectError(
      await getAs('B1', `/api/v1/reports/funder?${MARCH}&provider=${ids.A}`),
      403,
      'report.forbidden',
    );
  });

  it('refuses editors and visitors', async () => {
    expectError(await getAs('editor', `/api/v1/reports?${MARCH}`), 403, 'report.forbidden');
    expectError(await t.app.inject({ url: `/api/v1/reports?${MARCH}` }), 401, 'auth.unauthenticated');
    expectError(
      await t.app.inject({ url: `/api/v1/reports/channels.csv?${MARCH}` }),
      401,
      'auth.unauthenticated',
    );
  });

  it('audits reads of per-counsellor figures', async () => {
    await report('adminA');
    const entry = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_staff_id'])
      .where('action', '=', 'report.read')
      .where('actor_staff_id', '=', ids.adminA!)
      .executeTakeFirst();
    expect(entry).toEqual({ action: 'report.read', actor_staff_id: ids.adminA });
  });
});

describe('bad periods', () => {
  const cases: [string, string][] = [
    ['from=2026-03-31&to=2026-03-01', 'report.range_reversed'],
    ['from=2020-01-01&to=2022-01-02', 'report.range_too_long'],
    ['from=2019-12-31&to=2020-01-31', 'report.range_invalid'],
    ['from=2026-02-30&to=2026-03-31', 'report.range_invalid'],
    [`from=2026-01-01&to=${new Date().getUTCFullYear() + 2}-01-01`, 'report.range_invalid'],
  ];
  it.each(cases)('%s → %s', async (query, code) => {
    expectError(await getAs('admin', `/api/v1/reports?${query}`), 400, code);
  });

  it('accepts exactly two years and refuses text that is no date', async () => {
    await report('admin', 'from=2024-03-01&to=2026-02-28');
    expectError(await getAs('admin', '/api/v1/reports?from=yesterday&to=2026-03-01'), 400, 'request.invalid');
  });
});

describe('CSV export', () => {
  async function csv(name: string, who = 'admin', query = MARCH) {
    const response = await t.app.inject({
      url: `/api/v1/reports/${name}.csv?${query}`,
      headers: { cookie: cookies[who]! },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="opintori-${name}-2026-03-01-2026-03-31.csv"`,
    );
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    return response.body.slice(1);
  }

  it('exports every table, semicolon-separated with CRLF lines', async () => {
    expect(await csv('channels')).toBe(
      'channel;contacts\r\nchat;7\r\nemail;2\r\nin_person;2\r\nphone;1\r\nweb_form;1\r\n',
    );
    expect(await csv('satisfaction')).toBe(
      'score;responses\r\n1;0\r\n2;1\r\n3;1\r\n4;1\r\n5;3\r\nmean;4\r\n',
    );
    expect(await csv('first-response')).toContain('\r\nchat;4;150;222\r\n');
    expect(await csv('handling')).toContain('\r\nin_person;2;900;1140\r\n');
    expect(await csv('abandoned')).toBe('chats;abandoned_in_queue;share\r\n7;2;0.286\r\n');
    expect(await csv('finder')).toBe('finder_uses\r\n10\r\n');
    expect((await csv('heatmap')).split('\r\n')[1]).toBe(
      'mon;0;0;0;0;0;0;0;0;1;0;2;0;0;0;0;0;0;0;0;0;0;0;0;0',
    );
    for (const name of ['topics', 'languages', 'age-bands', 'situations', 'articles']) {
      expect((await csv(name)).split('\r\n').length).toBeGreaterThan(2);
    }
  });

  it('neutralises cells a spreadsheet would run as formulas, and quotes per RFC 4180', async () => {
    expect(await csv('providers')).toContain(`${ids.B};"'=HYPERLINK(""http://x"";""B"")";3\r\n`);
    expect(await csv('invitations')).toContain(`${ids.rule};"'+SUM(1;2)";20;3;5\r\n`);
    expect(await csv('events')).toContain(
      `${ids.event};"'@Pop-up; Kauppakeskus";2026-03-10T08:00:00.000Z;2\r\n`,
    );
    expect(await csv('staff', 'adminA')).toContain(`${ids.A2};'-Eero;3\r\n`);
  });

  it('refuses unknown tables and bad periods', async () => {
    expectError(await getAs('admin', `/api/v1/reports/nothing.csv?${MARCH}`), 404, 'report.no_table');
    expectError(
      await getAs('admin', '/api/v1/reports/channels.csv?from=2026-03-02&to=2026-03-01'),
      400,
      'report.range_reversed',
    );
  });
});

describe('the funder report', () => {
  it('shows counts per quarter and client group, 1–4 as "< 5", totals rounded to 10', async () => {
    const response = await getAs('admin', '/api/v1/reports/funder?from=2026-01-01&to=2026-03-31');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    // The quarter has the 13 March contacts and 28 February's chat (14); April's is out.
    expect(body.rows).toEqual([
      { period: '2026-Q1', ageBand: '25_34', situation: 'unemployed', channel: 'in_person', count: '< 5' },
      { period: '2026-Q1', ageBand: '25_34', situation: 'working', channel: 'in_person', count: '< 5' },
      { period: '2026-Q1', ageBand: 'under_25', situation: 'unemployed', channel: 'chat', count: '< 5' },
      { period: '2026-Q1', ageBand: 'unknown', situation: 'unknown', channel: 'chat', count: '7' },
      { period: '2026-Q1', ageBand: 'unknown', situation: 'unknown', channel: 'email', count: '< 5' },
      { period: '2026-Q1', ageBand: 'unknown', situation: 'unknown', channel: 'phone', count: '< 5' },
      { period: '2026-Q1', ageBand: 'unknown', situation: 'unknown', channel: 'web_form', count: '< 5' },
    ]);
    expect(body.totals).toEqual([{ period: '2026-Q1', count: '10' }]);
  });

  it('goes by month too, and as CSV', async () => {
    const response = await getAs(
      'admin',
      '/api/v1/reports/funder.csv?from=2026-02-01&to=2026-03-31&period=month',
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment;');
    const lines = response.body.slice(1).split('\r\n');
    expect(lines[0]).toBe('period;age_band;situation;channel;contacts');
    expect(lines).toContain('2026-02;unknown;unknown;chat;< 5');
    expect(lines).toContain('2026-03;unknown;unknown;chat;6');
    expect(lines).toContain('2026-02;all;all;all;< 5');
    expect(lines).toContain('2026-03;all;all;all;10');
  });

  it('keeps a provider to its own figures', async () => {
    const response = await getAs('B1', '/api/v1/reports/funder?from=2026-03-01&to=2026-03-31');
    expect(response.statusCode).toBe(200);
    // B: chats 5 and 6, email 8 → unknown/unknown/chat 2, email 1.
    expect(response.json().rows).toEqual([
      { period: '2026-Q1', ageBand: 'unknown', situation: 'unknown', channel: 'chat', count: '< 5' },
      { period: '2026-Q1', ageBand: 'unknown', situation: 'unknown', channel: 'email', count: '< 5' },
    ]);
    expect(response.json().totals).toEqual([{ period: '2026-Q1', count: '< 5' }]);
  });
});

describe('the monthly roll-up', () => {
  const NOW = new Date('2026-11-30T10:00:00Z');
  /** Percentiles from buckets: within 2 % of the exact value, plus rounding to whole seconds. */
  function expectClose(rolled: Timing[], exact: Timing[]) {
    expect(rolled.map((t) => [t.channel, t.count])).toEqual(exact.map((t) => [t.channel, t.count]));
    rolled.forEach((t, i) => {
      for (const p of ['p50', 'p90'] as const) {
        const want = exact[i]![p];
        if (want === null) expect(t[p]).toBeNull();
        else expect(Math.abs(t[p]! - want)).toBeLessThanOrEqual(want * PERCENTILE_ACCURACY + 1);
      }
    });
  }
  function expectSameReport(rolled: Report, exact: Report) {
    const { firstResponse: rf, handling: rh, precision: rp, ...restRolled } = rolled;
    const { firstResponse: ef, handling: eh, precision: ep, ...restExact } = exact;
    expect(restRolled).toEqual(restExact);
    if (rp.rolledUpMonths > 0) expect(rp.percentileAccuracy).toBe(PERCENTILE_ACCURACY);
    if (ep.rolledUpMonths === 0) expect(ep.percentileAccuracy).toBeNull();
    expectClose(rf, ef);
    expectClose(rh, eh);
  }
  async function funder(query: string) {
    const response = await getAs('admin', `/api/v1/reports/funder?${query}`);
    expect(response.statusCode).toBe(200);
    return response.json<unknown>();
  }

  it('rolls up every ended month and gives the same figures from it', async () => {
    const all = [
      MARCH,
      'from=2026-01-01&to=2026-04-30',
      `${MARCH}&channel=chat`,
      `${MARCH}&provider=${ids.B}`,
      'from=2026-02-15&to=2026-04-10',
    ];
    const exact = await Promise.all(all.map((q) => report('admin', q)));
    const exactFunder = [
      await funder('from=2026-01-01&to=2026-06-30'),
      await funder('from=2026-02-10&to=2026-04-30&period=month'),
    ];
    expect((await planPeriod(db, '2026-03-01', '2026-03-31', NOW)).months).toEqual([]);

    const refreshed = await refreshReportRollup(db, NOW);
    // From the first contact's month (February) to October; November is still going on.
    expect(refreshed).toEqual([
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
    ]);
    expect(await refreshReportRollup(db, NOW)).toEqual([]);
    expect(await planPeriod(db, '2026-02-15', '2026-04-10', NOW)).toEqual({
      months: ['2026-03-01'],
      spans: [
        { from: '2026-02-15', to: '2026-02-28' },
        { from: '2026-04-01', to: '2026-04-10' },
      ],
    });
    expect(await planPeriod(db, '2026-10-01', '2026-11-30', NOW)).toEqual({
      months: ['2026-10-01'],
      spans: [{ from: '2026-11-01', to: '2026-11-30' }],
    });

    const rolled = await Promise.all(all.map((q) => report('admin', q)));
    rolled.forEach((r, i) => expectSameReport(r, exact[i]!));
    expect(exact.map((r) => r.precision.rolledUpMonths)).toEqual([0, 0, 0, 0, 0]);
    // January is before the first contact: never rolled up, it is read (empty) from the contacts.
    expect(rolled.map((r) => r.precision.rolledUpMonths)).toEqual([1, 3, 1, 1, 1]);
    // March's hand-computed figures, now from the roll-up.
    expect(rolled[0]!.totals.contacts).toBe(13);
    expect(rolled[0]!.abandoned).toEqual({ chats: 7, abandoned: 2, share: 2 / 7 });
    expect(rolled[0]!.satisfaction).toEqual({ counts: [0, 1, 1, 1, 3], total: 6, mean: 4 });
    expect(await funder('from=2026-01-01&to=2026-06-30')).toEqual(exactFunder[0]);
    expect(await funder('from=2026-02-10&to=2026-04-30&period=month')).toEqual(exactFunder[1]);
  });

  it('reads a changed month from the contacts until it is rolled up again', async () => {
    const before = await report('admin');
    const id = conversationIds[1]!;
    await db.updateTable('conversations').set({ topic: 'financing' }).where('id', '=', id).execute();
    expect((await planPeriod(db, '2026-03-01', '2026-03-31', NOW)).months).toEqual([]);
    const changed = await report('admin');
    expect(asMap(changed.byTopic).financing).toBe(asMap(before.byTopic).financing! + 1);
    expect(await refreshReportRollup(db, NOW)).toEqual(['2026-03-01']);
    expect((await planPeriod(db, '2026-03-01', '2026-03-31', NOW)).months).toEqual(['2026-03-01']);
    expect(asMap((await report('admin')).byTopic)).toEqual(asMap(changed.byTopic));

    // New feedback, and a contact deleted, mark the month too.
    await db
      .updateTable('conversation_feedback')
      .set({ score: 1 })
      .where('conversation_id', '=', conversationIds[2]!)
      .execute();
    const rescored = await report('admin');
    expect(rescored.satisfaction.counts).toEqual([1, 1, 1, 0, 3]);
    await refreshReportRollup(db, NOW);
    expect((await report('admin')).satisfaction).toEqual(rescored.satisfaction);

    await db.updateTable('conversations').set({ topic: 'applying' }).where('id', '=', id).execute();
    await db
      .updateTable('conversation_feedback')
      .set({ score: 4 })
      .where('conversation_id', '=', conversationIds[2]!)
      .execute();
    await refreshReportRollup(db, NOW);
    expectSameReport(await report('admin'), before);
  });

  it('ignores changes the reports do not read, and the month still going on', async () => {
    const id = conversationIds[1]!;
    await db.updateTable('conversations').set({ subject: 'Uusi otsikko' }).where('id', '=', id).execute();
    expect(await countRows(db, 'report_changes')).toBe(0);
    // The current month is read from the contacts and not marked, except on its last day, so
    // that a change just before midnight is not lost when the month ends.
    const now = new Date();
    await db
      .insertInto('conversations')
      .values({ channel: 'phone', status: 'queued', created_at: now })
      .execute();
    const lastDay = helsinkiMonth(new Date(now.getTime() + 86_400_000)) !== helsinkiMonth(now);
    const marked = await db
      .selectFrom('report_changes')
      .select(sql<string>`month::text`.as('month'))
      .execute();
    expect(marked).toEqual(lastDay ? [{ month: helsinkiMonth(now) }] : []);
    await db.deleteFrom('report_changes').execute();
  });

  it('does not use the roll-up for filters it does not keep', async () => {
    const sv = await report('admin', `${MARCH}&language=sv&topic=financing`);
    expect(sv.totals.contacts).toBe(1);
    const chat = await report('admin', `${MARCH}&channel=chat`);
    expect(chat.totals.contacts).toBe(7);
    expect(chat.satisfaction.total).toBe(4);
  });
});

describe('percentiles from buckets', () => {
  it('interpolates between the ranks like percentile_cont, within the accuracy', () => {
    const histogram = new Map<number, number>();
    // Buckets of 60, 120, 180 and 240 seconds, once each.
    const bucketOf = (v: number) => Math.floor(Math.log(v) / Math.log(1.02 / 0.98)) + 1;
    for (const v of [60, 120, 180, 240]) histogram.set(bucketOf(v), 1);
    // Exact: p50 at rank 1.5 = 150; p90 at rank 2.7 = 222.
    expect(Math.abs(histogramPercentile(histogram, 0.5)! - 150)).toBeLessThanOrEqual(150 * 0.02);
    expect(Math.abs(histogramPercentile(histogram, 0.9)! - 222)).toBeLessThanOrEqual(222 * 0.02);
    expect(histogramPercentile(new Map(), 0.5)).toBeNull();
    expect(histogramPercentile(new Map([[0, 3]]), 0.9)).toBe(0);
    for (const v of [1, 5, 59, 3600, 86_400 * 20]) {
      expect(Math.abs(bucketValue(bucketOf(v)) - v)).toBeLessThanOrEqual(v * 0.02 + 1e-9);
    }
  });
});
