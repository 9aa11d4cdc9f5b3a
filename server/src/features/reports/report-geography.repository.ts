/** Contacts by the client's home municipality: read from the contacts, per Helsinki month and channel. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { contactConditions, type ContactFilter } from './report-contacts.repository.js';
import { REPORT_TIME_ZONE } from './report-period.js';
import type { PeriodPlan } from './report-period.js';
import { selectRollupMunicipalities } from './report-rollup.repository.js';

export interface MunicipalityMonthRow {
  /** `2026-03` */
  month: string;
  /** Null: not given. */
  municipality: string | null;
  channel: string;
  n: number;
}

/**
 * Contacts per Helsinki month × home municipality × channel within a report's filter, read from
 * the contacts: the days the roll-up does not cover (see municipalityMonths).
 */
export async function selectMunicipalityMonths(
  db: Db,
  filter: ContactFilter,
): Promise<MunicipalityMonthRow[]> {
  const { rows } = await sql<{
    month: string;
    municipality: string | null;
    channel: string;
    n: string | number;
  }>`
    select to_char(c.created_at at time zone ${REPORT_TIME_ZONE}, 'YYYY-MM') as month,
      c.client_municipality as municipality, c.channel, count(*) as n
    from conversations c
    where ${contactConditions(filter)}
    group by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * The same for a period as planned: rolled-up months from the roll-up, the other days (and every
 * filtered period) from the contacts.
 */
export async function municipalityMonths(
  db: Db,
  filter: ContactFilter,
  plan: PeriodPlan,
): Promise<MunicipalityMonthRow[]> {
  const [rolled, ...spans] = await Promise.all([
    plan.months.length > 0
      ? selectRollupMunicipalities(db, plan.months, filter.provider, filter.channel)
      : Promise.resolve([]),
    ...plan.spans.map((span) => selectMunicipalityMonths(db, { ...filter, from: span.from, to: span.to })),
  ]);
  return [...rolled, ...spans.flat()];
}
