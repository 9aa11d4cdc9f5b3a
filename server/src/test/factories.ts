import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database-types.js';
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
