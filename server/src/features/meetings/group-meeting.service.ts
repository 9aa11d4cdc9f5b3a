/** Who may enter a group session's own meeting room, and when. */
import type { Db } from '../../db/database-types.js';
import type { StaffActor } from '../../access/actor.js';
import { can } from '../../access/policy.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../shared/secrets.js';
import { firstName } from '../events/event.presenter.js';
import { findEvent } from '../events/event.repository.js';
import { findRegistrationByTokenHash } from '../events/registration.repository.js';
import { CLOSES_AFTER_MS, OPENS_BEFORE_MS } from './meeting.service.js';

export interface GroupMeeting {
  eventId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** Who is coming in: one member per registration, or per counsellor. */
  memberKey: string;
  role: 'participant' | 'staff';
  /** How the others see them: a counsellor by first name; a registrant by the name they gave. */
  name: string | null;
}

const notFound = () => new AppError('meeting.not_found', 404, 'No such meeting');

async function openSession(db: Db, eventId: string, now: Date) {
  const event = await findEvent(db, eventId);
  if (!event || !event.meeting_room || event.status !== 'published') throw notFound();
  const opens = event.starts_at.getTime() - OPENS_BEFORE_MS;
  const closes = event.ends_at.getTime() + CLOSES_AFTER_MS;
  if (now.getTime() < opens || now.getTime() > closes) {
    throw new AppError('meeting.not_open', 403, 'The meeting room is not open now', {
      opensAt: new Date(opens).toISOString(),
      closesAt: new Date(closes).toISOString(),
    });
  }
  return event;
}

/** A registrant with a place, by the token of their own link. */
export async function groupMeetingForRegistrant(
  db: Db,
  token: string,
  now = new Date(),
): Promise<GroupMeeting> {
  // A 256-bit secret: its hash is looked up directly.
  if (token.length < 20 || token.length > 100) throw notFound();
  const registration = await findRegistrationByTokenHash(db, sha256(token));
  if (!registration || registration.status !== 'registered') throw notFound();
  const event = await openSession(db, registration.event_id, now);
  return {
    eventId: event.id,
    title: event.title,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    memberKey: `r:${registration.id}`,
    role: 'participant',
    name: null,
  };
}

/** The session's provider's staff (and admins), signed in. */
export async function groupMeetingForStaff(
  db: Db,
  actor: StaffActor,
  eventId: string,
  now = new Date(),
): Promise<GroupMeeting> {
  if (!/^[0-9a-f-]{36}$/i.test(eventId)) throw notFound();
  const event = await findEvent(db, eventId);
  // Another provider's session looks the same as a missing one.
  if (!event || !can(actor, 'event.manage', { organisationId: event.organisation_id })) throw notFound();
  await openSession(db, eventId, now);
  const staff = await db
    .selectFrom('staff')
    .select('name')
    .where('id', '=', actor.staffId)
    .executeTakeFirst();
  return {
    eventId: event.id,
    title: event.title,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    memberKey: `s:${actor.staffId}`,
    role: 'staff',
    name: firstName(staff?.name ?? ''),
  };
}
