import type { Db } from '../../db/database-types.js';
import { incrementDailyCounter } from './daily-counters.repository.js';

/** Counter kinds the reports read (docs/outreach.md). */
export const counterKinds = [
  'invitation.shown',
  'invitation.accepted',
  'invitation.dismissed',
  'finder.used',
] as const;
export type CounterKind = (typeof counterKinds)[number];

/** Adds one to today's count (the day in Europe/Helsinki) of a kind and key; no visitor is kept. */
export async function bumpCounter(db: Db, kind: CounterKind, key = ''): Promise<void> {
  await incrementDailyCounter(db, kind, key);
}
