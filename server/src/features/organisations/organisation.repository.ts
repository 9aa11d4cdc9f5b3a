import type { Db } from '../../db/database-types.js';
import type { NewOrganisationRow, OrganisationRow, OrganisationUpdate } from './organisation.table.js';

export function selectOrganisations(db: Db, options: { includeInactive: boolean }) {
  let query = db.selectFrom('organisations').selectAll().orderBy('name_fi');
  if (!options.includeInactive) query = query.where('is_active', '=', true);
  return query.execute();
}

export function selectOrganisationById(db: Db, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function selectOrganisationBySlug(db: Db, slug: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function insertOrganisation(db: Db, values: NewOrganisationRow): Promise<OrganisationRow> {
  return db.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateOrganisationRow(
  db: Db,
  id: string,
  values: OrganisationUpdate,
): Promise<OrganisationRow> {
  return db
    .updateTable('organisations')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
