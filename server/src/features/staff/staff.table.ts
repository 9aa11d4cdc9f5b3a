import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { StaffGrant, StaffRole } from '../../access/actor.js';

export interface StaffTable {
  id: Generated<string>;
  organisation_id: string | null;
  email: string;
  name: string;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  expertise: ColumnType<string[], string[] | undefined, string[]>;
  role: StaffRole;
  is_active: Generated<boolean>;
  /** Null until the person sets a password through their invitation. */
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  password_changed_at: ColumnType<Date, Date | undefined, Date>;
  last_login_at: Date | null;
  deactivated_at: Date | null;
  /** Two-step verification: the secret encrypted (shared/encryption.ts); see the two-step migration. */
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  /** Duties granted on top of the role (access/actor.ts, staffGrants). */
  grants: ColumnType<StaffGrant[], StaffGrant[] | undefined, StaffGrant[]>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type StaffRow = Selectable<StaffTable>;
export type NewStaffRow = Insertable<StaffTable>;
export type StaffUpdate = Updateable<StaffTable>;

export interface StaffInvitationTable {
  /** SHA-256 of the token in the mailed link. */
  id: string;
  staff_id: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}
