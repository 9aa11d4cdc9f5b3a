import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredConversations } from '../../conversations/retention.js';
import { seedArticles } from '../../features/articles/article-seed.js';
import { seedProgrammes } from '../../features/catalogue/catalogue-seed.js';
import { refreshReportRollup } from '../../features/reports/report-rollup.js';
import { helsinkiClock } from '../../shared/helsinki-time.js';
import { createTestApp, loginAs, type TestApp } from '../../test/test-app.js';
import { DEMO_PASSWORD, seedDemoData } from './demo-seed.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import { addDays, instantAt } from './demo-year-calendar.js';
import { DEMO_YEAR_SEED } from './demo-year-plan.js';
import { readYearTexts } from './demo-year-texts.js';
import { planFromDatabase, seedDemoYear, type DemoYearResult } from './demo-year.js';
import type { Report } from '../../features/reports/report.service.js';

let t: TestApp;
let beforeDemo: DemoYearResult;
let year: DemoYearResult;
let seconds: number;
const now = new Date();
const today = helsinkiClock(now).day;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  // Not a demo database (no demo seed): the year is never added to real data.
  beforeDemo = await seedDemoYear(db, t.config.CONTENT_DIR, { now });
  await seedDemoData(db, t.config.CONTENT_DIR);
  await seedProgrammes(db, t.config.CONTENT_DIR);
  // As the service starts: the guides are there before the year.
  await seedArticles(db, t.config.CONTENT_DIR);
  const started = performance.now();
  year = await seedDemoYear(db, t.config.CONTENT_DIR, { now });
  seconds = (performance.now() - started) / 1000;
}, 120_000);
afterAll(() => t.close());

/** Row counts of everything the year writes. */
async function counts() {
  const { rows } = await sql<Record<string, number>>`
    select (select count(*)::int from conversations) as conversations,
      (select count(*)::int from clients) as clients,
      (select count(*)::int from messages) as messages,
      (select count(*)::int from conversation_feedback) as feedback,
      (select count(*)::int from events) as events,
      (select count(*)::int from appointments) as appointments,
      (select coalesce(sum(count), 0)::int from daily_counters) as counters,
      (select count(*)::int from audit_log) as audit`.execute(t.database.db);
  return rows[0]!;
}

describe('the demo year', () => {
  it('is made only on a demo database, once, in a few seconds', () => {
    expect(beforeDemo.seeded).toBe(false);
    expect(year).toMatchObject({ seeded: true, from: addDays(today, -364), to: today });
    expect(year.contacts).toBeGreaterThan(2000);
    // A few seconds at most on PGlite; generous for a shared test machine.
    expect(seconds).toBeLessThan(15);
  });

  it('is the same year from the same seed and day, and another from another seed', async () => {
    const texts = (await readYearTexts(path.join(t.config.CONTENT_DIR, 'demo')))!;
    const db = t.database.db;
    const first = await planFromDatabase(db, texts, now, DEMO_YEAR_SEED);
    const again = await planFromDatabase(db, texts, now, DEMO_YEAR_SEED);
    expect(again).toEqual(first);
    expect(first!.contacts).toHaveLength(year.contacts);
    const other = await planFromDatabase(db, texts, now, DEMO_YEAR_SEED + 1);
    expect(other!.contacts.map((c) => c.id)).not.toEqual(first!.contacts.map((c) => c.id));
    // The stored year is the planned one: per channel and status, the same counts.
    const perChannel = (list: { channel: string; status: string }[]) =>
      list.reduce<Record<string, number>>((acc, c) => {
        acc[`${c.channel}/${c.status}`] = (acc[`${c.channel}/${c.status}`] ?? 0) + 1;
        return acc;
      }, {});
    // The demo seed's own inbox contacts carry the demo mark too: they are the open ones.
    const stored = await db
      .selectFrom('conversations')
      .select(['channel', 'status'])
      .where(sql<boolean>`details ->> 'demo' = 'true'`)
      .where(sql<boolean>`(status = 'closed' or details ->> 'origin' = 'booking')`)
      .execute();
    const expected = perChannel(first!.contacts);
    expect(perChannel(stored)).toEqual(expected);
  });

  it('never books a counsellor twice at once, whatever the hour it starts', async () => {
    const texts = (await readYearTexts(path.join(t.config.CONTENT_DIR, 'demo')))!;
    // Every third hour of a day, and the small hours of a Helsinki day (UTC evening).
    const base = new Date(`${today}T00:00:00Z`).getTime();
    const hours = [1, 4, 7, 10, 13, 16, 19, 21.5, 22, 23.35];
    for (const hour of hours) {
      const at = new Date(base + hour * 3_600_000);
      const plan = (await planFromDatabase(t.database.db, texts, at, DEMO_YEAR_SEED))!;
      const byStaff = new Map<string, { startsAt: Date; busyUntil: Date }[]>();
      for (const a of plan.contacts.flatMap((c) => (c.appointment ? [c.appointment] : []))) {
        const list = byStaff.get(a.staffId) ?? [];
        const clash = list.find((b) => a.startsAt < b.busyUntil && b.startsAt < a.busyUntil);
        expect(clash, `${at.toISOString()}: ${a.startsAt.toISOString()}`).toBeUndefined();
        list.push(a);
        byStaff.set(a.staffId, list);
      }
    }
  });

  it('does nothing when it runs again', async () => {
    const before = await counts();
    expect(await seedDemoYear(t.database.db, t.config.CONTENT_DIR)).toEqual({ seeded: false, contacts: 0 });
    expect(await counts()).toEqual(before);
  });

  it('has every channel, invented clients, closed history and nothing retention deletes today', async () => {
    const db = t.database.db;
    const rows = await db
      .selectFrom('conversations as c')
      .leftJoin('clients as cl', 'cl.id', 'c.client_id')
      .select([
        'c.channel',
        'c.status',
        'c.details',
        'c.retain_until',
        'c.created_at',
        'cl.first_name',
        'cl.email',
      ])
      .where(sql<boolean>`c.details ->> 'demo' = 'true'`)
      .execute();
    const origins = new Set(
      rows.map((r) => `${r.channel}/${(r.details as { origin?: string }).origin ?? ''}`),
    );
    for (const kind of [
      'chat/',
      'email/email',
      'email/contact_form',
      'phone/callback_form',
      'phone/booking',
      'video/booking',
      'in_person/booking',
      'in_person/contact_log',
      'web_form/',
    ]) {
      expect(origins, kind).toContain(kind);
    }
    for (const row of rows) {
      if (row.first_name) expect(row.first_name).toContain('(demo)');
      if (row.email) expect(row.email).toMatch(/@example\.(invalid|net)$/);
      if (row.retain_until) expect(row.retain_until.getTime()).toBeGreaterThan(now.getTime());
    }
    // Kept as the catalogue keeps contact requests: 180 days from their creation.
    for (const row of rows.filter((r) => r.channel === 'web_form' && r.status === 'closed')) {
      expect(row.retain_until!.getTime() - row.created_at.getTime()).toBe(180 * 86_400_000);
    }
    expect(await purgeExpiredConversations(db, now)).toBe(0);
    // Pop-up contacts at past events; bookings with their appointments, a few still ahead.
    const ahead = await db
      .selectFrom('appointments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('status', '=', 'booked')
      .where('starts_at', '>', now)
      .executeTakeFirstOrThrow();
    expect(ahead.n).toBeGreaterThan(0);
  });

  it('leaves the open items for the first sign-in: a web form, a call-back due today, unread mail', async () => {
    const open = await t.database.db
      .selectFrom('conversations')
      .select(['channel', 'status', 'due_at', 'last_seq', 'first_response_at'])
      .where('status', '<>', 'closed')
      .where('channel', 'in', ['web_form', 'phone', 'email'])
      .where(sql<boolean>`details ->> 'origin' is distinct from 'booking'`)
      .execute();
    expect(open.filter((c) => c.channel === 'web_form' && c.status === 'queued')).toHaveLength(1);
    const dueToday = open.filter(
      (c) => c.channel === 'phone' && c.due_at && helsinkiClock(c.due_at).day === today,
    );
    expect(dueToday).toHaveLength(1);
    expect(
      open.filter((c) => c.channel === 'email' && c.status === 'queued' && !c.first_response_at).length,
    ).toBeGreaterThan(0);
  });

  it('gives the reports a year of monthly data, with small counts suppressed for funders', async () => {
    expect((await refreshReportRollup(t.database.db)).length).toBeGreaterThanOrEqual(11);
    const cookie = await loginAs(t.app, 'admin@opintori.example', DEMO_PASSWORD);
    const from = addDays(today, -364);
    const report = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports?from=${from}&to=${today}`,
        headers: { cookie },
      })
    ).json();
    expect(report.precision.rolledUpMonths).toBeGreaterThanOrEqual(11);
    expect(report.totals.contacts).toBeGreaterThan(2000);
    expect(report.byChannel.map((c: { key: string }) => c.key).sort()).toEqual(
      ['chat', 'email', 'in_person', 'phone', 'video', 'web_form'].sort(),
    );
    expect(report.satisfaction.total).toBeGreaterThan(100);
    expect(report.events.length).toBeGreaterThan(20);
    expect(report.finder.used).toBeGreaterThan(500);
    expect(report.abandoned.abandoned).toBeGreaterThan(0);
    // Every weekday has contacts; the busiest hour is in office hours.
    expect(report.heatmap.slice(0, 5).every((hours: number[]) => hours.some((n) => n > 0))).toBe(true);
    const funder = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/funder?from=${from}&to=${today}&period=month`,
        headers: { cookie },
      })
    ).json();
    // One period per calendar month the 365 days touch: 13, or 12 when today ends a month.
    const months = new Set(Array.from({ length: 365 }, (_, i) => addDays(from, i).slice(0, 7)));
    const periods = new Set(funder.rows.map((r: { period: string }) => r.period));
    expect(periods).toEqual(months);
    const cells = funder.rows.map((r: { count: string }) => r.count);
    expect(cells).toContain('< 5');
    expect(cells.some((c: string) => c !== '< 5' && Number(c) >= 5)).toBe(true);
  });

  it('shows self-help in the report: answered questions per entry point, chats beside guides, cards', async () => {
    const cookie = await loginAs(t.app, 'admin@opintori.example', DEMO_PASSWORD);
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports?from=${addDays(today, -364)}&to=${today}`,
      headers: { cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    const { selfHelp } = response.json<Report>();
    const all = selfHelp.byEntry.find((e) => e.entry === 'all')!;
    expect(all.answered + all.chat).toBeGreaterThan(800);
    expect(all.share).toBeGreaterThan(0.2);
    expect(all.share).toBeLessThan(0.5);
    expect(selfHelp.byEntry.filter((e) => e.entry !== 'all' && e.answered > 0).length).toBeGreaterThanOrEqual(
      5,
    );
    expect(selfHelp.chatsAfterGuide.length).toBeGreaterThan(5);
    const guides = new Set(
      (await t.database.db.selectFrom('articles').select('key').execute()).map((a) => a.key),
    );
    expect(selfHelp.chatsAfterGuide.every((g) => guides.has(g.key) && g.title !== g.key)).toBe(true);
    expect(selfHelp.cardsByProvider.reduce((sum, p) => sum + p.count, 0)).toBeGreaterThan(100);
    expect(selfHelp.cardsByStaff!.every((s) => s.name.includes('(demo)'))).toBe(true);
    // A card names this service's guide, with a path in the conversation's language.
    const { rows } = await sql<{ card: { type: string; id: string; url: string } }>`
      select details -> 'card' as card from messages where details -> 'card' is not null limit 50`.execute(
      t.database.db,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { card } of rows) {
      expect(card.type).toBe('article');
      expect(guides.has(card.id)).toBe(true);
      expect(card.url).toMatch(/^\/(fi|sv|en)\/(ohjeet|anvisningar|guides)\//);
    }
  });

  it('offers free phone, video and face-to-face times on the booking page', async () => {
    for (const channel of ['phone', 'video', 'in_person']) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/booking/slots?channel=${channel}&language=fi&days=7`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().slots.length, channel).toBeGreaterThan(3);
    }
  });

  it('places its wall-clock times right across the daylight-saving changes', () => {
    for (const day of ['2026-03-29', '2026-10-25', '2027-03-28']) {
      for (const time of ['02:30', '03:30', '04:30', '09:15', '18:45']) {
        const [h, m] = time.split(':').map(Number) as [number, number];
        expect(instantAt(day, h * 60 + m), `${day} ${time}`).toEqual(helsinkiInstant(day, time));
      }
    }
  });
});
