import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { StaffActor } from '../auth/actor.js';
import { authorize } from '../auth/policy.js';
import type { RequestContext } from '../auth/request-context.js';
import { checkRange, type FunderQuery, type ReportQuery } from './report-range.js';

/** Report days are Helsinki calendar days; the heat map is in Helsinki local time. */
export const REPORT_TIME_ZONE = 'Europe/Helsinki';
/** How many articles the helpfulness table lists (most rated first). */
export const TOP_ARTICLES = 20;

export interface Count {
  key: string;
  count: number;
}
export interface NamedCount extends Count {
  name: string;
}
export interface Timing {
  /** A channel, or `all`. */
  channel: string;
  count: number;
  /** Seconds, or null when nothing was measured. */
  p50: number | null;
  p90: number | null;
}

export interface Report {
  period: { from: string; to: string };
  scope: { provider: string | null; staffBreakdown: boolean };
  totals: { contacts: number };
  byChannel: Count[];
  byTopic: Count[];
  byLanguage: Count[];
  byProvider: NamedCount[];
  byAgeBand: Count[];
  bySituation: Count[];
  /** Per counsellor: admins (everyone) and provider admins (their own staff) only. */
  byStaff: NamedCount[] | null;
  /** heatmap[weekday 0 = Monday … 6 = Sunday][hour 0–23], Helsinki local time. */
  heatmap: number[][];
  firstResponse: Timing[];
  handling: Timing[];
  abandoned: { chats: number; abandoned: number; share: number | null };
  satisfaction: { counts: [number, number, number, number, number]; total: number; mean: number | null };
  articles: { key: string; lang: string; title: string; yes: number; no: number }[];
  finder: { used: number };
  invitations: { rule: string; name: string; shown: number; accepted: number; dismissed: number }[];
  events: { id: string; title: string; startsAt: string; count: number }[];
}

interface Scope {
  actor: StaffActor;
  /** The provider the figures are limited to; null = every provider (admins). */
  provider: string | null;
  staffBreakdown: boolean;
}

/**
 * Who sees what: admins every provider and every counsellor; provider admins and counsellors
 * only their own provider (asking for another is 403 `report.forbidden`); per-counsellor
 * figures for admins and, for their own staff, provider admins. A counsellor may filter by
 * themself only. Editors handle no contacts and get no reports.
 */
async function resolveScope(
  db: Db,
  ctx: RequestContext,
  query: { provider?: string | undefined; staff?: string | undefined },
): Promise<Scope> {
  const actor = authorize(ctx.actor, 'console.use');
  const forbidden = (message: string) => new AppError('report.forbidden', 403, message);
  if (actor.role === 'editor') throw forbidden('Reports are for counsellors and admins');
  if (actor.role === 'admin') {
    return { actor, provider: query.provider ?? null, staffBreakdown: true };
  }
  if (!actor.organisationId) throw forbidden('No provider');
  if (query.provider && query.provider !== actor.organisationId) {
    throw forbidden("Another provider's figures are not yours to see");
  }
  if (query.staff) {
    if (actor.role === 'counsellor' && query.staff !== actor.staffId) {
      throw forbidden("Per-counsellor figures are for the provider's admins");
    }
    const member = await db
      .selectFrom('staff')
      .select('organisation_id')
      .where('id', '=', query.staff)
      .executeTakeFirst();
    if (member?.organisation_id !== actor.organisationId) {
      throw forbidden("Another provider's counsellors are not yours to see");
    }
  }
  return { actor, provider: actor.organisationId, staffBreakdown: actor.role === 'org_admin' };
}

/**
 * Runs one report query with room to sort a year of durations in memory (work_mem) and without
 * JIT compilation, which costs more than it saves on these one-off scans. SET LOCAL ends with
 * the transaction, so pooled connections keep their defaults.
 */
async function tuned<T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '64MB'`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    return run(trx);
  });
}

/** The first instant of a Helsinki day, and of the day after the last. */
function bounds(from: string, to: string) {
  return {
    start: sql`(${from}::date::timestamp at time zone ${REPORT_TIME_ZONE})`,
    end: sql`((${to}::date + 1)::timestamp at time zone ${REPORT_TIME_ZONE})`,
  };
}

/** The conditions every conversation query of the report shares (alias c). */
function conversationFilter(query: ReportQuery, scope: Scope): RawBuilder<unknown> {
  const { start, end } = bounds(query.from, query.to);
  const parts: RawBuilder<unknown>[] = [sql`c.created_at >= ${start}`, sql`c.created_at < ${end}`];
  if (scope.provider) parts.push(sql`c.organisation_id = ${scope.provider}`);
  if (query.channel) parts.push(sql`c.channel = ${query.channel}`);
  if (query.topic) parts.push(sql`c.topic = ${query.topic}`);
  if (query.language) parts.push(sql`c.language = ${query.language}`);
  if (query.staff) parts.push(sql`c.assigned_staff_id = ${query.staff}`);
  if (query.ageBand) parts.push(sql`c.client_age_band = ${query.ageBand}`);
  if (query.situation) parts.push(sql`c.client_situation = ${query.situation}`);
  return sql.join(parts, sql` and `);
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const seconds = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value));
const byCountDesc = (a: Count, b: Count) => b.count - a.count || a.key.localeCompare(b.key);

/** The dimensions of the volume query; `none` stands for a contact without the value. */
const dimensions = [
  'channel',
  'topic',
  'language',
  'organisation_id',
  'client_age_band',
  'client_situation',
  'assigned_staff_id',
  'event_id',
] as const;
type Dimension = (typeof dimensions)[number];

interface VolumeRow {
  [key: string]: unknown;
  n: string | number;
}

/**
 * Contacts per value of every dimension, in one scan. Every set is hashed: the empty set `()`
 * would make PostgreSQL sort the whole period instead (the total is the sum over channels,
 * which every contact has).
 */
async function volumes(db: Db, filter: RawBuilder<unknown>) {
  const groupings = sql.join(
    dimensions.map((d) => sql`grouping(${sql.ref(d)}) as ${sql.ref(`g_${d}`)}`),
    sql`, `,
  );
  const { rows } = await sql<VolumeRow>`
    select ${sql.join(
      dimensions.map((d) => sql.ref(`c.${d}`)),
      sql`, `,
    )}, ${groupings}, count(*) as n
    from conversations c
    where ${filter}
    group by grouping sets (${sql.join(
      dimensions.map((d) => sql`(${sql.ref(`c.${d}`)})`),
      sql`, `,
    )})`.execute(db);
  const counts = Object.fromEntries(dimensions.map((d) => [d, [] as Count[]])) as Record<Dimension, Count[]>;
  for (const row of rows) {
    const set = dimensions.find((d) => num(row[`g_${d}`]) === 0);
    if (set) counts[set].push({ key: row[set] === null ? 'none' : String(row[set]), count: num(row.n) });
  }
  for (const d of dimensions) counts[d].sort(byCountDesc);
  const total = counts.channel.reduce((sum, c) => sum + c.count, 0);
  return { counts, total };
}

/**
 * Contacts per weekday and hour in Helsinki time. Counted per UTC hour first (plain arithmetic
 * per row), then at most one row per hour of the period is converted to local time: Helsinki's
 * offsets are whole hours, so an hour maps to exactly one local hour.
 */
async function heatmap(db: Db, filter: RawBuilder<unknown>): Promise<number[][]> {
  const { rows } = await sql<{ dow: number; hr: number; n: string | number }>`
    select extract(isodow from h at time zone ${REPORT_TIME_ZONE})::int as dow,
      extract(hour from h at time zone ${REPORT_TIME_ZONE})::int as hr, sum(n) as n
    from (
      select date_bin('1 hour', c.created_at, timestamptz '2000-01-01 00:00:00+00') as h, count(*) as n
      from conversations c
      where ${filter}
      group by 1
    ) hours
    group by 1, 2`.execute(db);
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const row of rows) grid[num(row.dow) - 1]![num(row.hr)] = num(row.n);
  return grid;
}

interface TimingRow {
  channel: string | null;
  g: number | string;
  responded: string | number;
  frt: (number | string)[] | null;
  handled: string | number;
  handling: (number | string)[] | null;
  chats: string | number;
  abandoned: string | number;
}

/**
 * First response: first_response_at − created_at of contacts answered. Handling:
 * closed_at − first_response_at (closed_at − created_at for face-to-face contacts) of closed
 * contacts. Abandoned: chats the visitor left while queued (outcome client_left, never answered).
 */
async function timings(db: Db, filter: RawBuilder<unknown>) {
  const { rows } = await sql<TimingRow>`
    select channel, grouping(channel) as g,
      count(frt) as responded,
      percentile_cont(array[0.5, 0.9]) within group (order by frt) as frt,
      count(handling) as handled,
      percentile_cont(array[0.5, 0.9]) within group (order by handling) as handling,
      count(*) filter (where channel = 'chat') as chats,
      count(*) filter (where channel = 'chat' and outcome = 'client_left' and frt is null) as abandoned
    from (
      select c.channel, c.outcome,
        -- greatest() skips nulls, so an unanswered contact must stay null explicitly.
        -- date_part gives double precision; extract() gives numeric, several times slower to sort.
        case when c.first_response_at is not null
          then greatest(0, date_part('epoch', c.first_response_at - c.created_at)) end as frt,
        case when c.channel = 'in_person' and c.closed_at is not null
            then greatest(0, date_part('epoch', c.closed_at - c.created_at))
          when c.closed_at is not null and c.first_response_at is not null
            then greatest(0, date_part('epoch', c.closed_at - c.first_response_at)) end as handling
      from conversations c
      where ${filter}
    ) t
    group by grouping sets ((), (channel))`.execute(db);
  const firstResponse: Timing[] = [];
  const handling: Timing[] = [];
  let abandoned = { chats: 0, abandoned: 0, share: null as number | null };
  const order = (t: Timing) => (t.channel === 'all' ? '' : t.channel);
  for (const row of rows) {
    const channel = num(row.g) === 1 ? 'all' : String(row.channel);
    if (num(row.responded) > 0 || channel === 'all') {
      firstResponse.push({
        channel,
        count: num(row.responded),
        p50: seconds(row.frt?.[0]),
        p90: seconds(row.frt?.[1]),
      });
    }
    if (num(row.handled) > 0 || channel === 'all') {
      handling.push({
        channel,
        count: num(row.handled),
        p50: seconds(row.handling?.[0]),
        p90: seconds(row.handling?.[1]),
      });
    }
    if (channel === 'all') {
      const chats = num(row.chats);
      const gone = num(row.abandoned);
      abandoned = { chats, abandoned: gone, share: chats > 0 ? gone / chats : null };
    }
  }
  firstResponse.sort((a, b) => order(a).localeCompare(order(b)));
  handling.sort((a, b) => order(a).localeCompare(order(b)));
  return { firstResponse, handling, abandoned };
}

async function satisfaction(db: Db, filter: RawBuilder<unknown>): Promise<Report['satisfaction']> {
  const { rows } = await sql<{ score: number; n: string | number }>`
    select f.score, count(*) as n
    from conversation_feedback f join conversations c on c.id = f.conversation_id
    where ${filter}
    group by f.score`.execute(db);
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const row of rows) counts[Number(row.score) - 1] = num(row.n);
  const total = counts.reduce((a, b) => a + b, 0);
  const sum = counts.reduce((a, n, i) => a + n * (i + 1), 0);
  return { counts, total, mean: total > 0 ? Math.round((sum / total) * 100) / 100 : null };
}

/** Article helpfulness is the service's, not a provider's: every rating of the period. */
async function articles(db: Db, from: string, to: string): Promise<Report['articles']> {
  const { start, end } = bounds(from, to);
  const { rows } = await sql<{ key: string; lang: string; title: string; yes: string; no: string }>`
    select a.key, v.lang, v.title,
      count(*) filter (where f.is_helpful) as yes,
      count(*) filter (where not f.is_helpful) as no
    from article_feedback f
      join article_versions v on v.id = f.article_version_id
      join articles a on a.id = v.article_id
    where f.created_at >= ${start} and f.created_at < ${end}
    group by a.key, v.lang, v.title
    order by count(*) desc, a.key, v.lang
    limit ${TOP_ARTICLES}`.execute(db);
  return rows.map((r) => ({ key: r.key, lang: r.lang, title: r.title, yes: num(r.yes), no: num(r.no) }));
}

/** Finder use and invitations are counted per day, not per provider. */
async function counters(db: Db, from: string, to: string) {
  const { rows } = await sql<{ kind: string; key: string; n: string | number; name: string | null }>`
    select d.kind, d.key, sum(d.count) as n, r.name
    from daily_counters d
      left join invitation_rules r on d.kind like 'invitation.%' and r.id::text = d.key
    where d.day between ${from}::date and ${to}::date
      and d.kind in ('finder.used', 'invitation.shown', 'invitation.accepted', 'invitation.dismissed')
    group by d.kind, d.key, r.name`.execute(db);
  let used = 0;
  const rules = new Map<string, Report['invitations'][number]>();
  for (const row of rows) {
    if (row.kind === 'finder.used') {
      used += num(row.n);
      continue;
    }
    const rule = rules.get(row.key) ?? {
      rule: row.key,
      name: row.name ?? row.key,
      shown: 0,
      accepted: 0,
      dismissed: 0,
    };
    const field = row.kind.slice('invitation.'.length) as 'shown' | 'accepted' | 'dismissed';
    rule[field] += num(row.n);
    rules.set(row.key, rule);
  }
  const invitations = [...rules.values()].sort((a, b) => b.shown - a.shown || a.name.localeCompare(b.name));
  return { finder: { used }, invitations };
}

async function names(db: Db, table: 'organisations' | 'staff', ids: string[]): Promise<Map<string, string>> {
  const known = ids.filter((id) => id !== 'none');
  if (known.length === 0) return new Map();
  const rows =
    table === 'organisations'
      ? await db
          .selectFrom('organisations')
          .select(['id', 'name_fi as name'])
          .where('id', 'in', known)
          .execute()
      : await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', known).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every metric of the console's report for one period and filter set. */
export async function buildReport(db: Db, ctx: RequestContext, query: ReportQuery): Promise<Report> {
  checkRange(query.from, query.to);
  const scope = await resolveScope(db, ctx, query);
  const filter = conversationFilter(query, scope);
  const [volume, heat, timing, sat, arts, count] = await Promise.all([
    tuned(db, (trx) => volumes(trx, filter)),
    tuned(db, (trx) => heatmap(trx, filter)),
    tuned(db, (trx) => timings(trx, filter)),
    tuned(db, (trx) => satisfaction(trx, filter)),
    articles(db, query.from, query.to),
    counters(db, query.from, query.to),
  ]);
  const { counts } = volume;
  const eventIds = counts.event_id.filter((c) => c.key !== 'none');
  const [providerNames, staffNames, eventRows] = await Promise.all([
    names(
      db,
      'organisations',
      counts.organisation_id.map((c) => c.key),
    ),
    scope.staffBreakdown
      ? names(
          db,
          'staff',
          counts.assigned_staff_id.map((c) => c.key),
        )
      : Promise.resolve(new Map<string, string>()),
    eventIds.length > 0
      ? db
          .selectFrom('events')
          .select(['id', 'title', 'starts_at', 'organisation_id'])
          .where(
            'id',
            'in',
            eventIds.map((e) => e.key),
          )
          .execute()
      : Promise.resolve([]),
  ]);
  let byStaff: NamedCount[] | null = null;
  if (scope.staffBreakdown) {
    let staffCounts = counts.assigned_staff_id;
    if (scope.actor.role !== 'admin') {
      // A provider admin sees their own counsellors; contacts of anyone else stay in the total.
      const own = new Set(
        (
          await db
            .selectFrom('staff')
            .select('id')
            .where('organisation_id', '=', scope.actor.organisationId)
            .execute()
        ).map((s) => s.id),
      );
      staffCounts = staffCounts.filter((c) => own.has(c.key) || c.key === 'none');
    }
    byStaff = staffCounts.map((c) => ({ ...c, name: staffNames.get(c.key) ?? '' }));
  }
  const eventsById = new Map(eventRows.map((e) => [e.id, e]));
  return {
    period: { from: query.from, to: query.to },
    scope: { provider: scope.provider, staffBreakdown: scope.staffBreakdown },
    totals: { contacts: volume.total },
    byChannel: counts.channel,
    byTopic: counts.topic,
    byLanguage: counts.language,
    byProvider: counts.organisation_id.map((c) => ({ ...c, name: providerNames.get(c.key) ?? '' })),
    byAgeBand: counts.client_age_band,
    bySituation: counts.client_situation,
    byStaff,
    heatmap: heat,
    firstResponse: timing.firstResponse,
    handling: timing.handling,
    abandoned: timing.abandoned,
    satisfaction: sat,
    articles: arts,
    finder: count.finder,
    invitations: count.invitations,
    events: eventIds
      .map((e) => {
        const row = eventsById.get(e.key);
        return {
          id: e.key,
          title: row?.title ?? '',
          startsAt: row ? new Date(row.starts_at).toISOString() : '',
          count: e.count,
        };
      })
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || b.count - a.count),
  };
}

/** Counts of 1–4 are shown like this in the funder report. */
export const SUPPRESSED = '< 5';

/** A count as the funder report shows it: 0 and 5 or more as such, 1–4 as "< 5". */
export function suppress(count: number): string {
  return count > 0 && count < 5 ? SUPPRESSED : String(count);
}

/**
 * A total over several cells, rounded to the nearest 10 so that a suppressed cell cannot be
 * worked out by subtracting the shown cells from it (a total below 5 is itself "< 5").
 */
export function roundedTotal(count: number): string {
  if (count === 0) return '0';
  if (count < 5) return SUPPRESSED;
  return String(Math.round(count / 10) * 10);
}

export interface FunderReport {
  period: { from: string; to: string; unit: 'month' | 'quarter' };
  provider: string | null;
  rows: { period: string; ageBand: string; situation: string; channel: string; count: string }[];
  totals: { period: string; count: string }[];
}

/**
 * Anonymous aggregates for funders: contacts per period × age band × situation × channel.
 * Only combinations that occurred are listed; 1–4 show as "< 5"; period totals are rounded to 10.
 */
export async function buildFunderReport(
  db: Db,
  ctx: RequestContext,
  query: FunderQuery,
): Promise<FunderReport> {
  checkRange(query.from, query.to);
  const scope = await resolveScope(db, ctx, query);
  const unit = query.period ?? 'quarter';
  const { start, end } = bounds(query.from, query.to);
  const step = unit === 'month' ? sql`interval '1 month'` : sql`interval '3 months'`;
  const label =
    unit === 'month' ? sql`to_char(p, 'YYYY-MM')` : sql`to_char(p, 'YYYY') || '-Q' || to_char(p, 'Q')`;
  // The periods' first instants in Helsinki time; width_bucket finds a contact's period by a
  // binary search instead of converting every contact to local time.
  const { rows } = await tuned(db, (trx) =>
    sql<{
      period: string;
      age_band: string;
      situation: string;
      channel: string;
      n: string | number;
    }>`
    with periods as (
      select array_agg(p at time zone ${REPORT_TIME_ZONE} order by p) as starts,
        array_agg(${label} order by p) as labels
      from generate_series(date_trunc(${unit}, ${query.from}::date::timestamp), ${query.to}::date::timestamp, ${step}) p
    ),
    counted as (
      select width_bucket(c.created_at, periods.starts) as bucket,
        coalesce(c.client_age_band, 'unknown') as age_band,
        coalesce(c.client_situation, 'unknown') as situation, c.channel, count(*) as n
      from conversations c, periods
      where c.created_at >= ${start} and c.created_at < ${end}
        ${scope.provider ? sql`and c.organisation_id = ${scope.provider}` : sql``}
      group by 1, 2, 3, 4
    )
    select periods.labels[counted.bucket] as period, age_band, situation, channel, n
    from counted, periods
    order by 1, 2, 3, 4`.execute(trx),
  );
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.period, (totals.get(row.period) ?? 0) + num(row.n));
  return {
    period: { from: query.from, to: query.to, unit },
    provider: scope.provider,
    rows: rows.map((r) => ({
      period: r.period,
      ageBand: r.age_band,
      situation: r.situation,
      channel: r.channel,
      count: suppress(num(r.n)),
    })),
    totals: [...totals].map(([period, n]) => ({ period, count: roundedTotal(n) })),
  };
}
