import type { ColumnType, Generated, Selectable } from 'kysely';

export const eventStatuses = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** A pop-up guidance session (shopping centre, library, fair). */
export interface EventTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  place: string;
  address: Generated<string>;
  /** Statistics Finland's municipality code, as in the catalogue. */
  municipality: string;
  starts_at: Date;
  ends_at: Date;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  description: Generated<string>;
  status: Generated<EventStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type EventRow = Selectable<EventTable>;

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
