/**
 * Registrations for group sessions: a place while there are places, else the waiting list, which
 * moves up by itself when a place opens. Every change to a session's registrations takes the
 * session's row lock first, so parallel registrations never give out more places than there are.
 */
import { randomUUID } from 'node:crypto';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { registrationToken } from '../../conversations/link-tokens.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../shared/secrets.js';
import { groupMeetingUrl } from '../../shared/urls/event-urls.js';
import type { EventRegistrationRow } from '../outreach/outreach.table.js';
import { presentPublicEvent, type ViewLang } from './event.presenter.js';
import {
  findEvent,
  selectEventStaff,
  selectRegistrationCounts,
  type EventWithOrganisation,
} from './event.repository.js';
import { eventForMail, kickAll, queueRegistrationMail } from './registration-notices.js';
import {
  cancelRegistrationRow,
  countRegistered,
  findLiveRegistration,
  findRegistrationByTokenHash,
  insertRegistration,
  lockEvent,
  promoteWaiting,
  waitingPosition,
} from './registration.repository.js';
import type { Registered, RegistrationInput, RegistrationView } from './registration.schema.js';

const conflict = (code: string, message: string) => new AppError(code, 409, message);

/** A registration as its owner sees it, with the session. */
export async function presentRegistration(
  db: Db,
  row: EventRegistrationRow,
  lang: ViewLang,
  event?: EventWithOrganisation,
  /** The own link's token: its holder with a place sees how to join. */
  token?: string,
): Promise<RegistrationView> {
  const session = event ?? (await findEvent(db, row.event_id))!;
  const [staff, counts] = await Promise.all([
    selectEventStaff(db, [session.id]),
    selectRegistrationCounts(db, [session.id]),
  ]);
  return {
    id: row.id,
    status: row.status,
    position: row.status === 'waiting' ? await waitingPosition(db, row) : null,
    language: row.language,
    createdAt: row.created_at.toISOString(),
    cancelledAt: row.cancelled_at?.toISOString() ?? null,
    joinUrl:
      token && row.status === 'registered'
        ? session.meeting_room
          ? groupMeetingUrl(lang, token)
          : session.join_url
        : null,
    event: presentPublicEvent(session, staff.get(session.id) ?? [], lang, counts),
  };
}

/** The session, open for registrations now; each refusal with its own code. */
async function openSession(db: Db, eventId: string, now: Date): Promise<EventWithOrganisation> {
  const event = await findEvent(db, eventId);
  if (!event || event.status === 'draft') throw new AppError('event.not_found', 404, 'No such event');
  if (event.capacity === null) {
    throw conflict('registration.not_open', 'This event takes no registrations: just come');
  }
  if (event.status === 'cancelled')
    throw conflict('registration.event_cancelled', 'The event has been cancelled');
  if (event.starts_at.getTime() <= now.getTime()) {
    throw conflict('registration.closed', 'The event has already started');
  }
  return event;
}

/**
 * Registers an address for a session: a place while there are places, else the waiting list.
 * The same address again (its first registration still live) gets the first one back, and no
 * second mail.
 */
export async function register(
  deps: ContactDeps,
  eventId: string,
  input: RegistrationInput,
  now = new Date(),
): Promise<{ created: boolean; body: Registered }> {
  const { db } = deps;
  const event = await openSession(db, eventId, now);
  if (input.consent !== true) {
    throw new AppError('registration.consent_required', 400, 'Consent is needed to store the registration', {
      field: 'consent',
      fields: [{ field: 'consent', message: 'registration.consent_required' }],
    });
  }
  if (!event.languages.includes(input.language)) {
    throw new AppError('registration.language_not_offered', 400, 'The event is not held in that language', {
      field: 'language',
      allowed: event.languages,
      fields: [{ field: 'language', message: 'registration.language_not_offered' }],
    });
  }
  const email = input.email.trim();
  const outcome = await db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    const earlier = await findLiveRegistration(trx, eventId, email);
    if (earlier) return { row: earlier, created: false, mail: undefined };
    // The places as they are under the lock: staff may have changed them since the checks above.
    const capacity = (await findEvent(trx, eventId))?.capacity ?? event.capacity!;
    const id = randomUUID();
    const hasPlace = (await countRegistered(trx, eventId)) < capacity;
    const row = await insertRegistration(trx, {
      id,
      event_id: eventId,
      email,
      language: input.language,
      lang: input.lang,
      status: hasPlace ? 'registered' : 'waiting',
      consent_at: now,
      token_hash: sha256(await registrationToken(trx, id)),
    });
    const mail = await queueRegistrationMail(
      { ...deps, db: trx },
      event,
      row,
      hasPlace ? 'registered' : 'waiting',
    );
    return { row, created: true, mail };
  });
  kickAll(deps, [outcome.mail]);
  const view = await presentRegistration(db, outcome.row, input.lang, event);
  return { created: outcome.created, body: { ...view, alreadyRegistered: !outcome.created } };
}

async function byToken(db: Db, token: string): Promise<EventRegistrationRow> {
  // The token is a 256-bit secret: its hash is looked up directly.
  const row =
    token.length >= 20 && token.length <= 100
      ? await findRegistrationByTokenHash(db, sha256(token))
      : undefined;
  if (!row) throw new AppError('registration.not_found', 404, 'No such registration');
  return row;
}

/** One's own registration, from the link in the mail. */
export async function readOwnRegistration(db: Db, token: string, lang: ViewLang): Promise<RegistrationView> {
  return presentRegistration(db, await byToken(db, token), lang, undefined, token);
}

/**
 * Gives the places that are free to the first on the waiting list and tells them; a session
 * that has started, is not published or takes no registrations moves nobody. Run in the
 * transaction that freed the places, after taking the session's lock; returns the mails to kick.
 */
export async function fillFreePlaces(
  deps: Pick<ContactDeps, 'settings'> & { db: Db },
  eventId: string,
  now = new Date(),
): Promise<(string | undefined)[]> {
  const { db } = deps;
  const event = await eventForMail(db, eventId);
  if (event.status !== 'published' || event.capacity === null || event.starts_at <= now) return [];
  const free = event.capacity - (await countRegistered(db, eventId));
  const promoted = await promoteWaiting(db, eventId, free);
  const mails: (string | undefined)[] = [];
  for (const row of promoted) mails.push(await queueRegistrationMail(deps, event, row, 'promoted'));
  return mails;
}

/** Cancels one's own registration; the first on the waiting list gets the place. */
export async function cancelOwnRegistration(
  deps: ContactDeps,
  token: string,
  lang: ViewLang,
  now = new Date(),
): Promise<RegistrationView> {
  const { db } = deps;
  const row = await byToken(db, token);
  const alreadyCancelled = () =>
    conflict('registration.already_cancelled', 'This registration was already cancelled');
  if (row.status === 'cancelled') throw alreadyCancelled();
  const event = (await findEvent(db, row.event_id))!;
  if (event.ends_at.getTime() <= now.getTime())
    throw conflict('registration.closed', 'The event has already ended');
  const { cancelled, mails } = await db.transaction().execute(async (trx) => {
    await lockEvent(trx, row.event_id);
    // Two clicks at once: the second finds it cancelled.
    const cancelled = await cancelRegistrationRow(trx, row.id);
    if (!cancelled) throw alreadyCancelled();
    const mails =
      row.status === 'registered' ? await fillFreePlaces({ ...deps, db: trx }, row.event_id, now) : [];
    return { cancelled, mails };
  });
  kickAll(deps, mails);
  return presentRegistration(db, cancelled, lang);
}

/** After staff change a session: a raised capacity gives places to those waiting. */
export async function afterSessionChanged(deps: ContactDeps, eventId: string): Promise<void> {
  const mails = await deps.db.transaction().execute(async (trx) => {
    await lockEvent(trx, eventId);
    return fillFreePlaces({ ...deps, db: trx }, eventId);
  });
  kickAll(deps, mails);
}
