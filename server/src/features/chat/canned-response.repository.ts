/** SQL of canned responses: personal ones, a provider's shared ones and the service-wide ones. */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { CannedResponseTable } from './chat.table.js';

export type CannedResponseRow = Selectable<CannedResponseTable>;
type CannedResponseValues = Pick<
  Insertable<CannedResponseTable>,
  'staff_id' | 'organisation_id' | 'language' | 'title' | 'body'
>;

/**
 * A staff member's own responses, the shared ones of their provider (if any) and the
 * service-wide ones, by language and title.
 */
export function selectCannedResponsesFor(
  db: Db,
  staffId: string,
  organisationId: string | null,
): Promise<CannedResponseRow[]> {
  return db
    .selectFrom('canned_responses')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('staff_id', '=', staffId),
        eb.and([eb('staff_id', 'is', null), eb('organisation_id', 'is', null)]),
        ...(organisationId
          ? [eb.and([eb('staff_id', 'is', null), eb('organisation_id', '=', organisationId)])]
          : []),
      ]),
    )
    .orderBy('language')
    .orderBy('title')
    .execute();
}

export function selectCannedResponse(db: Db, id: string): Promise<CannedResponseRow | undefined> {
  return db.selectFrom('canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertCannedResponse(db: Db, values: CannedResponseValues): Promise<CannedResponseRow> {
  return db.insertInto('canned_responses').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateCannedResponse(
  db: Db,
  id: string,
  values: CannedResponseValues,
): Promise<CannedResponseRow> {
  return db
    .updateTable('canned_responses')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCannedResponse(db: Db, id: string): Promise<void> {
  await db.deleteFrom('canned_responses').where('id', '=', id).execute();
}
