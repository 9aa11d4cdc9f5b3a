/** Contact requests in the conversation tables: the programmes they name, listing, finding one. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

/** Programmes by id with their provider's slug and Finnish name. */
export function selectProgrammesWithProviders(db: Db, ids: string[]) {
  return db
    .selectFrom('programmes as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select(['p.id', 'p.name', 'p.organisation_id', 'o.slug', 'o.name_fi'])
    .where('p.id', 'in', ids)
    .execute();
}

/**
 * What counts as a contact request: a web form (finder, shortlist), or a message or call-back
 * request left in the chat widget when the chat was closed or busy.
 */
const isContactRequest = (table: 'c' | 'conversations') => {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  return sql<boolean>`(${column('channel')} = 'web_form' or (${column('channel')} in ('email', 'phone') and ${column('details')} ->> 'origin' = 'chat_offline'))`;
};

/**
 * The 200 newest open (not closed) or closed contact requests with their client, provider and
 * first message: of every provider, or of one provider and the shared queue.
 */
export function selectContactRequests(
  db: Db,
  status: 'open' | 'closed',
  providers: { every: true } | { providerAndShared: string | null },
) {
  let query = db
    .selectFrom('conversations as c')
    .leftJoin('clients as cl', 'cl.id', 'c.client_id')
    .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select([
      'c.id',
      'c.status',
      'c.created_at',
      'c.language',
      'c.subject',
      'c.source_page',
      'c.details',
      'c.organisation_id',
      'c.channel',
      'o.name_fi as organisation_name',
      'cl.first_name',
      'cl.email',
      'cl.phone',
      sql<string>`(select m.body from messages m where m.conversation_id = c.id and m.seq = 1)`.as('message'),
    ])
    .where(isContactRequest('c'))
    .where('c.status', status === 'open' ? '!=' : '=', 'closed')
    .orderBy('c.created_at', 'desc')
    .limit(200);
  if ('providerAndShared' in providers) {
    const own = providers.providerAndShared;
    query = query.where((eb) =>
      eb.or([eb('c.organisation_id', 'is', null), eb('c.organisation_id', '=', own)]),
    );
  }
  return query.execute();
}

/** One contact request's provider and status (undefined: no such contact request). */
export function selectContactRequest(db: Db, id: string) {
  return db
    .selectFrom('conversations')
    .select(['id', 'organisation_id', 'status'])
    .where('id', '=', id)
    .where(isContactRequest('conversations'))
    .executeTakeFirst();
}
