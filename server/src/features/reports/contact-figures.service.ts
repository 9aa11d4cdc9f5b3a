/** Exact report figures read straight from the contacts of one span of days. */
import type { Db } from '../../db/database-types.js';
import {
  selectHourCounts,
  selectScoreCounts,
  selectTimings,
  selectVolumeCounts,
  setReportTuning,
  volumeDimensions,
  type ContactFilter,
  type VolumeDimension,
} from './report-contacts.repository.js';

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
export type Scores = [number, number, number, number, number];
export interface Satisfaction {
  counts: Scores;
  total: number;
  mean: number | null;
}
export interface Abandoned {
  chats: number;
  abandoned: number;
  share: number | null;
}

export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const seconds = (value: unknown): number | null =>
  value === null || value === undefined ? null : Math.round(Number(value));
export const byCountDesc = (a: Count, b: Count) => b.count - a.count || a.key.localeCompare(b.key);
/** Timings in report order: `all` first, then the channels alphabetically. */
export const byChannel = (a: Timing, b: Timing) =>
  (a.channel === 'all' ? '' : a.channel).localeCompare(b.channel === 'all' ? '' : b.channel);

/** The satisfaction figures of a count per score 1–5: total and mean (2 decimals). */
export function satisfactionOf(counts: Scores): Satisfaction {
  const total = counts.reduce((a, b) => a + b, 0);
  const sum = counts.reduce((a, n, i) => a + n * (i + 1), 0);
  return { counts, total, mean: total > 0 ? Math.round((sum / total) * 100) / 100 : null };
}

/**
 * Runs one report query in its own transaction, tuned for one-off scans (see setReportTuning);
 * the settings end with the transaction.
 */
export function tuned<T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await setReportTuning(trx);
    return run(trx);
  });
}

/** Contacts per value of every dimension (`none`: without one), most first, and in total. */
export async function volumes(db: Db, filter: ContactFilter) {
  const rows = await selectVolumeCounts(db, filter);
  const counts = Object.fromEntries(volumeDimensions.map((d) => [d, [] as Count[]])) as Record<
    VolumeDimension,
    Count[]
  >;
  for (const row of rows) {
    counts[row.dim].push({ key: row.key === null ? 'none' : String(row.key), count: num(row.n) });
  }
  for (const d of volumeDimensions) counts[d].sort(byCountDesc);
  const total = counts.channel.reduce((sum, c) => sum + c.count, 0);
  return { counts, total };
}

/** Contacts per weekday (0 = Monday) and hour 0–23 in Helsinki time. */
export async function heatmap(db: Db, filter: ContactFilter): Promise<number[][]> {
  const rows = await selectHourCounts(db, filter);
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const row of rows) grid[num(row.dow) - 1]![num(row.hr)] = num(row.n);
  return grid;
}

/**
 * First response and handling times (p50 / p90) for every channel together and per channel
 * measured, and the chats abandoned in the queue.
 */
async function timings(db: Db, filter: ContactFilter) {
  const rows = await selectTimings(db, filter);
  const firstResponse: Timing[] = [];
  const handling: Timing[] = [];
  let abandoned: Abandoned = { chats: 0, abandoned: 0, share: null };
  for (const row of rows) {
    const channel = num(row.g) === 1 ? 'all' : String(row.channel);
    // Every channel together always; one channel only where something was measured.
    const timing = (count: number, p: readonly unknown[] | null): Timing[] =>
      count > 0 || channel === 'all' ? [{ channel, count, p50: seconds(p?.[0]), p90: seconds(p?.[1]) }] : [];
    firstResponse.push(...timing(num(row.responded), row.frt));
    handling.push(...timing(num(row.handled), row.handling));
    if (channel === 'all') {
      const chats = num(row.chats);
      const gone = num(row.abandoned);
      abandoned = { chats, abandoned: gone, share: chats > 0 ? gone / chats : null };
    }
  }
  return { firstResponse: firstResponse.sort(byChannel), handling: handling.sort(byChannel), abandoned };
}

/** Feedback on the contacts, given since the day `since` (the first of the span). */
export async function satisfaction(db: Db, filter: ContactFilter, since: string): Promise<Satisfaction> {
  const rows = await selectScoreCounts(db, filter, since);
  const counts: Scores = [0, 0, 0, 0, 0];
  for (const row of rows) counts[Number(row.score) - 1] = num(row.n);
  return satisfactionOf(counts);
}

export interface ContactFigures {
  counts: Record<VolumeDimension, Count[]>;
  total: number;
  heat: number[][];
  timing: { firstResponse: Timing[]; handling: Timing[]; abandoned: Abandoned };
  sat: Satisfaction;
}

/** Exact figures straight from the contacts of one span of days (the filter's). */
export async function contactFigures(db: Db, filter: ContactFilter): Promise<ContactFigures> {
  const [volume, heat, timing, sat] = await Promise.all([
    tuned(db, (trx) => volumes(trx, filter)),
    tuned(db, (trx) => heatmap(trx, filter)),
    tuned(db, (trx) => timings(trx, filter)),
    tuned(db, (trx) => satisfaction(trx, filter, filter.from)),
  ]);
  return { counts: volume.counts, total: volume.total, heat, timing, sat };
}
