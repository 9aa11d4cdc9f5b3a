/** Managing a booking through the client's manage link: reading, cancelling, moving it. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../shared/secrets.js';
import { isExclusionViolation } from '../../db/database-errors.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { closeConversation } from '../../conversations/lifecycle.js';
import { appendMessage } from '../../conversations/message.repository.js';
import { freeSlots } from './slots.js';
import { loadAvailability } from './availability.service.js';
import { findBusyTimes } from './free-times.service.js';
import {
  cancelAppointment,
  moveAppointment,
  selectAppointmentStatusByTokenHash,
  selectManagedAppointmentByTokenHash,
  updateConversationDueAt,
} from './appointment.repository.js';
import { presentManagedBooking } from './appointment.presenter.js';

const notFound = () => new AppError('appointment.not_found', 404, 'No such booking, or the link has expired');

/** The hash a manage link's token is stored under; a token of the wrong shape finds nothing. */
function manageTokenHash(token: string): string {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound();
  return sha256(token);
}

/** Cancels through the manage link's token; the slot is free again at once. */
export async function cancelByToken(db: Db, notifier: ChatNotifier, token: string) {
  const row = await selectAppointmentStatusByTokenHash(db, manageTokenHash(token));
  if (!row) throw notFound();
  if (row.status !== 'booked')
    throw new AppError('appointment.not_booked', 409, 'This booking is no longer active');
  if (new Date(row.starts_at).getTime() <= Date.now()) {
    throw new AppError('appointment.started', 409, 'A meeting that has begun cannot be cancelled here');
  }
  const seq = await db.transaction().execute(async (trx) => {
    await cancelAppointment(trx, row.id);
    const cancelled = { type: 'appointment_cancelled', details: { by: 'client' } };
    const seq = await closeConversation(trx, row.conversation_id, {
      outcome: 'no_answer_needed',
      event: cancelled,
    });
    if (typeof seq === 'number') return seq;
    // Closed already by the counsellor: the cancellation is still recorded in the stream.
    const { message } = await appendMessage(trx, {
      conversationId: row.conversation_id,
      kind: 'event',
      authorType: 'system',
      eventType: cancelled.type,
      details: cancelled.details,
    });
    return message.seq;
  });
  notifier.message(row.conversation_id, seq);
  notifier.conversationChanged(row.conversation_id);
  return { id: row.id, status: 'cancelled' as const };
}

async function appointmentByToken(db: Db, token: string) {
  const row = await selectManagedAppointmentByTokenHash(db, manageTokenHash(token));
  if (!row) throw notFound();
  return row;
}

/** What the manage link shows: the booking, without anything about other people. */
export async function readByToken(db: Db, token: string) {
  return presentManagedBooking(await appointmentByToken(db, token));
}

export const rescheduleSchema = z.object({ start: z.iso.datetime({ offset: true }) });

/**
 * Moves a booking to another free time of the same counsellor, in one transaction: the new
 * time is taken (the exclusion constraint decides races) before the old one is released.
 */
export async function rescheduleByToken(
  db: Db,
  notifier: ChatNotifier,
  token: string,
  input: z.infer<typeof rescheduleSchema>,
  now = new Date(),
) {
  const row = await appointmentByToken(db, token);
  if (row.status !== 'booked')
    throw new AppError('appointment.not_booked', 409, 'This booking is no longer active');
  if (new Date(row.starts_at).getTime() <= now.getTime()) {
    throw new AppError('appointment.started', 409, 'A meeting that has begun cannot be moved here');
  }
  const start = new Date(input.start);
  if (start.getTime() <= now.getTime())
    throw new AppError('appointment.in_past', 400, 'That time has passed; choose another');
  const availability = (await loadAvailability(db, [row.staff_id])).get(row.staff_id)!;
  const busy = ((await findBusyTimes(db, [row.staff_id])).get(row.staff_id) ?? []).filter(
    (b) => b.start.getTime() !== new Date(row.starts_at).getTime(),
  );
  const slot = freeSlots({
    rules: availability.rules,
    absences: availability.absences,
    settings: availability.settings,
    busy,
    channel: row.channel,
    now,
    from: start,
    to: new Date(start.getTime() + 1),
  }).find((s) => s.start.getTime() === start.getTime());
  if (!slot) throw new AppError('appointment.slot_taken', 409, 'That time is not free; choose another');
  try {
    const seq = await db.transaction().execute(async (trx) => {
      await moveAppointment(trx, row.id, {
        starts_at: slot.start,
        ends_at: slot.end,
        busy_until: new Date(slot.end.getTime() + availability.settings.bufferMinutes * 60_000),
        location: slot.location,
        directions: slot.directions,
      });
      await updateConversationDueAt(trx, row.conversation_id, slot.start);
      const { message } = await appendMessage(trx, {
        conversationId: row.conversation_id,
        kind: 'event',
        authorType: 'system',
        eventType: 'appointment_moved',
        details: { from: new Date(row.starts_at).toISOString(), to: slot.start.toISOString() },
      });
      return message.seq;
    });
    notifier.message(row.conversation_id, seq);
    notifier.conversationChanged(row.conversation_id);
  } catch (error) {
    if (isExclusionViolation(error)) {
      throw new AppError('appointment.slot_taken', 409, 'That time has just been booked; choose another');
    }
    throw error;
  }
  return readByToken(db, token);
}
