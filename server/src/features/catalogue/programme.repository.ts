/** Reads of the `programmes` table with their providers, and the catalogue's revision. */
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

/** Every active programme of an active provider, with what the listing index keeps of it. */
export function selectIndexRows(db: Db) {
  return db
    .selectFrom('programmes as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'p.id',
      'p.name',
      'p.summary',
      'p.qualification_type',
      'p.field',
      'p.study_forms',
      'p.municipalities',
      'p.online_only',
      'p.languages',
      'p.support',
      'p.teaching_times',
      'p.continuous_start',
      sql<string[]>`p.start_dates::text[]`.as('start_dates'),
      'p.application',
      'p.duration_months',
      'p.cost',
      'o.slug',
      'o.name_fi',
      'o.name_sv',
      'o.name_en',
    ])
    .where('p.is_active', '=', true)
    .where('o.is_active', '=', true)
    .execute();
}

/** The catalogue's revision (every import moves it); undefined before the first. */
export async function selectCatalogueRevision(db: Db): Promise<string | number | undefined> {
  const state = await db
    .selectFrom('catalogue_state')
    .select('revision')
    .where('id', '=', 1)
    .executeTakeFirst();
  return state?.revision;
}

/** Programmes by id with their provider's names and website; inactive ones too when asked. */
export async function selectProgrammeDetails(db: Db, ids: string[], includeInactive: boolean) {
  let query = db
    .selectFrom('programmes as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .selectAll('p')
    .select(['o.slug', 'o.name_fi', 'o.name_sv', 'o.name_en', 'o.website'])
    .select(sql<string[]>`p.start_dates::text[]`.as('start_days'))
    .where('p.id', 'in', ids);
  if (!includeInactive) query = query.where('p.is_active', '=', true);
  return query.execute();
}
export type ProgrammeDetailRow = Awaited<ReturnType<typeof selectProgrammeDetails>>[number];

/** Whether the catalogue holds any programme at all. */
export async function hasAnyProgramme(db: Db): Promise<boolean> {
  const row = await db.selectFrom('programmes').select('id').limit(1).executeTakeFirst();
  return !!row;
}

/** Every provider's slug. */
export async function selectOrganisationSlugs(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('slug').execute();
  return rows.map((o) => o.slug);
}
