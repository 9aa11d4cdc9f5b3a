import { randomUUID } from 'node:crypto';
import type { Database, Db } from '../db/database-types.js';
import { hashPassword } from '../access/password.js';
import type { OrganisationRow } from '../features/organisations/organisation.table.js';
import type { StaffRole } from '../access/actor.js';
import type { StaffRow } from '../features/staff/staff.table.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

/** Creates an organisation; every field can be overridden. */
export async function buildOrganisation(
  db: Db,
  overrides: Partial<Omit<OrganisationRow, 'id' | 'created_at' | 'updated_at'>> = {},
): Promise<OrganisationRow> {
  const suffix = randomUUID().slice(0, 8);
  return db
    .insertInto('organisations')
    .values({
      slug: `provider-${suffix}`,
      name_fi: `Oppilaitos ${suffix}`,
      name_sv: null,
      name_en: null,
      description_fi: null,
      description_sv: null,
      description_en: null,
      website: null,
      municipality: 'Oulu',
      expertise: [],
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Creates a staff member (password TEST_PASSWORD unless given). A counsellor or org admin
 * without an organisation gets a new one, so tests only spell out what they care about.
 */
export async function buildStaff(
  db: Db,
  overrides: Partial<Omit<StaffRow, 'id' | 'password_hash'>> & { role?: StaffRole; password?: string } = {},
): Promise<StaffRow> {
  const { password, ...rest } = overrides;
  const role = rest.role ?? 'counsellor';
  let organisationId = rest.organisation_id;
  if (organisationId === undefined) {
    organisationId = role === 'admin' || role === 'editor' ? null : (await buildOrganisation(db)).id;
  }
  const hash = password ? await hashPassword(password) : await (passwordHash ??= hashPassword(TEST_PASSWORD));
  return db
    .insertInto('staff')
    .values({
      email: `staff-${randomUUID().slice(0, 8)}@example.test`,
      name: 'Testi Ohjaaja',
      languages: ['fi'],
      expertise: [],
      ...rest,
      role,
      organisation_id: organisationId,
      password_hash: hash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The body of POST /api/v1/staff: a counsellor with an address no one has yet; any field can be given. */
export function staffAccountBody(overrides: Record<string, unknown>) {
  return {
    email: `staff-${randomUUID().slice(0, 8)}@example.test`,
    name: 'Testi Ohjaaja',
    role: 'counsellor',
    languages: ['fi'],
    ...overrides,
  };
}

/** Some columns of a staff member's row as stored now (just these, for exact comparisons). */
export async function readStaff<Column extends keyof StaffRow>(
  db: Db,
  id: string,
  columns: Column[],
): Promise<Pick<StaffRow, Column>> {
  const row = await db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return Object.fromEntries(columns.map((column) => [column, row[column]])) as Pick<StaffRow, Column>;
}

/** When a staff member's sessions were revoked, and why, oldest first. */
export function sessionRevocations(db: Db, staffId: string) {
  return db
    .selectFrom('sessions')
    .select(['revoked_at', 'revoke_reason'])
    .where('staff_id', '=', staffId)
    .orderBy('created_at')
    .execute();
}

/** How many rows a table has now. */
export async function countRows(db: Db, table: keyof Database & string): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
