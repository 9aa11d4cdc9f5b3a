import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { EventRow, EventStatus, EventTable } from '../outreach/outreach.table.js';
import { termQueries, textSearchConfig } from '../../shared/search/text-query.repository.js';

/** An event with its provider's names, as the presenters need it. */
export type EventWithOrganisation = EventRow & {
  organisation_slug: string;
  organisation_name_fi: string;
  organisation_name_sv: string | null;
  organisation_name_en: string | null;
};

function eventsWithOrganisation(db: Db) {
  return db
    .selectFrom('events')
    .innerJoin('organisations', 'organisations.id', 'events.organisation_id')
    .selectAll('events')
    .select([
      'organisations.slug as organisation_slug',
      'organisations.name_fi as organisation_name_fi',
      'organisations.name_sv as organisation_name_sv',
      'organisations.name_en as organisation_name_en',
    ]);
}

export async function findEvent(db: Db, id: string): Promise<EventWithOrganisation | undefined> {
  return eventsWithOrganisation(db).where('events.id', '=', id).executeTakeFirst();
}

export interface EventFilter {
  /** Events that end after this instant… */
  endsAfter?: Date;
  /** …and start before this one. */
  startsBefore?: Date;
  municipality?: string;
  organisationId?: string;
  statuses: EventStatus[];
  ids?: string[];
  limit?: number;
}

/** Events overlapping a period, in start order. */
export async function selectEvents(db: Db, filter: EventFilter): Promise<EventWithOrganisation[]> {
  let query = eventsWithOrganisation(db).where('events.status', 'in', filter.statuses);
  if (filter.endsAfter) query = query.where('events.ends_at', '>', filter.endsAfter);
  if (filter.startsBefore) query = query.where('events.starts_at', '<', filter.startsBefore);
  if (filter.ids?.length) query = query.where('events.id', 'in', filter.ids);
  // An online session is reachable from every municipality.
  if (filter.municipality) {
    const code = filter.municipality;
    query = query.where((eb) =>
      eb.or([eb('events.municipality', '=', code), eb('events.format', '=', 'online')]),
    );
  }
  if (filter.organisationId) query = query.where('events.organisation_id', '=', filter.organisationId);
  return query
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .limit(filter.limit ?? 500)
    .execute();
}

/** The municipalities that have published events ending after `after`. */
export async function selectEventMunicipalities(db: Db, after: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select('municipality')
    .distinct()
    .where('status', '=', 'published')
    .where('ends_at', '>', after)
    .where('municipality', 'is not', null)
    .execute();
  return rows.flatMap((row) => (row.municipality ? [row.municipality] : []));
}

/** The staff present at each event, by event id. */
export async function selectEventStaff(
  db: Db,
  eventIds: string[],
): Promise<Map<string, { id: string; name: string }[]>> {
  const byEvent = new Map<string, { id: string; name: string }[]>();
  if (eventIds.length === 0) return byEvent;
  const rows = await db
    .selectFrom('event_staff')
    .innerJoin('staff', 'staff.id', 'event_staff.staff_id')
    .select(['event_staff.event_id', 'staff.id', 'staff.name'])
    .where('event_staff.event_id', 'in', eventIds)
    .orderBy('staff.name')
    .execute();
  for (const row of rows) {
    byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), { id: row.id, name: row.name }]);
  }
  return byEvent;
}

/** Places taken and waiting, per event. */
export async function selectRegistrationCounts(
  db: Db,
  eventIds: string[],
): Promise<Map<string, { registered: number; waiting: number }>> {
  const counts = new Map<string, { registered: number; waiting: number }>();
  if (eventIds.length === 0) return counts;
  const rows = await db
    .selectFrom('event_registrations')
    .select(['event_id', 'status', db.fn.countAll<string>().as('n')])
    .where('event_id', 'in', eventIds)
    .where('status', 'in', ['registered', 'waiting'])
    .groupBy(['event_id', 'status'])
    .execute();
  for (const row of rows) {
    const entry = counts.get(row.event_id) ?? { registered: 0, waiting: 0 };
    entry[row.status === 'registered' ? 'registered' : 'waiting'] = Number(row.n);
    counts.set(row.event_id, entry);
  }
  return counts;
}

/** The provider's active counselling staff, who may be marked present at its events. */
export async function selectActiveCounsellors(db: Db, organisationId: string) {
  return db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('is_active', '=', true)
    .where('role', 'in', ['counsellor', 'org_admin', 'admin'])
    .orderBy('name')
    .execute();
}

/** The ids of a provider's staff with these email addresses (unknown addresses are left out). */
export async function selectStaffIdsByEmail(
  db: Db,
  organisationId: string,
  emails: string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('staff')
    .select('id')
    .where('email', 'in', emails)
    .where('organisation_id', '=', organisationId)
    .execute();
  return rows.map((s) => s.id);
}

export async function insertEvent(db: Db, values: Insertable<EventTable>): Promise<string> {
  const row = await db.insertInto('events').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts events held before (the demo year) with the counsellors who were there. */
export async function insertEventsWithStaff(
  db: Db,
  events: (Insertable<EventTable> & { id: string; staffIds: string[] })[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('events')
    .values(events.map(({ staffIds: _staffIds, ...event }) => event))
    .execute();
  const staff = events.flatMap((e) => e.staffIds.map((staffId) => ({ event_id: e.id, staff_id: staffId })));
  if (staff.length > 0) await db.insertInto('event_staff').values(staff).execute();
}

export async function updateEventRow(
  db: Db,
  id: string,
  values: Partial<Omit<Insertable<EventTable>, 'id' | 'created_at'>>,
): Promise<void> {
  await db
    .updateTable('events')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function replaceEventStaff(db: Db, eventId: string, staffIds: string[]): Promise<void> {
  await db.deleteFrom('event_staff').where('event_id', '=', eventId).execute();
  if (staffIds.length > 0) {
    await db
      .insertInto('event_staff')
      .values(staffIds.map((staffId) => ({ event_id: eventId, staff_id: staffId })))
      .execute();
  }
}

/**
 * Upcoming published events whose title, place, address, municipality name or description
 * match every query term (a stem as a prefix, or an alternative); when none do, any term.
 * Title matches rank first. The few upcoming events are matched on the fly, no index needed.
 */
export async function searchEventText(
  db: Db,
  options: {
    lang: 'fi' | 'sv' | 'en';
    terms: { position: number; word: string }[];
    municipalities: { code: string; name: string }[];
    now: Date;
    limit: number;
  },
): Promise<{ id: string; rank: number }[]> {
  const { lang, terms, municipalities, now, limit } = options;
  if (terms.length === 0) return [];
  const config = textSearchConfig[lang];
  const result = await sql<{ id: string; rank: number }>`
    with ${termQueries(terms, lang)},
    names as (
      select * from unnest(${municipalities.map((m) => m.code)}::text[], ${municipalities.map((m) => m.name)}::text[]) as n(code, name)
    ),
    docs as (
      select e.id, e.starts_at,
        to_tsvector(${config}::regconfig, e.title) as title_vector,
        to_tsvector(${config}::regconfig,
          e.title || ' ' || e.place || ' ' || e.address || ' ' || coalesce(n.name, '') || ' ' || e.description
        ) as vector
      from events e left join names n on n.code = e.municipality
      where e.status = 'published' and e.ends_at > ${now}
    ),
    hits as (
      select d.id, d.starts_at, (case when d.title_vector @@ q.all_terms then 1.0 else 0.1 end)::float8 as rank
      from docs d, queries q
      where q.all_terms is not null and d.vector @@ q.all_terms
    ),
    any_hits as (
      select d.id, d.starts_at, (case when d.title_vector @@ q.any_term then 0.05 else 0.01 end)::float8 as rank
      from docs d, queries q
      where not exists (select 1 from hits) and q.any_term is not null and d.vector @@ q.any_term
    )
    select id, rank from (select * from hits union all select * from any_hits) found
    order by rank desc, starts_at
    limit ${limit}`.execute(db);
  return result.rows;
}
