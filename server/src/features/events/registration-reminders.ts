/** Reminder mails to registrants with a place: a day and an hour before the session. */
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { findEvent } from './event.repository.js';
import { kickAll, queueRegistrationMail } from './registration-notices.js';
import { claimDueRegistrationReminders, type RegistrationReminderColumn } from './registration.repository.js';

const windows: {
  hoursBefore: number;
  column: RegistrationReminderColumn;
  earliestMinutes: number;
  kind: 'reminder_day' | 'reminder_hour';
}[] = [
  // Someone who registered less than 20 hours ahead needs no "tomorrow" reminder.
  { hoursBefore: 24, column: 'reminded_day_before_at', earliestMinutes: 60 * 20, kind: 'reminder_day' },
  { hoursBefore: 1, column: 'reminded_hour_before_at', earliestMinutes: 30, kind: 'reminder_hour' },
];

/** Queues the reminders that are due; each claimed by one UPDATE, so no node sends one twice. */
export async function sendDueRegistrationReminders(deps: ContactDeps, now = new Date()): Promise<number> {
  let sent = 0;
  for (const w of windows) {
    const claimed = await claimDueRegistrationReminders(deps.db, {
      column: w.column,
      now,
      until: new Date(now.getTime() + w.hoursBefore * 3_600_000),
      earliestMinutes: w.earliestMinutes,
    });
    const mails: (string | undefined)[] = [];
    for (const row of claimed) {
      const event = await findEvent(deps.db, row.event_id);
      if (event) mails.push(await queueRegistrationMail(deps, event, row, w.kind));
    }
    kickAll(deps, mails);
    sent += mails.filter(Boolean).length;
  }
  return sent;
}
