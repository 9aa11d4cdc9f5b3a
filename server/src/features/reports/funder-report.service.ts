/** The funder report: anonymous contact counts per period and client group, small counts suppressed. */
import type { Db } from '../../db/database-types.js';
import type { RequestContext } from '../../access/request-context.js';
import { num, tuned } from './contact-figures.service.js';
import { selectFunderCounts } from './report-contacts.repository.js';
import { checkRange, type FunderQuery } from './report-range.js';
import { planFor, type ReportOptions } from './report-rollup.js';
import { selectRollupGroups } from './report-rollup.repository.js';
import { resolveScope } from './report-scope.js';
import { municipalityMonths, type MunicipalityMonthRow } from './report-geography.repository.js';
import { regionClasses, type RegionClass } from './report-geography.service.js';
import { regionClassOf } from '../../conversations/about-you.js';
import { roundedTotal, suppress } from './report-suppression.js';
import { groupSessionMonths, type GroupSessionMonth } from './group-session-figures.js';
import { eventFormats, type EventFormat } from '../events/event-vocabulary.js';

export interface FunderReport {
  period: { from: string; to: string; unit: 'month' | 'quarter' };
  provider: string | null;
  rows: { period: string; ageBand: string; situation: string; channel: string; count: string }[];
  totals: { period: string; count: string }[];
  regions: { period: string; regionClass: RegionClass; channel: string; count: string }[];
  /** Group sessions held per period and format: their number, registrants with a place, attendance. */
  groupSessions: {
    period: string;
    format: EventFormat;
    sessions: number;
    registered: string;
    attended: string;
  }[];
}

/** A month (its first day) as a funder period: `2026-03`, or its quarter `2026-Q1`. */
function periodLabel(month: string, unit: 'month' | 'quarter'): string {
  const [year, m] = month.split('-') as [string, string];
  return unit === 'month' ? `${year}-${m}` : `${year}-Q${Math.ceil(Number(m) / 3)}`;
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
  const range = { from: query.from, to: query.to, provider: scope.provider };
  const [sessions, places, rolled, ...spans] = await Promise.all([
    groupSessionMonths(db, range),
    municipalityMonths(db, range, plan),
    plan.months.length > 0 ? selectRollupGroups(db, plan.months, scope.provider) : Promise.resolve([]),
    ...plan.spans.map((span) => tuned(db, (trx) => selectFunderCounts(trx, span, unit, scope.provider))),
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
    regions: regionRows(places, unit),
    groupSessions: sessionRows(sessions, unit),
  };
}

/** Sessions per period × format; the counts of people 1–4 as "< 5", like the contacts. */
function sessionRows(rows: GroupSessionMonth[], unit: 'month' | 'quarter'): FunderReport['groupSessions'] {
  const cells = new Map<string, GroupSessionMonth & { period: string }>();
  for (const row of rows) {
    const period = periodLabel(row.month, unit);
    const id = `${period}|${row.format}`;
    const cell = cells.get(id) ?? { ...row, period, events: 0, registered: 0, attended: 0 };
    cell.events += row.events;
    cell.registered += row.registered;
    cell.attended += row.attended;
    cells.set(id, cell);
  }
  const order = (f: EventFormat) => eventFormats.indexOf(f);
  return [...cells.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || order(a.format) - order(b.format))
    .map((c) => ({
      period: c.period,
      format: c.format,
      sessions: c.events,
      registered: suppress(c.registered),
      attended: suppress(c.attended),
    }));
}

/** Contacts per period × urban–rural class × channel; only combinations that occurred, 1–4 as "< 5". */
function regionRows(rows: MunicipalityMonthRow[], unit: 'month' | 'quarter'): FunderReport['regions'] {
  const cells = new Map<string, { period: string; regionClass: RegionClass; channel: string; n: number }>();
  for (const row of rows) {
    const period = periodLabel(row.month, unit);
    const regionClass = regionClassOf(row.municipality);
    const id = [period, regionClass, row.channel].join('|');
    const cell = cells.get(id) ?? { period, regionClass, channel: row.channel, n: 0 };
    cell.n += row.n;
    cells.set(id, cell);
  }
  const order = (c: RegionClass) => regionClasses.indexOf(c);
  return [...cells.values()]
    .sort(
      (a, b) =>
        a.period.localeCompare(b.period) ||
        order(a.regionClass) - order(b.regionClass) ||
        a.channel.localeCompare(b.channel),
    )
    .map((c) => ({ period: c.period, regionClass: c.regionClass, channel: c.channel, count: suppress(c.n) }));
}
