/** The monthly roll-up's tables: `report_month_counts`, `report_months` and `report_changes`. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import {
  abandonedChat,
  durationBucket,
  firstResponseSeconds,
  handlingSeconds,
} from './report-contacts.repository.js';
import { REPORT_TIME_ZONE } from './report-period.js';

/** The ended months among some candidates that are rolled up and have not changed since. */
export async function selectFreshRolledMonths(db: Db, candidates: string[]): Promise<string[]> {
  const { rows } = await sql<{ month: string }>`
    select m.month::text as month
    from report_months m
    where m.month in (${sql.join(candidates.map((c) => sql`${c}::date`))})
      and not exists (select 1 from report_changes c where c.month = m.month)
    order by m.month`.execute(db);
  return rows.map((r) => r.month);
}

/** The months changed since their roll-up (triggers write `report_changes`), before a month. */
export async function selectChangedMonths(db: Db, before: string): Promise<string[]> {
  const { rows } = await sql<{ month: string }>`
    select distinct month::text as month from report_changes where month < ${before}::date`.execute(db);
  return rows.map((r) => r.month);
}

/** The Helsinki month of the first contact, or null when there is none. */
export async function selectFirstContactMonth(db: Db): Promise<string | null> {
  const { rows } = await sql<{ month: string | null }>`
    select date_trunc('month', min(created_at) at time zone ${REPORT_TIME_ZONE})::date::text as month
    from conversations`.execute(db);
  return rows[0]?.month ?? null;
}

/** Every month rolled up so far. */
export async function selectRolledMonths(db: Db): Promise<string[]> {
  const { rows } = await sql<{ month: string }>`select month::text as month from report_months`.execute(db);
  return rows.map((r) => r.month);
}

/** Takes a month's roll-up lock for the transaction; false when another process holds it. */
export async function tryLockRollupMonth(trx: Db, month: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    select pg_try_advisory_xact_lock(hashtext(${`report_rollup:${month}`})) as ok`.execute(trx);
  return !!rows[0]?.ok;
}

/** Forgets the changes to a month seen so far. */
export async function deleteMonthChanges(trx: Db, month: string): Promise<void> {
  await sql`delete from report_changes where month = ${month}::date`.execute(trx);
}

/** Removes a month's rolled-up counts. */
export async function deleteMonthCounts(trx: Db, month: string): Promise<void> {
  await sql`delete from report_month_counts where month = ${month}::date`.execute(trx);
}

/** The first instant of a Helsinki month, and of the month after. */
function monthBounds(month: string) {
  return {
    start: sql`(${month}::date::timestamp at time zone ${REPORT_TIME_ZONE})`,
    end: sql`((${month}::date + interval '1 month')::timestamp at time zone ${REPORT_TIME_ZONE})`,
  };
}

/** The volume dimensions kept per month (besides the contacts per provider and channel). */
const rolledDimensions = [
  'topic',
  'language',
  'client_age_band',
  'client_situation',
  'client_municipality',
  'assigned_staff_id',
  'event_id',
  'hour',
  'frt',
  'handling',
  'abandoned',
  'group',
] as const;

/** Counts a month's contacts into `report_month_counts`, per provider and for all together. */
export async function insertMonthCounts(trx: Db, month: string): Promise<void> {
  const { start, end } = monthBounds(month);
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
          c.topic, c.language, c.client_age_band, c.client_situation, c.client_municipality,
          c.assigned_staff_id, c.event_id,
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
}

/** Counts the feedback scores on a month's contacts into `report_month_counts` (dim `score`). */
export async function insertMonthScores(trx: Db, month: string): Promise<void> {
  const { start, end } = monthBounds(month);
  await sql`
    insert into report_month_counts (month, provider, channel, dim, key, n)
    select ${month}::date,
      case when grouping(c.organisation_id) = 1 then '*' else coalesce(c.organisation_id::text, 'none') end,
      c.channel, 'score', f.score::text, count(*)::int
    from conversation_feedback f join conversations c on c.id = f.conversation_id
    where c.created_at >= ${start} and c.created_at < ${end}
    group by grouping sets ((c.organisation_id, c.channel, f.score), (c.channel, f.score))`.execute(trx);
}

/** Marks a month as rolled up now. */
export async function upsertRolledMonth(trx: Db, month: string): Promise<void> {
  await sql`
    insert into report_months (month, refreshed_at) values (${month}::date, now())
    on conflict (month) do update set refreshed_at = excluded.refreshed_at`.execute(trx);
}

/** Refreshes the planner's statistics of the roll-up. */
export async function analyzeMonthCounts(db: Db): Promise<void> {
  await sql`analyze report_month_counts`.execute(db);
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
export async function selectRollupCounts(
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
export async function selectRollupGroups(
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

/** Rolled-up contacts per month, home municipality (null: not given) and channel: the reach figures. */
export async function selectRollupMunicipalities(
  db: Db,
  months: string[],
  provider: string | null,
  channel: string | undefined,
): Promise<{ month: string; municipality: string | null; channel: string; n: number }[]> {
  const { rows } = await sql<{
    month: string;
    municipality: string | null;
    channel: string;
    n: string | number;
  }>`
    select to_char(r.month, 'YYYY-MM') as month, r.key as municipality, r.channel, sum(r.n) as n
    from report_month_counts r
    where ${providerRows(provider)}
      and r.month in (${sql.join(months.map((m) => sql`${m}::date`))})
      and r.dim = 'client_municipality'
      ${channel ? sql`and r.channel = ${channel}` : sql``}
    group by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
