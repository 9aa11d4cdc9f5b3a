import type { Db } from '../../db/database-types.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { afterSessionChanged } from './registration.service.js';
import { tellSessionCancelled } from './registration-staff.service.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../../access/audit.js';
import type { StaffActor } from '../../access/actor.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { findMunicipality } from '../../shared/municipalities.js';
import { presentStaffEvent } from './event.presenter.js';
import {
  findEvent,
  insertEvent,
  replaceEventStaff,
  selectActiveCounsellors,
  selectEvents,
  selectEventStaff,
  selectRegistrationCounts,
  updateEventRow,
} from './event.repository.js';
import type { EventInput, StaffEventView } from './event.schema.js';
import { checkEventTimes, parseEventTime } from './event-times.js';

const YEAR = 366 * 86_400_000;

function staffActor(ctx: RequestContext): StaffActor {
  if (ctx.actor.type !== 'staff') throw new AppError('auth.unauthenticated', 401, 'Sign in first');
  return ctx.actor;
}

/** The provider an action is about: an admin may name any; others act for their own. */
function targetOrganisation(actor: StaffActor, requested: string | undefined): string {
  const organisationId = requested ?? actor.organisationId;
  if (!organisationId) {
    throw new AppError('event.organisation_required', 400, 'Choose the provider', {
      field: 'organisationId',
    });
  }
  authorize(actor, 'event.manage', { organisationId });
  return organisationId;
}

async function loadManaged(db: Db, actor: StaffActor, id: string) {
  const row = await findEvent(db, id);
  if (!row) throw new AppError('event.not_found', 404, 'No such event');
  authorize(actor, 'event.manage', { organisationId: row.organisation_id });
  return row;
}

async function present(db: Db, id: string): Promise<StaffEventView> {
  const row = (await findEvent(db, id))!;
  const staff = (await selectEventStaff(db, [id])).get(id) ?? [];
  return presentStaffEvent(row, staff, 'fi', await selectRegistrationCounts(db, [id]));
}

/** The meeting room's registrants: 8 people with the counsellor (a mesh grows fast). */
export const GROUP_ROOM_REGISTRANTS = 7;

const fieldError = (code: string, field: string, message: string) =>
  new AppError(code, 400, message, { field, fields: [{ field, message: code }] });

/** Where the session is: a place and municipality unless online; a join link only online or hybrid. */
function checkFormat(input: EventInput): void {
  if (input.format !== 'online') {
    if (!input.place) throw fieldError('event.place_required', 'place', 'Name the place of the event');
    if (!input.municipality) {
      throw fieldError('event.municipality_required', 'municipality', 'Choose the municipality of the event');
    }
  }
  if (input.format === 'in_person' && input.joinUrl) {
    throw fieldError(
      'event.join_url_not_online',
      'joinUrl',
      'Only an online or hybrid event has a join link',
    );
  }
  if (input.meetingRoom) {
    if (input.format === 'in_person') {
      throw fieldError(
        'event.join_url_not_online',
        'meetingRoom',
        'Only an online or hybrid event has a meeting room',
      );
    }
    if (input.joinUrl) {
      throw fieldError(
        'event.join_choice',
        'joinUrl',
        'Give either a join link or the meeting room, not both',
      );
    }
    if (input.capacity === null || input.capacity > GROUP_ROOM_REGISTRANTS) {
      throw fieldError(
        'event.room_too_small',
        'capacity',
        `The meeting room takes at most ${GROUP_ROOM_REGISTRANTS} registrants and the counsellor`,
      );
    }
  }
  if (input.municipality && findMunicipality(input.municipality)?.code !== input.municipality) {
    throw fieldError('event.unknown_municipality', 'municipality', 'Unknown municipality code');
  }
}

/** Validates what the database would refuse less clearly, and what it cannot know. */
async function checkInput(db: Db, organisationId: string, input: EventInput, timesChanged: boolean) {
  checkFormat(input);
  const start = parseEventTime(input.startsAt);
  const end = parseEventTime(input.endsAt);
  // An event already held may be corrected without tripping over the "too far in the past" rule.
  if (timesChanged) checkEventTimes(start, end, new Date());
  else if (end <= start) checkEventTimes(start, end, start);
  const eligible = new Set((await selectActiveCounsellors(db, organisationId)).map((s) => s.id));
  const strangers = input.staffIds.filter((id) => !eligible.has(id));
  if (strangers.length > 0) {
    throw new AppError(
      'event.staff_not_eligible',
      400,
      "Counsellors present must be the provider's active staff",
      {
        field: 'staffIds',
        fields: [{ field: 'staffIds', message: 'event.staff_not_eligible' }],
      },
    );
  }
  return { start, end };
}

/** The columns the event form sets, the same on create and on update. */
function eventColumns(organisationId: string, input: EventInput, start: Date, end: Date) {
  return {
    organisation_id: organisationId,
    title: input.title,
    place: input.format === 'online' ? '' : input.place,
    address: input.format === 'online' ? '' : input.address,
    municipality: input.format === 'online' ? null : input.municipality,
    format: input.format,
    capacity: input.capacity,
    join_url: input.format === 'in_person' ? null : input.joinUrl,
    meeting_room: input.meetingRoom,
    starts_at: start,
    ends_at: end,
    languages: input.languages,
    description: input.description,
    status: input.status,
  };
}

/** The counsellors present and the audit line, written in the transaction that saves the event. */
async function writeStaffAndAudit(
  trx: Db,
  ctx: RequestContext,
  action: 'event.create' | 'event.update',
  id: string,
  organisationId: string,
  staffIds: string[],
): Promise<void> {
  await replaceEventStaff(trx, id, staffIds);
  await recordAudit(trx, ctx, { action, targetType: 'event', targetId: id, organisationId });
}

/** Creates a pop-up event for the actor's provider (an admin's for any). */
export async function createEvent(db: Db, ctx: RequestContext, input: EventInput): Promise<StaffEventView> {
  const actor = staffActor(ctx);
  const organisationId = targetOrganisation(actor, input.organisationId);
  const { start, end } = await checkInput(db, organisationId, input, true);
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertEvent(trx, {
      ...eventColumns(organisationId, input, start, end),
      created_by: actor.staffId,
    });
    await writeStaffAndAudit(trx, ctx, 'event.create', id, organisationId, input.staffIds);
    return id;
  });
  return present(db, id);
}

/** Replaces an event's details; only its provider's staff (or an admin) may. */
export async function updateEvent(
  deps: ContactDeps,
  ctx: RequestContext,
  id: string,
  input: EventInput,
): Promise<StaffEventView> {
  const { db } = deps;
  const actor = staffActor(ctx);
  const row = await loadManaged(db, actor, id);
  const organisationId = targetOrganisation(actor, input.organisationId ?? row.organisation_id);
  const start = parseEventTime(input.startsAt);
  const end = parseEventTime(input.endsAt);
  const timesChanged = start.getTime() !== row.starts_at.getTime() || end.getTime() !== row.ends_at.getTime();
  await checkInput(db, organisationId, input, timesChanged);
  await db.transaction().execute(async (trx) => {
    await updateEventRow(trx, id, eventColumns(organisationId, input, start, end));
    await writeStaffAndAudit(trx, ctx, 'event.update', id, organisationId, input.staffIds);
  });
  // A raised capacity (or a session now published) gives places to those waiting.
  await afterSessionChanged(deps, id);
  return present(db, id);
}

/**
 * Cancels an event: it stays in the calendar and the feed, marked cancelled; everyone registered
 * or waiting is told.
 */
export async function cancelEvent(
  deps: ContactDeps,
  ctx: RequestContext,
  id: string,
): Promise<StaffEventView> {
  const { db } = deps;
  const actor = staffActor(ctx);
  const row = await loadManaged(db, actor, id);
  if (row.status !== 'cancelled') {
    await db.transaction().execute(async (trx) => {
      await updateEventRow(trx, id, { status: 'cancelled' });
      await recordAudit(trx, ctx, {
        action: 'event.cancel',
        targetType: 'event',
        targetId: id,
        organisationId: row.organisation_id,
      });
    });
    await tellSessionCancelled(deps, id);
  }
  return present(db, id);
}

/** One event as its provider's staff see it (drafts too). */
export async function readStaffEvent(db: Db, ctx: RequestContext, id: string): Promise<StaffEventView> {
  const actor = staffActor(ctx);
  await loadManaged(db, actor, id);
  return present(db, id);
}

/** The provider's events (an admin: every provider's unless one is named), upcoming or the past year's too. */
export async function listStaffEvents(
  db: Db,
  ctx: RequestContext,
  query: { organisationId?: string; includePast: boolean },
): Promise<{ items: StaffEventView[] }> {
  const actor = staffActor(ctx);
  const organisationId =
    actor.role === 'admin' && !query.organisationId
      ? undefined
      : targetOrganisation(actor, query.organisationId);
  if (organisationId === undefined) authorize(actor, 'event.manage', {});
  const now = Date.now();
  const rows = await selectEvents(db, {
    endsAfter: new Date(query.includePast ? now - YEAR : now),
    organisationId,
    statuses: ['draft', 'published', 'cancelled'],
  });
  const ids = rows.map((row) => row.id);
  const [staff, counts] = await Promise.all([selectEventStaff(db, ids), selectRegistrationCounts(db, ids)]);
  return { items: rows.map((row) => presentStaffEvent(row, staff.get(row.id) ?? [], 'fi', counts)) };
}

/** Who may be marked present at the provider's events. */
export async function listEventCounsellors(
  db: Db,
  ctx: RequestContext,
  requested: string | undefined,
): Promise<{ organisationId: string; items: { id: string; name: string }[] }> {
  const organisationId = targetOrganisation(staffActor(ctx), requested);
  return { organisationId, items: await selectActiveCounsellors(db, organisationId) };
}
