import type { ColumnType, Generated } from 'kysely';

export const presenceStatuses = ['available', 'away', 'offline'] as const;

export type PresenceStatus = (typeof presenceStatuses)[number];

export interface StaffPresenceTable {
  staff_id: string;
  status: Generated<PresenceStatus>;
  max_chats: Generated<number>;
  last_seen_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ChatSettingsTable {
  id: Generated<boolean>;
  assignment: Generated<'manual' | 'auto'>;
  max_wait_seconds: Generated<number>;
  updated_at: Generated<Date>;
}

export interface OpeningHoursTable {
  id: Generated<string>;
  organisation_id: string | null;
  weekday: number;
  opens_minute: number;
  closes_minute: number;
}

export interface OpeningExceptionTable {
  id: Generated<string>;
  organisation_id: string | null;
  day: ColumnType<string, string, string>;
  opens_minute: number | null;
  closes_minute: number | null;
  note: Generated<string>;
}

export interface CannedResponseTable {
  id: Generated<string>;
  staff_id: string | null;
  organisation_id: string | null;
  /** A language of guidance: fi, sv, en or any other a counsellor lists (ar, uk, …). */
  language: string;
  title: string;
  body: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
