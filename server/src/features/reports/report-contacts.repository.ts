/** The reports' queries over the contacts themselves (`conversations`), and the SQL measures they share with the roll-up. */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { LN_GAMMA } from './report-buckets.js';
import { REPORT_TIME_ZONE, type DaySpan } from './report-period.js';

/** A duration's bucket, in SQL; the same expression rolls up and reads the current month. */
export function durationBucket(seconds: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(case when ${seconds} < 1 then 0 else floor(ln(${seconds}) / ${sql.raw(
    LN_GAMMA.toPrecision(17),
  )})::int + 1 end)`;
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

/** The first instant of a Helsinki day, and of the day after the last. */
export function dayBounds(from: string, to: string) {
  return {
    start: sql`(${from}::date::timestamp at time zone ${REPORT_TIME_ZONE})`,
    end: sql`((${to}::date + 1)::timestamp at time zone ${REPORT_TIME_ZONE})`,
  };
}

/**
 * Runs in a report's transaction: room to sort a year of durations in memory (work_mem) and no
 * JIT compilation, which costs more than it saves on these one-off scans. SET LOCAL ends with
 * the transaction, so pooled connections keep their defaults.
 */
export async function setReportTuning(trx: Db): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`set local jit = off`.execute(trx);
}

/** Which contacts a report reads: Helsinki days (both inclusive), the provider, the filters. */
export interface ContactFilter extends DaySpan {
  /** Null: every provider. */
  provider: string | null;
  channel?: string | undefined;
  topic?: string | undefined;
  language?: string | undefined;
  staff?: string | undefined;
  ageBand?: string | undefined;
  situation?: string | undefined;
}

/** The conditions every conversation query of the report shares (alias c). */
export function contactConditions(filter: ContactFilter): RawBuilder<unknown> {
  const { start, end } = dayBounds(filter.from, filter.to);
  const parts: RawBuilder<unknown>[] = [sql`c.created_at >= ${start}`, sql`c.created_at < ${end}`];
  if (filter.provider) parts.push(sql`c.organisation_id = ${filter.provider}`);
  if (filter.channel) parts.push(sql`c.channel = ${filter.channel}`);
  if (filter.topic) parts.push(sql`c.topic = ${filter.topic}`);
  if (filter.language) parts.push(sql`c.language = ${filter.language}`);
  if (filter.staff) parts.push(sql`c.assigned_staff_id = ${filter.staff}`);
  if (filter.ageBand) parts.push(sql`c.client_age_band = ${filter.ageBand}`);
  if (filter.situation) parts.push(sql`c.client_situation = ${filter.situation}`);
  return sql.join(parts, sql` and `);
}

/** The dimensions of the volume query (columns of `conversations`). */
export const volumeDimensions = [
  'channel',
  'topic',
  'language',
  'organisation_id',
  'client_age_band',
  'client_situation',
  'assigned_staff_id',
  'event_id',
] as const;
export type VolumeDimension = (typeof volumeDimensions)[number];

/**
 * Contacts per value of every dimension, in one scan: one row per dimension and value (null:
 * contacts without one). Every set is hashed: the empty set `()` would make PostgreSQL sort
 * the whole period instead (the total is the sum over channels, which every contact has).
 */
export async function selectVolumeCounts(
  db: Db,
  filter: ContactFilter,
): Promise<{ dim: VolumeDimension; key: unknown; n: string | number }[]> {
  const groupings = sql.join(
    volumeDimensions.map((d) => sql`grouping(${sql.ref(d)}) as ${sql.ref(`g_${d}`)}`),
    sql`, `,
  );
  const { rows } = await sql<{ [key: string]: unknown; n: string | number }>`
    select ${sql.join(
      volumeDimensions.map((d) => sql.ref(`c.${d}`)),
      sql`, `,
    )}, ${groupings}, count(*) as n
    from conversations c
    where ${contactConditions(filter)}
    group by grouping sets (${sql.join(
      volumeDimensions.map((d) => sql`(${sql.ref(`c.${d}`)})`),
      sql`, `,
    )})`.execute(db);
  return rows.flatMap((row) => {
    const dim = volumeDimensions.find((d) => Number(row[`g_${d}`] ?? 0) === 0);
    return dim ? [{ dim, key: row[dim], n: row.n }] : [];
  });
}

/**
 * Contacts per ISO weekday (1 = Monday) and hour in Helsinki time. Counted per UTC hour first
 * (plain arithmetic per row), then at most one row per hour of the period is converted to
 * local time: Helsinki's offsets are whole hours, so an hour maps to exactly one local hour.
 */
export async function selectHourCounts(db: Db, filter: ContactFilter) {
  const { rows } = await sql<{ dow: number; hr: number; n: string | number }>`
    select extract(isodow from h at time zone ${REPORT_TIME_ZONE})::int as dow,
      extract(hour from h at time zone ${REPORT_TIME_ZONE})::int as hr, sum(n) as n
    from (
      select date_bin('1 hour', c.created_at, timestamptz '2000-01-01 00:00:00+00') as h, count(*) as n
      from conversations c
      where ${contactConditions(filter)}
      group by 1
    ) hours
    group by 1, 2`.execute(db);
  return rows;
}

/**
 * Response and handling times per channel and for every channel together (`g` = 1), as
 * p50 / p90 pairs, with the chats and the chats abandoned in the queue. First response:
 * first_response_at − created_at of contacts answered. Handling: closed_at − first_response_at
 * (closed_at − created_at for face-to-face contacts) of closed contacts. Abandoned: chats the
 * visitor left while queued (outcome client_left, never answered).
 */
export async function selectTimings(db: Db, filter: ContactFilter) {
  const { rows } = await sql<{
    channel: string | null;
    g: number | string;
    responded: string | number;
    frt: (number | string)[] | null;
    handled: string | number;
    handling: (number | string)[] | null;
    chats: string | number;
    abandoned: string | number;
  }>`
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
      where ${contactConditions(filter)}
    ) t
    group by grouping sets ((), (channel))`.execute(db);
  return rows;
}

/**
 * Feedback scores on the contacts. Feedback is always given after its contact was created, so
 * only feedback given since `since` (the first day of the period) is looked at: an index
 * range, instead of every rating ever given.
 */
export async function selectScoreCounts(db: Db, filter: ContactFilter, since: string) {
  const { rows } = await sql<{ score: number; n: string | number }>`
    select f.score, count(*) as n
    from conversation_feedback f join conversations c on c.id = f.conversation_id
    where ${contactConditions(filter)} and f.created_at >= ${dayBounds(since, since).start}
    group by f.score`.execute(db);
  return rows;
}

/**
 * Response and handling times as counts per bucket (the roll-up's buckets) per channel
 * (`frt`, `handling`), plus the chats abandoned in the queue (`abandoned`, bucket 0).
 */
export async function selectDurationBuckets(db: Db, filter: ContactFilter) {
  const { rows } = await sql<{ metric: string; channel: string; bucket: number; n: string | number }>`
    with t as (
      select c.channel, ${firstResponseSeconds} as frt, ${handlingSeconds} as handling,
        ${abandonedChat} as abandoned
      from conversations c
      where ${contactConditions(filter)}
    )
    select 'frt' as metric, channel, ${durationBucket(sql`frt`)} as bucket, count(*) as n
      from t where frt is not null group by 2, 3
    union all
    select 'handling', channel, ${durationBucket(sql`handling`)}, count(*)
      from t where handling is not null group by 2, 3
    union all
    select 'abandoned', channel, 0, count(*) from t where abandoned group by 2`.execute(db);
  return rows;
}

/**
 * Contacts of a span of days per period (labelled `2026-03` or `2026-Q1`) × age band ×
 * situation × channel, `unknown` for a missing client group.
 */
export async function selectFunderCounts(
  db: Db,
  span: DaySpan,
  unit: 'month' | 'quarter',
  provider: string | null,
) {
  const { start, end } = dayBounds(span.from, span.to);
  const step = unit === 'month' ? sql`interval '1 month'` : sql`interval '3 months'`;
  const label =
    unit === 'month' ? sql`to_char(p, 'YYYY-MM')` : sql`to_char(p, 'YYYY') || '-Q' || to_char(p, 'Q')`;
  // The periods' first instants in Helsinki time; width_bucket finds a contact's period by a
  // binary search instead of converting every contact to local time.
  const { rows } = await sql<{
    period: string;
    age_band: string;
    situation: string;
    channel: string;
    n: string | number;
  }>`
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
    from counted, periods`.execute(db);
  return rows;
}
