/** What the catalogue import reads and writes: providers, programmes, the import log, the catalogue revision. */
import { sql } from 'kysely';
import type { Db } from '../../../db/database-types.js';
import type { ProgrammeInput } from './programme-input.js';

/** Every provider, with what matches a programme to it (slug, Opintopolku OID). */
export function selectImportProviders(db: Db) {
  return db.selectFrom('organisations').select(['id', 'slug', 'opintopolku_oid', 'is_active']).execute();
}

/** The programmes of some providers, active or not, with what an import compares. */
export function selectProgrammesOf(db: Db, organisationIds: string[]) {
  return db
    .selectFrom('programmes')
    .select(['id', 'organisation_id', 'external_id', 'source', 'content_hash', 'is_active', 'name'])
    .where('organisation_id', 'in', organisationIds)
    .execute();
}

/** A programme as an import writes it: what was read, from which source, with its content hash. */
export interface ProgrammeWrite {
  input: ProgrammeInput;
  source: 'opintopolku' | 'csv';
  organisationId: string;
  hash: string;
}

function columns(p: ProgrammeWrite) {
  const i = p.input;
  return {
    source: p.source,
    name: JSON.stringify(i.name),
    summary: JSON.stringify(i.summary),
    description: JSON.stringify(i.description),
    qualification_type: i.qualificationType,
    field: i.field,
    qualification_code: i.qualificationCode,
    study_forms: i.studyForms,
    municipalities: i.municipalities,
    online_only: i.onlineOnly,
    languages: i.languages,
    teaching_times: i.teachingTimes,
    continuous_start: i.continuousStart,
    start_dates: i.startDates,
    application: JSON.stringify(i.application),
    application_url: JSON.stringify(i.applicationUrl),
    duration_months: i.durationMonths,
    cost: JSON.stringify(i.cost),
    support: i.support,
    url: i.url,
    source_updated_at: i.sourceUpdatedAt ? new Date(i.sourceUpdatedAt) : null,
    content_hash: p.hash,
  };
}

/** Overwrites a programme with what was read, and makes it active again. */
export async function updateProgramme(trx: Db, id: string, p: ProgrammeWrite, now: Date): Promise<void> {
  await trx
    .updateTable('programmes')
    .set({ ...columns(p), is_active: true, deactivated_at: null, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Adds programmes, 500 rows a statement. */
export async function insertProgrammes(trx: Db, programmes: ProgrammeWrite[]): Promise<void> {
  for (let i = 0; i < programmes.length; i += 500) {
    await trx
      .insertInto('programmes')
      .values(
        programmes.slice(i, i + 500).map((p) => ({
          ...columns(p),
          organisation_id: p.organisationId,
          external_id: p.input.externalId,
        })),
      )
      .execute();
  }
}

/** Marks programmes as no longer offered. */
export async function deactivateProgrammes(trx: Db, ids: string[], now: Date): Promise<void> {
  await trx
    .updateTable('programmes')
    .set({ is_active: false, deactivated_at: now, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

/** Logs one import (or dry run) with its summary. */
export async function insertCatalogueImport(
  trx: Db,
  row: {
    organisationId: string | null;
    staffId: string | null;
    source: string;
    fileName: string;
    dryRun: boolean;
    report: Record<string, unknown>;
  },
): Promise<void> {
  await trx
    .insertInto('catalogue_imports')
    .values({
      organisation_id: row.organisationId,
      staff_id: row.staffId,
      source: row.source,
      file_name: row.fileName,
      dry_run: row.dryRun,
      report: JSON.stringify(row.report),
    })
    .execute();
}

/** Moves the catalogue's revision, so that every node reloads its listing index. */
export async function bumpCatalogueRevision(trx: Db): Promise<void> {
  await sql`update catalogue_state set revision = revision + 1 where id = 1`.execute(trx);
}

/** Fresh planner statistics for the programmes after an import. */
export async function analyzeProgrammes(db: Db): Promise<void> {
  await sql`analyze programmes`.execute(db);
}
