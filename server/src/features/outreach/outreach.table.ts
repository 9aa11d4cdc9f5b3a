import type { ColumnType, Generated, Selectable } from 'kysely';
import type { EventFormat, RegistrationStatus } from '../events/event-vocabulary.js';

export const eventStatuses = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** A pop-up guidance session (shopping centre, library, fair). */
export interface EventTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  place: string;
  address: Generated<string>;
  /** Statistics Finland's municipality code, as in the catalogue; none for an online session. */
  municipality: string | null;
  starts_at: Date;
  ends_at: Date;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  description: Generated<string>;
  status: Generated<EventStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  format: Generated<EventFormat>;
  /** Places for registrations; null when people simply come. */
  capacity: number | null;
  /** An online or hybrid session's external join link (https). */
  join_url: string | null;
  /** The service's own meeting room for a small group (at most 8 people). */
  meeting_room: Generated<boolean>;
}
export type EventRow = Selectable<EventTable>;

/** One person's registration for a group session; the email goes with erasure and retention. */
export interface EventRegistrationTable {
  id: Generated<string>;
  event_id: string;
  email: string | null;
  /** The language of guidance asked for. */
  language: string;
  /** The page language, for mail and links. */
  lang: string;
  status: RegistrationStatus;
  consent_at: Date;
  token_hash: string | null;
  attended: boolean | null;
  created_at: Generated<Date>;
  promoted_at: Date | null;
  cancelled_at: Date | null;
  reminded_day_before_at: Date | null;
  reminded_hour_before_at: Date | null;
  erased_at: Date | null;
}
export type EventRegistrationRow = Selectable<EventRegistrationTable>;

export interface EventStaffTable {
  event_id: string;
  staff_id: string;
}

/** Anonymous per-day counts (invitations shown/accepted/dismissed, finder use). */
export interface DailyCounterTable {
  day: ColumnType<string, string, string>;
  kind: string;
  key: Generated<string>;
  count: Generated<number>;
}

export interface InvitationRuleTable {
  id: Generated<string>;
  name: string;
  path_prefix: string;
  delay_seconds: Generated<number>;
  every_days: Generated<number>;
  message_fi: Generated<string>;
  message_sv: Generated<string>;
  message_en: Generated<string>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type InvitationRuleRow = Selectable<InvitationRuleTable>;
