import type { StaffView } from './staff.schema.js';
import type { StaffRow } from './staff.table.js';

export type StaffRowWithOrganisation = StaffRow & {
  organisation_name: string | null;
  passkey_count: number | string | null;
};

/** The staff record as the API shows it: never the password hash. */
export function presentStaff(row: StaffRowWithOrganisation): StaffView {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    email: row.email,
    name: row.name,
    languages: row.languages,
    expertise: row.expertise,
    role: row.role,
    grants: row.grants,
    isActive: row.is_active,
    mustChangePassword: row.must_change_password,
    twoStepEnabled: row.totp_enabled_at !== null || Number(row.passkey_count ?? 0) > 0,
    passkeys: Number(row.passkey_count ?? 0),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
