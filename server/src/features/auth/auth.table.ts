import type { ColumnType, Generated, Selectable } from 'kysely';

export interface SessionTable {
  id: string;
  staff_id: string;
  created_at: Generated<Date>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  revoked_at: Date | null;
  revoke_reason: string | null;
  /** Where and in which browser it was opened: for the person's own list of sessions. */
  ip: string | null;
  user_agent: string | null;
  /** The identity provider the session came from (single sign-on). */
  sso_provider_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Date;
  locked_until: Date | null;
}

export type SessionRow = Selectable<SessionTable>;

export interface StaffRecoveryCodeTable {
  staff_id: string;
  code_hash: string;
  created_at: Generated<Date>;
}

export interface SignInChallengeTable {
  /** SHA-256 of the token the browser holds. */
  id: string;
  staff_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export const twoStepRequirements = ['nobody', 'admins', 'admins_and_org_admins', 'everyone'] as const;
export type TwoStepRequirement = (typeof twoStepRequirements)[number];

export interface AuthSettingsTable {
  id: Generated<boolean>;
  require_two_step: TwoStepRequirement;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface StaffPasskeyTable {
  /** The credential id, base64url. */
  id: string;
  staff_id: string;
  name: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: ColumnType<number, number | undefined, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}

export interface WebauthnChallengeTable {
  id: string;
  staff_id: string | null;
  purpose: 'register' | 'sign_in';
  challenge: string;
  expires_at: Date;
}

export interface SsoProviderTable {
  id: Generated<string>;
  organisation_id: string | null;
  name: string;
  issuer: string;
  client_id: string;
  /** Encrypted (shared/encryption.ts). */
  client_secret: string;
  domains: string[];
  allow_create: Generated<boolean>;
  password_sign_in: Generated<boolean>;
  is_active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface StaffSsoLinkTable {
  provider_id: string;
  subject: string;
  staff_id: string;
  created_at: Generated<Date>;
}

export interface SsoLoginTable {
  id: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  next: string | null;
  expires_at: Date;
}
