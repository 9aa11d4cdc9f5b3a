/** Queues a registration's mails: with the session's details, the own link and, with a place, the calendar file. */
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { queueMail } from '../../conversations/mail-outbox.js';
import { registrationToken } from '../../conversations/link-tokens.js';
import { calendarFile } from '../../shared/ical.js';
import { groupMeetingUrl, registrationUrl } from '../../shared/urls/event-urls.js';
import type { Db } from '../../db/database-types.js';
import type { EventRegistrationRow } from '../outreach/outreach.table.js';
import { calendarEvent } from './event-public.service.js';
import { organisationName, placeLine, type ViewLang } from './event.presenter.js';
import { findEvent, selectEventStaff, type EventWithOrganisation } from './event.repository.js';
import { carriesCalendar, registrationMail, type RegistrationMailKind } from './registration.mail.js';
import { waitingPosition } from './registration.repository.js';

const mailLang = (lang: string): ViewLang => (lang === 'sv' || lang === 'en' ? lang : 'fi');

/**
 * Queues one mail about a registration (in `db`, a transaction when the change is in one) and
 * returns its id for the sender to be kicked after the commit; undefined when the address has
 * had its share of automatic mail this hour or is erased.
 */
export async function queueRegistrationMail(
  deps: Pick<ContactDeps, 'settings'> & { db: Db },
  event: EventWithOrganisation,
  row: EventRegistrationRow,
  kind: RegistrationMailKind,
): Promise<string | undefined> {
  const { db, settings } = deps;
  if (!row.email) return undefined;
  const lang = mailLang(row.lang);
  const staff = (await selectEventStaff(db, [event.id])).get(event.id) ?? [];
  const token = await registrationToken(db, row.id);
  const ownUrl = `${settings.publicUrl}${registrationUrl(lang, token)}`;
  const withPlace = row.status === 'registered' && kind !== 'event_cancelled';
  const joinUrl = withPlace
    ? event.meeting_room
      ? `${settings.publicUrl}${groupMeetingUrl(lang, token)}`
      : event.join_url
    : null;
  const mail = registrationMail(lang, {
    kind,
    title: event.title,
    start: event.starts_at,
    end: event.ends_at,
    where: placeLine(event, lang, true),
    online: event.format !== 'in_person',
    joinUrl,
    ownUrl,
    position: kind === 'waiting' ? await waitingPosition(db, row) : null,
    provider: organisationName(event, lang),
  });
  const calendar = carriesCalendar(kind)
    ? calendarFile({
        ...calendarEvent(event, staff, lang, settings.publicUrl, joinUrl),
        // One's own copy: the uid of the session, so a later change or cancellation updates it.
        ...(kind === 'event_cancelled' ? { method: 'CANCEL' as const, status: 'CANCELLED' as const } : {}),
      })
    : undefined;
  const queued = await queueMail(db, settings, {
    conversationId: null,
    kind: kind.startsWith('reminder') ? 'event_reminder' : 'event_registration',
    to: row.email,
    mail,
    automatic: true,
    calendar,
  });
  return queued?.id;
}

/** Kicks the sender for mails queued in a transaction that has now committed. */
export function kickAll(deps: Pick<ContactDeps, 'sender'>, ids: (string | undefined)[]): void {
  for (const id of ids) if (id) deps.sender.kick(id);
}

/** The event as the mails need it (drafts too: staff may change a session before publishing). */
export async function eventForMail(db: Db, eventId: string): Promise<EventWithOrganisation> {
  return (await findEvent(db, eventId))!;
}
