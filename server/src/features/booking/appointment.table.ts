import type { ColumnType, Generated } from 'kysely';

/** Channels a counsellor keeps hours for; all but chat can be booked. */
export const availabilityChannels = ['phone', 'video', 'chat', 'in_person'] as const;
export type AvailabilityChannel = (typeof availabilityChannels)[number];
export const bookableChannels = ['phone', 'video', 'in_person'] as const;
export type BookableChannel = (typeof bookableChannels)[number];

export interface AvailabilityRuleTable {
  id: Generated<string>;
  staff_id: string;
  channel: AvailabilityChannel;
  weekday: number;
  start_minute: number;
  end_minute: number;
  location: string | null;
  /** How to find a face-to-face place; empty for other channels. */
  directions: Generated<string>;
}

export interface AvailabilityExceptionTable {
  id: Generated<string>;
  staff_id: string;
  day: ColumnType<string, string, string>;
  start_minute: number | null;
  end_minute: number | null;
  note: Generated<string>;
}

export interface BookingSettingsTable {
  staff_id: string;
  slot_minutes: Generated<number>;
  buffer_minutes: Generated<number>;
  min_notice_minutes: Generated<number>;
  horizon_days: Generated<number>;
  updated_at: Generated<Date>;
}

export interface AppointmentTable {
  id: Generated<string>;
  conversation_id: string;
  staff_id: string;
  channel: BookableChannel;
  starts_at: Date;
  ends_at: Date;
  busy_until: Date;
  location: string | null;
  directions: Generated<string>;
  status: Generated<'booked' | 'cancelled' | 'done'>;
  manage_token_hash: string;
  meeting_token_hash: string | null;
  request_key: string | null;
  created_at: Generated<Date>;
  cancelled_at: Date | null;
  reminded_day_before_at: Date | null;
  reminded_hour_before_at: Date | null;
}

export interface ServiceKeyTable {
  name: string;
  value: string;
  created_at: Generated<Date>;
}
