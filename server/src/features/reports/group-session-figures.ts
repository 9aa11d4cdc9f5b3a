/** Registrations and attendance of the group sessions held in a report's period. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import { eventFormats, type EventFormat } from '../events/event-vocabulary.js';
import { REPORT_TIME_ZONE } from './report-period.js';

export interface GroupSessionRow {
  format: EventFormat;
  events: number;
  capacity: number;
  /** With a place (at the end: the cancelled and those still waiting are counted apart). */
  registered: number;
  waiting: number;
  cancelled: number;
  attended: number;
}
export interface GroupSessionFigures extends Omit<GroupSessionRow, 'format'> {
  byFormat: GroupSessionRow[];
}

const nextDay = (day: string) => {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
};

/** The published sessions that take registrations and start on the period's Helsinki days. */
function sessionsOf(db: Db, options: { from: string; to: string; provider: string | null }) {
  let query = db
    .selectFrom('events as e')
    .where('e.status', '=', 'published')
    .where('e.capacity', 'is not', null)
    .where('e.starts_at', '>=', helsinkiInstant(options.from, '00:00'))
    .where('e.starts_at', '<', helsinkiInstant(nextDay(options.to), '00:00'));
  if (options.provider) query = query.where('e.organisation_id', '=', options.provider);
  return query;
}

const registered = sql<number>`count(r.id) filter (where r.status = 'registered')::int`;
const attended = sql<number>`count(r.id) filter (where r.status = 'registered' and r.attended)::int`;

/**
 * The period's sessions (the provider's only, when the report is one provider's), by format,
 * with their registrations.
 */
export async function groupSessionFigures(
  db: Db,
  options: { from: string; to: string; provider: string | null },
): Promise<GroupSessionFigures> {
  const [rows, capacities] = await Promise.all([
    sessionsOf(db, options)
      .leftJoin('event_registrations as r', 'r.event_id', 'e.id')
      .select([
        'e.format',
        sql<number>`count(distinct e.id)::int`.as('events'),
        registered.as('registered'),
        sql<number>`count(r.id) filter (where r.status = 'waiting')::int`.as('waiting'),
        sql<number>`count(r.id) filter (where r.status = 'cancelled')::int`.as('cancelled'),
        attended.as('attended'),
      ])
      .groupBy('e.format')
      .execute(),
    // Capacity per format apart: the join above repeats each session once per registration.
    sessionsOf(db, options)
      .select(['e.format', sql<number>`coalesce(sum(e.capacity), 0)::int`.as('capacity')])
      .groupBy('e.format')
      .execute(),
  ]);
  const capacityOf = new Map(capacities.map((c) => [c.format, Number(c.capacity)]));
  const byFormat = eventFormats.flatMap((format): GroupSessionRow[] => {
    const row = rows.find((r) => r.format === format);
    if (!row) return [];
    return [
      {
        format,
        events: Number(row.events),
        capacity: capacityOf.get(format) ?? 0,
        registered: Number(row.registered),
        waiting: Number(row.waiting),
        cancelled: Number(row.cancelled),
        attended: Number(row.attended),
      },
    ];
  });
  const sum = (key: Exclude<keyof GroupSessionRow, 'format'>) => byFormat.reduce((n, r) => n + r[key], 0);
  return {
    events: sum('events'),
    capacity: sum('capacity'),
    registered: sum('registered'),
    waiting: sum('waiting'),
    cancelled: sum('cancelled'),
    attended: sum('attended'),
    byFormat,
  };
}

export interface GroupSessionMonth {
  /** The Helsinki month the sessions started in, `2026-03`. */
  month: string;
  format: EventFormat;
  events: number;
  registered: number;
  attended: number;
}

/** The same sessions per Helsinki month and format, for the funder report. */
export async function groupSessionMonths(
  db: Db,
  options: { from: string; to: string; provider: string | null },
): Promise<GroupSessionMonth[]> {
  // The zone as a literal: the same expression in the select and the grouping.
  const month = sql<string>`to_char(e.starts_at at time zone ${sql.lit(REPORT_TIME_ZONE)}, 'YYYY-MM')`;
  const rows = await sessionsOf(db, options)
    .leftJoin('event_registrations as r', 'r.event_id', 'e.id')
    .select([
      month.as('month'),
      'e.format',
      sql<number>`count(distinct e.id)::int`.as('events'),
      registered.as('registered'),
      attended.as('attended'),
    ])
    .groupBy([month, 'e.format'])
    .orderBy(month)
    .execute();
  return rows.map((r) => ({
    month: r.month,
    format: r.format,
    events: Number(r.events),
    registered: Number(r.registered),
    attended: Number(r.attended),
  }));
}
