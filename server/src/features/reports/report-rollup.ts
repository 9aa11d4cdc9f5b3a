import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { helsinkiClock, SERVICE_TIME_ZONE } from '../../shared/helsinki-time.js';

/**
 * Monthly roll-ups for the reports.
 *
 * A month that has ended is summarised once into `report_month_counts`: per provider and channel,
 * the contacts per value of every dimension, per weekday × hour, per response-time and
 * handling-time bucket, abandoned chats, feedback scores and the funder's client groups. A year's
 * report then reads a few hundred thousand small rows instead of a million contacts, and only
 * the days outside whole rolled-up months (the current month, a period's partial first and last
 * month) are read from `conversations`.
 *
 * Counts from a roll-up are exact. Triggers (migration `report-rollup`) write a row to
 * `report_changes` for every change to a contact of an ended month; a month with such a row is
 * read from the contacts until the job has rolled it up again, so a report never shows figures
 * older than the data. Response and handling times are kept as counts per log-spaced bucket,
 * so percentiles over roll-ups are within {@link PERCENTILE_ACCURACY} of the exact value.
 */

/** Report days are Helsinki calendar days; the heat map is in Helsinki local time. */
export const REPORT_TIME_ZONE = SERVICE_TIME_ZONE;

/** The largest relative error of a percentile read from roll-up buckets (2 %). */
export const PERCENTILE_ACCURACY = 0.02;
/** Bucket b ≥ 1 holds the durations in [γ^(b−1), γ^b) seconds; bucket 0 holds those under 1 s. */
const GAMMA = (1 + PERCENTILE_ACCURACY) / (1 - PERCENTILE_ACCURACY);
const LN_GAMMA = Math.log(GAMMA);

/** A duration's bucket, in SQL; the same expression rolls up and reads the current month. */
export function durationBucket(seconds: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(case when ${seconds} < 1 then 0 else floor(ln(${seconds}) / ${sql.raw(
    LN_GAMMA.toPrecision(17),
  )})::int + 1 end)`;
}

/**
 * The value standing for a bucket: within PERCENTILE_ACCURACY of every duration in it
 * (2γ^b / (1 + γ) lies between γ^(b−1) and γ^b at that relative distance from both ends).
 */
export function bucketValue(bucket: number): number {
  return bucket <= 0 ? 0 : (2 * GAMMA ** bucket) / (1 + GAMMA);
}

/**
 * `percentile_cont` over a histogram of buckets: the values at the two ranks around p·(n−1),
 * interpolated linearly, each value being its bucket's representative.
 */
export function histogramPercentile(histogram: Map<number, number>, p: number): number | null {
  const buckets = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const position = p * (total - 1);
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (rank < seen) return bucketValue(bucket);
    }
    return bucketValue(buckets[buckets.length - 1]![0]);
  };
  const low = Math.floor(position);
  const lower = valueAt(low);
  const upper = valueAt(Math.ceil(position));
  return lower + (position - low) * (upper - lower);
}

/** Seconds to the first response of a contact (alias c); null when nobody answered. */
export const firstResponseSeconds = sql`(case when c.first_response_at is not null
  then greatest(0, date_part('epoch', c.first_response_at - c.created_at)) end)`;

/**
 * Seconds a closed contact was handled: from the first response to closing, or for face-to-face
 * contacts (logged as they happen) from creation to closing. date_part gives double precision;
 * extract() gives numeric, several times slower to sort.
 */
export const handlingSeconds = sql`(case
  when c.channel = 'in_person' and c.closed_at is not null
    then greatest(0, date_part('epoch', c.closed_at - c.created_at))
  when c.closed_at is not null and c.first_response_at is not null
    then greatest(0, date_part('epoch', c.closed_at - c.first_response_at)) end)`;

/** A chat whose visitor left while it was queued. */
export const abandonedChat = sql`(c.channel = 'chat' and c.outcome = 'client_left'
  and c.first_response_at is null)`;

/** Days as `YYYY-MM-DD`, counted in whole days (UTC dates, so no clock changes). */
const DAY = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const addDays = (day: string, days: number) => toDay(toTime(day) + days * DAY);
function nextMonth(month: string): string {
  const date = new Date(toTime(month));
  date.setUTCMonth(date.getUTCMonth() + 1);
  return toDay(date.getTime());
}

/** The first day of the Helsinki month an instant falls in. */
export function helsinkiMonth(instant: Date): string {
  return `${helsinkiClock(instant).day.slice(0, 8)}01`;
}

/** A run of Helsinki days, both inclusive, read from the contacts themselves. */
export interface DaySpan {
  from: string;
  to: string;
}
export interface PeriodPlan {
  /** Whole months read from the roll-up (first days, ascending). */
  months: string[];
  /** The rest of the period, read from `conversations`. */
  spans: DaySpan[];
}

/** The whole months inside a period of days. */
function wholeMonths(from: string, to: string): string[] {
  const months: string[] = [];
  let month = from.endsWith('-01') ? from : nextMonth(`${from.slice(0, 8)}01`);
  while (addDays(nextMonth(month), -1) <= to) {
    months.push(month);
    month = nextMonth(month);
  }
  return months;
}

/**
 * Splits a period into rolled-up months and spans of days to read from the contacts. Only
 * ended months that are rolled up and unchanged since are taken from the roll-up.
 */
export async function planPeriod(db: Db, from: string, to: string, now = new Date()): Promise<PeriodPlan> {
  const current = helsinkiMonth(now);
  const candidates = wholeMonths(from, to).filter((m) => m < current);
  if (candidates.length === 0) return { months: [], spans: [{ from, to }] };
  const { rows } = await sql<{ month: string }>`
    select m.month::text as month
    from report_months m
    where m.month in (${sql.join(candidates.map((c) => sql`${c}::date`))})
      and not exists (select 1 from report_changes c where c.month = m.month)
    order by m.month`.execute(db);
  const months = rows.map((r) => r.month);
  const spans: DaySpan[] = [];
  let cursor = from;
  for (const month of months) {
    if (cursor < month) spans.push({ from: cursor, to: addDays(month, -1) });
    cursor = nextMonth(month);
  }
  if (cursor <= to) spans.push({ from: cursor, to });
  return { months, spans };
}

/** The volume dimensions kept per month (besides the contacts per provider and channel). */
const rolledDimensions = [
  'topic',
  'language',
  'client_age_band',
  'client_situation',
  'assigned_staff_id',
  'event_id',
  'hour',
  'frt',
  'handling',
  'abandoned',
  'group',
] as const;

/** Rolls up one ended month, replacing what was there. False when another process holds it. */
export async function refreshMonth(db: Db, month: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ ok: boolean }>`
      select pg_try_advisory_xact_lock(hashtext(${`report_rollup:${month}`})) as ok`.execute(trx);
    if (!rows[0]?.ok) return false;
    await sql`set local work_mem = '64MB'`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    // First forget the changes seen so far: a change committed after this statement keeps its
    // row (this statement cannot see it), so the month will be rolled up again.
    await sql`delete from report_changes where month = ${month}::date`.execute(trx);
    await sql`delete from report_month_counts where month = ${month}::date`.execute(trx);
    const start = sql`(${month}::date::timestamp at time zone ${REPORT_TIME_ZONE})`;
    const end = sql`((${month}::date + interval '1 month')::timestamp at time zone ${REPORT_TIME_ZONE})`;
    const col = (d: string) => sql.ref(d);
    // Per provider: the contacts per channel, and every dimension per channel. For every
    // provider together ('*'): every dimension per channel, and the contacts per provider.
    const sets = [
      sql`(organisation_id, channel)`,
      ...rolledDimensions.map((d) => sql`(organisation_id, channel, ${col(d)})`),
      ...rolledDimensions.map((d) => sql`(channel, ${col(d)})`),
      sql`(channel, provider)`,
    ];
    await sql`
      insert into report_month_counts (month, provider, channel, dim, key, n)
      select ${month}::date,
        case when every_provider = 1 then '*' else coalesce(organisation_id::text, 'none') end,
        channel, dim, key, n
      from (
        select organisation_id, grouping(organisation_id) as every_provider, channel,
          case ${sql.join(
            rolledDimensions.map((d) => sql`when grouping(${col(d)}) = 0 then ${d}`),
            sql` `,
          )} when grouping(provider) = 0 then 'provider' else 'contacts' end as dim,
          coalesce(${sql.join(
            [...rolledDimensions, 'provider'].map((d) => sql`${col(d)}::text`),
            sql`, `,
          )}) as key,
          count(*)::int as n
        from (
          select c.organisation_id, coalesce(c.organisation_id::text, 'none') as provider, c.channel,
            c.topic, c.language, c.client_age_band, c.client_situation, c.assigned_staff_id, c.event_id,
            to_char(c.created_at at time zone ${REPORT_TIME_ZONE}, 'ID-HH24') as hour,
            ${durationBucket(firstResponseSeconds)} as frt,
            ${durationBucket(handlingSeconds)} as handling,
            case when ${abandonedChat} then 'yes' end as abandoned,
            coalesce(c.client_age_band, 'unknown') || '|' || coalesce(c.client_situation, 'unknown') as "group"
          from conversations c
          where c.created_at >= ${start} and c.created_at < ${end}
        ) t
        group by grouping sets (${sql.join(sets, sql`, `)})
      ) s
      where dim not in ('frt', 'handling', 'abandoned') or key is not null`.execute(trx);
    await sql`
      insert into report_month_counts (month, provider, channel, dim, key, n)
      select ${month}::date,
        case when grouping(c.organisation_id) = 1 then '*' else coalesce(c.organisation_id::text, 'none') end,
        c.channel, 'score', f.score::text, count(*)::int
      from conversation_feedback f join conversations c on c.id = f.conversation_id
      where c.created_at >= ${start} and c.created_at < ${end}
      group by grouping sets ((c.organisation_id, c.channel, f.score), (c.channel, f.score))`.execute(trx);
    await sql`
      insert into report_months (month, refreshed_at) values (${month}::date, now())
      on conflict (month) do update set refreshed_at = excluded.refreshed_at`.execute(trx);
    return true;
  });
}

/**
 * Rolls up every ended month that changed since its roll-up or was never rolled up (from the
 * month of the first contact). Run by the server every 15 seconds; returns the months it did.
 */
export async function refreshReportRollup(db: Db, now = new Date()): Promise<string[]> {
  const current = helsinkiMonth(now);
  const [changed, first, done] = await Promise.all([
    sql<{ month: string }>`
      select distinct month::text as month from report_changes where month < ${current}::date`.execute(db),
    sql<{ month: string | null }>`
      select date_trunc('month', min(created_at) at time zone ${REPORT_TIME_ZONE})::date::text as month
      from conversations`.execute(db),
    sql<{ month: string }>`select month::text as month from report_months`.execute(db),
  ]);
  const due = new Set(changed.rows.map((r) => r.month));
  const rolled = new Set(done.rows.map((r) => r.month));
  const firstMonth = first.rows[0]?.month;
  if (firstMonth) {
    for (let month = firstMonth; month < current; month = nextMonth(month)) {
      if (!rolled.has(month)) due.add(month);
    }
  }
  const refreshed: string[] = [];
  for (const month of [...due].sort()) {
    if (await refreshMonth(db, month)) refreshed.push(month);
  }
  // Fresh statistics let the planner hash the year's rows instead of sorting them (about half
  // the time of reading the roll-up).
  if (refreshed.length > 0) await sql`analyze report_month_counts`.execute(db);
  return refreshed;
}

export interface RollupRow {
  dim: string;
  key: string | null;
  channel: string | null;
  /** For `contacts`: the provider (an id or `none`). */
  provider: string | null;
  n: number;
}

/** The roll-up rows of one provider, or of every provider together. */
const providerRows = (provider: string | null) => sql`r.provider = ${provider ?? '*'}`;

/**
 * The rolled-up counts of some months, for every provider or one, every channel or one. The
 * channel is kept only where the report shows it per channel, the provider only for contacts.
 * For every provider, `provider` rows give the contacts per provider (key) and channel; for
 * one, `contacts` rows give its contacts per channel.
 */
export async function readRollup(
  db: Db,
  months: string[],
  provider: string | null,
  channel: string | undefined,
): Promise<RollupRow[]> {
  const { rows } = await sql<{
    dim: string;
    key: string | null;
    channel: string | null;
    provider: string | null;
    n: string | number;
  }>`
    select r.dim, r.key,
      case when r.dim in ('contacts', 'provider', 'frt', 'handling') then r.channel end as channel,
      case when r.dim = 'contacts' then r.provider end as provider,
      sum(r.n) as n
    from report_month_counts r
    where ${providerRows(provider)}
      and r.month in (${sql.join(months.map((m) => sql`${m}::date`))})
      and r.dim <> 'group'
      ${channel ? sql`and r.channel = ${channel}` : sql``}
    group by 1, 2, 3, 4`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The funder report's client groups of rolled-up months: per month, channel and group. */
export async function readRollupGroups(
  db: Db,
  months: string[],
  provider: string | null,
): Promise<{ month: string; channel: string; key: string; n: number }[]> {
  const { rows } = await sql<{ month: string; channel: string; key: string; n: string | number }>`
    select r.month::text as month, r.channel, r.key, sum(r.n) as n
    from report_month_counts r
    where ${providerRows(provider)}
      and r.month in (${sql.join(months.map((m) => sql`${m}::date`))})
      and r.dim = 'group'
    group by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
