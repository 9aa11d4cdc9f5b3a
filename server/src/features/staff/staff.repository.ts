import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';
import type { StaffRowWithOrganisation } from './staff.presenter.js';
import type { NewStaffRow, StaffRow, StaffUpdate } from './staff.table.js';

function selectStaffWithOrganisation(db: Db) {
  return db
    .selectFrom('staff')
    .leftJoin('organisations', 'organisations.id', 'staff.organisation_id')
    .selectAll('staff')
    .select('organisations.name_fi as organisation_name')
    .select((eb) =>
      eb
        .selectFrom('staff_passkeys')
        .select(eb.fn.countAll<number>().as('count'))
        .whereRef('staff_passkeys.staff_id', '=', 'staff.id')
        .as('passkey_count'),
    );
}

export function selectStaffList(
  db: Db,
  filters: { organisationId?: string | undefined; includeInactive: boolean },
): Promise<StaffRowWithOrganisation[]> {
  let query = selectStaffWithOrganisation(db).orderBy('staff.name');
  if (filters.organisationId) query = query.where('staff.organisation_id', '=', filters.organisationId);
  if (!filters.includeInactive) query = query.where('staff.is_active', '=', true);
  return query.execute();
}

export function selectStaffById(db: Db, id: string): Promise<StaffRowWithOrganisation | undefined> {
  return selectStaffWithOrganisation(db).where('staff.id', '=', id).executeTakeFirst();
}

export function selectStaffByEmail(db: Db, email: string): Promise<StaffRow | undefined> {
  return db
    .selectFrom('staff')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function insertStaff(db: Db, values: NewStaffRow): Promise<string> {
  const row = await db.insertInto('staff').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateStaffRow(db: Db, id: string, values: StaffUpdate): Promise<void> {
  await db
    .updateTable('staff')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
