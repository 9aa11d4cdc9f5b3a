import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { StaffActor } from '../../access/actor.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { checkRange, type FunderQuery, type ReportQuery } from './report-range.js';
import {
  abandonedChat,
  durationBucket,
  firstResponseSeconds,
  handlingSeconds,
  histogramPercentile,
  PERCENTILE_ACCURACY,
  planPeriod,
  readRollup,
  readRollupGroups,
  REPORT_TIME_ZONE,
  type DaySpan,
  type PeriodPlan,
} from './report-rollup.js';

export { REPORT_TIME_ZONE } from './report-rollup.js';
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
  /**
   * Whole ended months read from the monthly roll-up. When there are any, the p50 / p90 times
   * come from its buckets and lie within `percentileAccuracy` (a share) of the exact value;
   * every count is exact either way.
   */
  precision: { rolledUpMonths: number; percentileAccuracy: number | null };
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
function conversationFilter(query: ReportQuery, scope: Scope, span: DaySpan = query): RawBuilder<unknown> {
  const { start, end } = bounds(span.from, span.to);
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
/** Timings in report order: `all` first, then the channels alphabetically. */
const byChannel = (a: Timing, b: Timing) =>
  (a.channel === 'all' ? '' : a.channel).localeCompare(b.channel === 'all' ? '' : b.channel);
type Scores = [number, number, number, number, number];
/** The satisfaction figures of a count per score 1–5: total and mean (2 decimals). */
function satisfactionOf(counts: Scores): Report['satisfaction'] {
  const total = counts.reduce((a, b) => a + b, 0);
  const sum = counts.reduce((a, n, i) => a + n * (i + 1), 0);
  return { counts, total, mean: total > 0 ? Math.round((sum / total) * 100) / 100 : null };
}

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
        ${firstResponseSeconds} as frt,
        ${handlingSeconds} as handling
      from conversations c
      where ${filter}
    ) t
    group by grouping sets ((), (channel))`.execute(db);
  const firstResponse: Timing[] = [];
  const handling: Timing[] = [];
  let abandoned = { chats: 0, abandoned: 0, share: null as number | null };
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
  return { firstResponse: firstResponse.sort(byChannel), handling: handling.sort(byChannel), abandoned };
}

/**
 * Feedback on the period's contacts. Feedback is always given after its contact was created,
 * so only feedback given since the period began is looked at (an index range, instead of
 * every rating ever given).
 */
async function satisfaction(
  db: Db,
  filter: RawBuilder<unknown>,
  since: string,
): Promise<Report['satisfaction']> {
  const { rows } = await sql<{ score: number; n: string | number }>`
    select f.score, count(*) as n
    from conversation_feedback f join conversations c on c.id = f.conversation_id
    where ${filter} and f.created_at >= ${bounds(since, since).start}
    group by f.score`.execute(db);
  const counts: Scores = [0, 0, 0, 0, 0];
  for (const row of rows) counts[Number(row.score) - 1] = num(row.n);
  return satisfactionOf(counts);
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

export interface ReportOptions {
  /** The moment that decides which months have ended (default: now). */
  now?: Date;
  /** False reads every day from the contacts (exact percentiles too); for comparisons. */
  rollup?: boolean;
}

/** Which months of a period come from the roll-up (none when it is off) and which days not. */
function planFor(db: Db, period: { from: string; to: string }, options: ReportOptions): Promise<PeriodPlan> {
  if (options.rollup === false)
    return Promise.resolve({ months: [], spans: [{ from: period.from, to: period.to }] });
  return planPeriod(db, period.from, period.to, options.now);
}

interface ContactFigures {
  counts: Record<Dimension, Count[]>;
  total: number;
  heat: number[][];
  timing: Awaited<ReturnType<typeof timings>>;
  sat: Report['satisfaction'];
}

/** Exact figures straight from the contacts of one span of days. */
async function contactFigures(db: Db, filter: RawBuilder<unknown>, since: string): Promise<ContactFigures> {
  const [volume, heat, timing, sat] = await Promise.all([
    tuned(db, (trx) => volumes(trx, filter)),
    tuned(db, (trx) => heatmap(trx, filter)),
    tuned(db, (trx) => timings(trx, filter)),
    tuned(db, (trx) => satisfaction(trx, filter, since)),
  ]);
  return { counts: volume.counts, total: volume.total, heat, timing, sat };
}

/**
 * Response and handling times of a span as counts per bucket (the roll-up's buckets), per
 * channel, plus the chats abandoned in the queue.
 */
async function durationBuckets(db: Db, filter: RawBuilder<unknown>) {
  const { rows } = await sql<{ metric: string; channel: string; bucket: number; n: string | number }>`
    with t as (
      select c.channel, ${firstResponseSeconds} as frt, ${handlingSeconds} as handling,
        ${abandonedChat} as abandoned
      from conversations c
      where ${filter}
    )
    select 'frt' as metric, channel, ${durationBucket(sql`frt`)} as bucket, count(*) as n
      from t where frt is not null group by 2, 3
    union all
    select 'handling', channel, ${durationBucket(sql`handling`)}, count(*)
      from t where handling is not null group by 2, 3
    union all
    select 'abandoned', channel, 0, count(*) from t where abandoned group by 2`.execute(db);
  return rows.map((r) => ({ ...r, bucket: Number(r.bucket), n: num(r.n) }));
}

/** Adds to a count per key. */
function add(map: Map<string, number>, key: string, n: number) {
  map.set(key, (map.get(key) ?? 0) + n);
}

/**
 * Figures of a period that includes rolled-up months: their counts from the roll-up, the other
 * days from the contacts, added up. Counts are exact; percentiles come from the merged buckets.
 */
async function plannedFigures(
  db: Db,
  query: ReportQuery,
  scope: Scope,
  plan: PeriodPlan,
): Promise<ContactFigures> {
  const filters = plan.spans.map((span) => conversationFilter(query, scope, span));
  const [rolled, ...spans] = await Promise.all([
    tuned(db, (trx) => readRollup(trx, plan.months, scope.provider, query.channel)),
    ...filters.map(async (filter, i) => {
      const [volume, heat, buckets, sat] = await Promise.all([
        tuned(db, (trx) => volumes(trx, filter)),
        tuned(db, (trx) => heatmap(trx, filter)),
        tuned(db, (trx) => durationBuckets(trx, filter)),
        tuned(db, (trx) => satisfaction(trx, filter, plan.spans[i]!.from)),
      ]);
      return { volume, heat, buckets, sat };
    }),
  ]);
  const counts = Object.fromEntries(dimensions.map((d) => [d, new Map<string, number>()])) as Record<
    Dimension,
    Map<string, number>
  >;
  const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const histograms = {
    frt: new Map<string, Map<number, number>>(),
    handling: new Map<string, Map<number, number>>(),
  };
  const bucketAdd = (metric: 'frt' | 'handling', channel: string, bucket: number, n: number) => {
    for (const key of [channel, 'all']) {
      const histogram = histograms[metric].get(key) ?? new Map<number, number>();
      histogram.set(bucket, (histogram.get(bucket) ?? 0) + n);
      histograms[metric].set(key, histogram);
    }
  };
  const scores: Scores = [0, 0, 0, 0, 0];
  let abandoned = 0;
  for (const row of rolled) {
    const key = row.key ?? 'none';
    if (row.dim === 'contacts' || row.dim === 'provider') {
      add(counts.channel, row.channel!, row.n);
      add(counts.organisation_id, (row.dim === 'contacts' ? row.provider : row.key) ?? 'none', row.n);
    } else if (row.dim === 'hour') {
      const [dow, hour] = key.split('-').map(Number) as [number, number];
      const cells = heat[dow - 1]!;
      cells[hour] = (cells[hour] ?? 0) + row.n;
    } else if (row.dim === 'frt' || row.dim === 'handling') {
      bucketAdd(row.dim, row.channel!, Number(key), row.n);
    } else if (row.dim === 'abandoned') {
      abandoned += row.n;
    } else if (row.dim === 'score') {
      const score = Number(key) - 1;
      scores[score] = (scores[score] ?? 0) + row.n;
    } else if ((dimensions as readonly string[]).includes(row.dim)) {
      add(counts[row.dim as Dimension], key, row.n);
    }
  }
  for (const span of spans) {
    for (const d of dimensions) for (const c of span.volume.counts[d]) add(counts[d], c.key, c.count);
    span.heat.forEach((day, dow) => {
      const cells = heat[dow]!;
      day.forEach((n, hour) => (cells[hour] = (cells[hour] ?? 0) + n));
    });
    for (const b of span.buckets) {
      if (b.metric === 'abandoned') abandoned += b.n;
      else bucketAdd(b.metric as 'frt' | 'handling', b.channel, b.bucket, b.n);
    }
    span.sat.counts.forEach((n, i) => (scores[i] = (scores[i] ?? 0) + n));
  }
  const listed = Object.fromEntries(
    dimensions.map((d) => [d, [...counts[d]].map(([key, count]) => ({ key, count })).sort(byCountDesc)]),
  ) as Record<Dimension, Count[]>;
  const timingsOf = (metric: 'frt' | 'handling'): Timing[] => {
    const list: Timing[] = [];
    if (!histograms[metric].has('all')) list.push({ channel: 'all', count: 0, p50: null, p90: null });
    for (const [channel, histogram] of histograms[metric]) {
      const p50 = histogramPercentile(histogram, 0.5);
      const p90 = histogramPercentile(histogram, 0.9);
      list.push({
        channel,
        count: [...histogram.values()].reduce((a, b) => a + b, 0),
        p50: p50 === null ? null : Math.round(p50),
        p90: p90 === null ? null : Math.round(p90),
      });
    }
    return list.sort(byChannel);
  };
  const chats = counts.channel.get('chat') ?? 0;
  return {
    counts: listed,
    total: listed.channel.reduce((a, c) => a + c.count, 0),
    heat,
    timing: {
      firstResponse: timingsOf('frt'),
      handling: timingsOf('handling'),
      abandoned: { chats, abandoned, share: chats > 0 ? abandoned / chats : null },
    },
    sat: satisfactionOf(scores),
  };
}

/**
 * Every metric of the console's report for one period and filter set. Whole ended months come
 * from the monthly roll-up when the filters are ones it keeps (provider and channel); every
 * other day, and every period filtered by topic, language, counsellor or client group, is read
 * from the contacts, so every count is exact and current.
 */
export async function buildReport(
  db: Db,
  ctx: RequestContext,
  query: ReportQuery,
  options: ReportOptions = {},
): Promise<Report> {
  checkRange(query.from, query.to);
  const scope = await resolveScope(db, ctx, query);
  // The roll-up keeps provider and channel; any other filter reads the contacts.
  const kept = !query.topic && !query.language && !query.staff && !query.ageBand && !query.situation;
  const plan = await planFor(db, query, kept ? options : { ...options, rollup: false });
  const [figures, arts, count] = await Promise.all([
    plan.months.length > 0
      ? plannedFigures(db, query, scope, plan)
      : contactFigures(db, conversationFilter(query, scope), query.from),
    articles(db, query.from, query.to),
    counters(db, query.from, query.to),
  ]);
  const volume = { counts: figures.counts, total: figures.total };
  const { heat, timing, sat } = figures;
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
    precision: {
      rolledUpMonths: plan.months.length,
      percentileAccuracy: plan.months.length > 0 ? PERCENTILE_ACCURACY : null,
    },
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

/** A month (its first day) as a funder period: `2026-03`, or its quarter `2026-Q1`. */
function periodLabel(month: string, unit: 'month' | 'quarter'): string {
  const [year, m] = month.split('-') as [string, string];
  return unit === 'month' ? `${year}-${m}` : `${year}-Q${Math.ceil(Number(m) / 3)}`;
}

/** Contacts of a span of days per period × age band × situation × channel, from the contacts. */
async function funderCounts(db: Db, span: DaySpan, unit: 'month' | 'quarter', provider: string | null) {
  const { start, end } = bounds(span.from, span.to);
  const step = unit === 'month' ? sql`interval '1 month'` : sql`interval '3 months'`;
  const label =
    unit === 'month' ? sql`to_char(p, 'YYYY-MM')` : sql`to_char(p, 'YYYY') || '-Q' || to_char(p, 'Q')`;
  // The periods' first instants in Helsinki time; width_bucket finds a contact's period by a
  // binary search instead of converting every contact to local time.
  const { rows } = await tuned(db, (trx) =>
    sql<{ period: string; age_band: string; situation: string; channel: string; n: string | number }>`
    with periods as (
      select array_agg(p at time zone ${REPORT_TIME_ZONE} order by p) as starts,
        array_agg(${label} order by p) as labels
      from generate_series(date_trunc(${unit}, ${span.from}::date::timestamp), ${span.to}::date::timestamp, ${step}) p
    ),
    counted as (
      select width_bucket(c.created_at, periods.starts) as bucket,
        coalesce(c.client_age_band, 'unknown') as age_band,
        coalesce(c.client_situation, 'unknown') as situation, c.channel, count(*) as n
      from conversations c, periods
      where c.created_at >= ${start} and c.created_at < ${end}
        ${provider ? sql`and c.organisation_id = ${provider}` : sql``}
      group by 1, 2, 3, 4
    )
    select periods.labels[counted.bucket] as period, age_band, situation, channel, n
    from counted, periods`.execute(trx),
  );
  return rows;
}

/**
 * Anonymous aggregates for funders: contacts per period × age band × situation × channel.
 * Only combinations that occurred are listed; 1–4 show as "< 5"; period totals are rounded to 10.
 */
export async function buildFunderReport(
  db: Db,
  ctx: RequestContext,
  query: FunderQuery,
  options: ReportOptions = {},
): Promise<FunderReport> {
  checkRange(query.from, query.to);
  const scope = await resolveScope(db, ctx, query);
  const unit = query.period ?? 'quarter';
  const plan = await planFor(db, query, options);
  const [rolled, ...spans] = await Promise.all([
    plan.months.length > 0 ? readRollupGroups(db, plan.months, scope.provider) : Promise.resolve([]),
    ...plan.spans.map((span) => funderCounts(db, span, unit, scope.provider)),
  ]);
  const cells = new Map<
    string,
    { period: string; age_band: string; situation: string; channel: string; n: number }
  >();
  const addCell = (period: string, ageBand: string, situation: string, channel: string, n: number) => {
    const id = [period, ageBand, situation, channel].join('|');
    const cell = cells.get(id) ?? { period, age_band: ageBand, situation, channel, n: 0 };
    cell.n += n;
    cells.set(id, cell);
  };
  for (const row of rolled) {
    const [ageBand = 'unknown', situation = 'unknown'] = row.key.split('|');
    addCell(periodLabel(row.month, unit), ageBand, situation, row.channel, row.n);
  }
  for (const span of spans)
    for (const r of span) addCell(r.period, r.age_band, r.situation, r.channel, num(r.n));
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const rows = [...cells.values()].sort(
    (a, b) =>
      byText(a.period, b.period) ||
      byText(a.age_band, b.age_band) ||
      byText(a.situation, b.situation) ||
      byText(a.channel, b.channel),
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
