/** Registrations and attendance of the group sessions held in a report's period. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import { helsinkiInstant } from '../../shared/helsinki-time.js';
import { eventFormats, type EventFormat } from '../events/event-vocabulary.js';

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

/**
 * The published sessions that take registrations and start on the period's Helsinki days (the
 * provider's only, when the report is one provider's), by format, with their registrations.
 */
export async function groupSessionFigures(
  db: Db,
  options: { from: string; to: string; provider: string | null },
): Promise<GroupSessionFigures> {
  let query = db
    .selectFrom('events as e')
    .leftJoin('event_registrations as r', 'r.event_id', 'e.id')
    .select([
      'e.format',
      sql<number>`count(distinct e.id)::int`.as('events'),
      sql<number>`count(*) filter (where r.status = 'registered')::int`.as('registered'),
      sql<number>`count(*) filter (where r.status = 'waiting')::int`.as('waiting'),
      sql<number>`count(*) filter (where r.status = 'cancelled')::int`.as('cancelled'),
      sql<number>`count(*) filter (where r.status = 'registered' and r.attended)::int`.as('attended'),
    ])
    .where('e.status', '=', 'published')
    .where('e.capacity', 'is not', null)
    .where('e.starts_at', '>=', helsinkiInstant(options.from, '00:00'))
    .where('e.starts_at', '<', helsinkiInstant(nextDay(options.to), '00:00'))
    .groupBy('e.format');
  if (options.provider) query = query.where('e.organisation_id', '=', options.provider);
  const [rows, capacities] = await Promise.all([
    query.execute(),
    // Capacity per format apart: the join above repeats each session once per registration.
    (() => {
      let q = db
        .selectFrom('events as e')
        .select(['e.format', sql<number>`coalesce(sum(e.capacity), 0)::int`.as('capacity')])
        .where('e.status', '=', 'published')
        .where('e.capacity', 'is not', null)
        .where('e.starts_at', '>=', helsinkiInstant(options.from, '00:00'))
        .where('e.starts_at', '<', helsinkiInstant(nextDay(options.to), '00:00'))
        .groupBy('e.format');
      if (options.provider) q = q.where('e.organisation_id', '=', options.provider);
      return q.execute();
    })(),
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
