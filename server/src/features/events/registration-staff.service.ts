/** The staff's side of registrations: the list, attendance, and telling registrants of a cancelled session. */
import type { StaffActor } from '../../access/actor.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import type { EventRegistrationRow } from '../outreach/outreach.table.js';
import { findEvent } from './event.repository.js';
import { kickAll, queueRegistrationMail } from './registration-notices.js';
import {
  findRegistration,
  selectEventRegistrations,
  selectLiveRegistrations,
  setAttendance,
} from './registration.repository.js';
import type { StaffRegistration, StaffRegistrationList } from './registration.schema.js';

/** Attendance may be marked from this long before the start. */
const ATTENDANCE_OPENS_BEFORE_MS = 30 * 60_000;

function staffActor(ctx: RequestContext): StaffActor {
  if (ctx.actor.type !== 'staff') throw new AppError('auth.unauthenticated', 401, 'Sign in first');
  return ctx.actor;
}

async function managedEvent(db: Db, ctx: RequestContext, eventId: string) {
  const event = await findEvent(db, eventId);
  if (!event) throw new AppError('event.not_found', 404, 'No such event');
  authorize(staffActor(ctx), 'event.manage', { organisationId: event.organisation_id });
  return event;
}

function presentForStaff(row: EventRegistrationRow, position: number | null): StaffRegistration {
  return {
    id: row.id,
    email: row.email,
    language: row.language,
    lang: row.lang,
    status: row.status,
    position,
    attended: row.attended,
    createdAt: row.created_at.toISOString(),
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
  };
}

/** A session's registrations: places, the waiting list in order, the cancelled; with counts. */
export async function listRegistrations(
  db: Db,
  ctx: RequestContext,
  eventId: string,
): Promise<StaffRegistrationList> {
  const event = await managedEvent(db, ctx, eventId);
  const rows = await selectEventRegistrations(db, eventId);
  let waiting = 0;
  const items = rows.map((row) => presentForStaff(row, row.status === 'waiting' ? ++waiting : null));
  const count = (status: EventRegistrationRow['status']) => rows.filter((r) => r.status === status).length;
  return {
    event: {
      id: event.id,
      title: event.title,
      startsAt: event.starts_at.toISOString(),
      endsAt: event.ends_at.toISOString(),
      capacity: event.capacity,
      status: event.status,
      format: event.format,
    },
    counts: {
      registered: count('registered'),
      waiting: count('waiting'),
      cancelled: count('cancelled'),
      attended: rows.filter((r) => r.status === 'registered' && r.attended === true).length,
    },
    items,
  };
}

/** Marks whether a registrant with a place came (null: not marked). */
export async function markAttendance(
  db: Db,
  ctx: RequestContext,
  eventId: string,
  registrationId: string,
  attended: boolean | null,
  now = new Date(),
): Promise<StaffRegistration> {
  const event = await managedEvent(db, ctx, eventId);
  const row = await findRegistration(db, registrationId);
  if (!row || row.event_id !== eventId) {
    throw new AppError('registration.not_found', 404, 'No such registration');
  }
  if (row.status !== 'registered') {
    throw new AppError('registration.not_registered', 409, 'Only a registrant with a place can attend');
  }
  if (now.getTime() < event.starts_at.getTime() - ATTENDANCE_OPENS_BEFORE_MS) {
    throw new AppError('registration.not_started', 409, 'Attendance is marked when the event begins', {
      opensAt: new Date(event.starts_at.getTime() - ATTENDANCE_OPENS_BEFORE_MS).toISOString(),
    });
  }
  const updated = await db.transaction().execute(async (trx) => {
    const updated = await setAttendance(trx, registrationId, attended);
    await recordAudit(trx, ctx, {
      action: 'event.attendance',
      targetType: 'event',
      targetId: eventId,
      organisationId: event.organisation_id,
    });
    return updated;
  });
  return presentForStaff(updated, null);
}

/** Tells everyone registered or waiting that the session was cancelled (with the calendar's cancellation). */
export async function tellSessionCancelled(deps: ContactDeps, eventId: string): Promise<void> {
  const event = (await findEvent(deps.db, eventId))!;
  const rows = await selectLiveRegistrations(deps.db, eventId);
  const mails: (string | undefined)[] = [];
  for (const row of rows) mails.push(await queueRegistrationMail(deps, event, row, 'event_cancelled'));
  kickAll(deps, mails);
}
