/** The reminder mails a day and an hour before a booked appointment. */
import { uiLanguageOf } from '../../conversations/languages.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { appointmentReminder } from './booking.mail.js';
import { queueMail } from '../../conversations/mail-outbox.js';
import { bookingTokens, manageUrl, meetingUrl } from '../../conversations/link-tokens.js';
import { mapSearchUrl } from '../../shared/urls/booking-urls.js';
import { claimDueReminders, selectReminderRecipient, type ReminderColumn } from './appointment.repository.js';

const windows: { hoursBefore: 24 | 1; column: ReminderColumn; earliestMinutes: number }[] = [
  { hoursBefore: 24, column: 'reminded_day_before_at', earliestMinutes: 60 * 20 },
  { hoursBefore: 1, column: 'reminded_hour_before_at', earliestMinutes: 30 },
];

/**
 * Queues the reminders that are due: a day before (for bookings more than 20 h away when made)
 * and an hour before. Each is claimed by one UPDATE, so several nodes never send it twice.
 */
export async function sendDueReminders(deps: ContactDeps, now = new Date()): Promise<number> {
  const { db, settings, sender } = deps;
  let sent = 0;
  for (const w of windows) {
    const claimed = await claimDueReminders(db, {
      column: w.column,
      now,
      until: new Date(now.getTime() + w.hoursBefore * 3_600_000),
      // A booking made shortly before its start gets no "tomorrow" reminder.
      earliestMinutes: w.earliestMinutes,
    });
    for (const row of claimed) {
      const details = await selectReminderRecipient(db, row.conversation_id, row.staff_id);
      if (!details?.email) continue;
      const lang = uiLanguageOf(details.language);
      const tokens = await bookingTokens(db, row.id);
      const queued = await queueMail(db, settings, {
        conversationId: row.conversation_id,
        kind: 'appointment_reminder',
        to: details.email,
        mail: appointmentReminder(lang, {
          hoursBefore: w.hoursBefore,
          channel: row.channel,
          start: new Date(row.starts_at),
          end: new Date(row.ends_at),
          counsellor: (details.name ?? '').replace(/\s*\(demo\)$/, ''),
          location: row.location,
          directions: row.directions,
          mapUrl: row.channel === 'in_person' ? mapSearchUrl(row.location) : null,
          manageUrl: manageUrl(settings.publicUrl, lang, tokens.manage),
          meetingUrl: row.channel === 'video' ? meetingUrl(settings.publicUrl, lang, tokens.meeting) : null,
        }),
      });
      if (queued) {
        sender.kick(queued.id);
        sent += 1;
      }
    }
  }
  return sent;
}
