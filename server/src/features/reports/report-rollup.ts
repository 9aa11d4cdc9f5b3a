import type { Db } from '../../db/database-types.js';
import { setReportTuning } from './report-contacts.repository.js';
import { helsinkiMonth, nextMonth, splitPeriod, wholeMonths, type PeriodPlan } from './report-period.js';
import {
  analyzeMonthCounts,
  deleteMonthChanges,
  deleteMonthCounts,
  insertMonthCounts,
  insertMonthScores,
  selectChangedMonths,
  selectFirstContactMonth,
  selectFreshRolledMonths,
  selectRolledMonths,
  tryLockRollupMonth,
  upsertRolledMonth,
} from './report-rollup.repository.js';

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
 * older than the data. Response and handling times are kept as counts per log-spaced bucket
 * (`report-buckets.ts`), so percentiles over roll-ups are within PERCENTILE_ACCURACY of the
 * exact value.
 */

/**
 * Splits a period into rolled-up months and spans of days to read from the contacts. Only
 * ended months that are rolled up and unchanged since are taken from the roll-up.
 */
export async function planPeriod(db: Db, from: string, to: string, now = new Date()): Promise<PeriodPlan> {
  const current = helsinkiMonth(now);
  const candidates = wholeMonths(from, to).filter((m) => m < current);
  if (candidates.length === 0) return { months: [], spans: [{ from, to }] };
  return splitPeriod(from, to, await selectFreshRolledMonths(db, candidates));
}

export interface ReportOptions {
  /** The moment that decides which months have ended (default: now). */
  now?: Date;
  /** False reads every day from the contacts (exact percentiles too); for comparisons. */
  rollup?: boolean;
}

/** Which months of a period come from the roll-up (none when it is off) and which days not. */
export function planFor(
  db: Db,
  period: { from: string; to: string },
  options: ReportOptions,
): Promise<PeriodPlan> {
  if (options.rollup === false)
    return Promise.resolve({ months: [], spans: [{ from: period.from, to: period.to }] });
  return planPeriod(db, period.from, period.to, options.now);
}

/** Rolls up one ended month, replacing what was there. False when another process holds it. */
export async function refreshMonth(db: Db, month: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if (!(await tryLockRollupMonth(trx, month))) return false;
    await setReportTuning(trx);
    // First forget the changes seen so far: a change committed after this statement keeps its
    // row (this statement cannot see it), so the month will be rolled up again.
    await deleteMonthChanges(trx, month);
    await deleteMonthCounts(trx, month);
    await insertMonthCounts(trx, month);
    await insertMonthScores(trx, month);
    await upsertRolledMonth(trx, month);
    return true;
  });
}

/**
 * Rolls up every ended month that changed since its roll-up or was never rolled up (from the
 * month of the first contact). Run by the server every 15 seconds; returns the months it did.
 */
export async function refreshReportRollup(db: Db, now = new Date()): Promise<string[]> {
  const current = helsinkiMonth(now);
  const [changed, firstMonth, done] = await Promise.all([
    selectChangedMonths(db, current),
    selectFirstContactMonth(db),
    selectRolledMonths(db),
  ]);
  const due = new Set(changed);
  const rolled = new Set(done);
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
  if (refreshed.length > 0) await analyzeMonthCounts(db);
  return refreshed;
}
