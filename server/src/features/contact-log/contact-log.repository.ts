/** SQL of the quick contact log: the events one may log against, today's entries, entry lookups. */
import type { Db } from '../../db/database-types.js';

/**
 * Whose events: those of the provider (when there is one) and those the staff member is listed
 * at; null for every provider's.
 */
export type EventScope = { staffId: string; organisationId: string | null } | null;

/** Events not cancelled, within the scope. */
function scopedEvents(db: Db, scope: EventScope) {
  let query = db.selectFrom('events as e').where('e.status', '<>', 'cancelled');
  if (scope) {
    query = query.where((eb) =>
      eb.or([
        ...(scope.organisationId ? [eb('e.organisation_id', '=', scope.organisationId)] : []),
        eb.exists(
          eb
            .selectFrom('event_staff as es')
            .select('es.event_id')
            .whereRef('es.event_id', '=', 'e.id')
            .where('es.staff_id', '=', scope.staffId),
        ),
      ]),
    );
  }
  return query;
}

/** Events of the scope that overlap [start, end), in order of starting, at most 50. */
export function selectScopedEventsBetween(db: Db, scope: EventScope, start: Date, end: Date) {
  return scopedEvents(db, scope)
    .select(['e.id', 'e.title', 'e.place', 'e.starts_at', 'e.ends_at', 'e.organisation_id'])
    .where('e.starts_at', '<', end)
    .where('e.ends_at', '>', start)
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(50)
    .execute();
}

/** The event, when it is one of the scope's. */
export function selectScopedEvent(db: Db, scope: EventScope, eventId: string) {
  return scopedEvents(db, scope).select('e.id').where('e.id', '=', eventId).executeTakeFirst();
}

/**
 * A counsellor's logged contacts — face-to-face talks and incoming calls, those with a device's
 * entry id — made in [start, end).
 */
function loggedContacts(db: Db, staffId: string, start: Date, end: Date) {
  return db
    .selectFrom('conversations as c')
    .where('c.assigned_staff_id', '=', staffId)
    .where('c.channel', 'in', ['in_person', 'phone'])
    .where('c.client_ref', 'is not', null)
    .where('c.created_at', '>=', start)
    .where('c.created_at', '<', end);
}

export async function countLoggedContacts(db: Db, staffId: string, start: Date, end: Date) {
  const { count } = await loggedContacts(db, staffId, start, end)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The latest logged contacts in [start, end), newest first, with their event's title. */
export function selectLatestLoggedContacts(db: Db, staffId: string, start: Date, end: Date, limit: number) {
  return loggedContacts(db, staffId, start, end)
    .leftJoin('events as e', 'e.id', 'c.event_id')
    .select([
      'c.id',
      'c.created_at',
      'c.topic',
      'c.language',
      'c.outcome',
      'c.status',
      'c.details',
      'c.channel',
      'c.event_id',
      'e.title as event_title',
    ])
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** The conversation a device's entry id names, whatever its channel. */
export function selectConversationByClientRef(db: Db, clientRef: string) {
  return db
    .selectFrom('conversations')
    .select(['id', 'status', 'channel', 'assigned_staff_id'])
    .where('client_ref', '=', clientRef)
    .executeTakeFirst();
}
