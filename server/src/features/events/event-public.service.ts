import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { findMunicipality, municipalityName } from '../../shared/municipalities.js';
import { calendarFeed, calendarFile, type CalendarEvent } from '../../shared/ical.js';
import {
  firstName,
  organisationName,
  placeLine,
  presentPublicEvent,
  type ViewLang,
} from './event.presenter.js';
import {
  findEvent,
  selectEventMunicipalities,
  selectEvents,
  selectEventStaff,
  selectRegistrationCounts,
  type EventWithOrganisation,
} from './event.repository.js';
import type { PublicEventList, PublicEventQuery, PublicEventView } from './event.schema.js';
import { addDays, checkRange, dayStart, helsinkiDay } from './event-times.js';
import { eventUrl } from '../../shared/urls/event-urls.js';

const DAY = 86_400_000;
/** The list shows three months ahead unless asked otherwise. */
const DEFAULT_DAYS = 90;

function municipalityOrFail(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const found = findMunicipality(value);
  if (!found) {
    throw new AppError('event.unknown_municipality', 400, 'Unknown municipality', { field: 'municipality' });
  }
  return found.code;
}

/** Published (and cancelled, shown as such) events in a period of Helsinki days. Open to everyone. */
export async function listPublicEvents(db: Db, query: PublicEventQuery): Promise<PublicEventList> {
  const from = query.from ?? helsinkiDay(new Date());
  const to = query.to ?? addDays(from, DEFAULT_DAYS - 1);
  checkRange(from, to);
  const municipality = municipalityOrFail(query.municipality);
  const rows = await selectEvents(db, {
    endsAfter: dayStart(from),
    startsBefore: dayStart(addDays(to, 1)),
    municipality,
    statuses: ['published', 'cancelled'],
  });
  const staff = await selectEventStaff(
    db,
    rows.map((row) => row.id),
  );
  const counts = await selectRegistrationCounts(
    db,
    rows.map((row) => row.id),
  );
  const codes = await selectEventMunicipalities(db, new Date());
  const municipalities = codes
    .map((code) => ({ code, name: municipalityName(code, query.lang) }))
    .sort((a, b) => a.name.localeCompare(b.name, query.lang));
  return {
    from,
    to,
    items: rows.map((row) => presentPublicEvent(row, staff.get(row.id) ?? [], query.lang, counts)),
    municipalities,
  };
}

export async function publicRow(db: Db, id: string): Promise<EventWithOrganisation> {
  const row = await findEvent(db, id);
  // Drafts are not public: answered like an event that does not exist.
  if (!row || row.status === 'draft') throw new AppError('event.not_found', 404, 'No such event');
  return row;
}

/** One published or cancelled event. */
export async function readPublicEvent(db: Db, id: string, lang: ViewLang): Promise<PublicEventView> {
  const row = await publicRow(db, id);
  const staff = (await selectEventStaff(db, [id])).get(id) ?? [];
  return presentPublicEvent(row, staff, lang, await selectRegistrationCounts(db, [id]));
}

const descriptionLabels = {
  fi: { counsellors: 'Paikalla', languages: 'Kielet', cancelled: 'PERUTTU', join: 'Liity' },
  sv: { counsellors: 'På plats', languages: 'Språk', cancelled: 'INSTÄLLT', join: 'Anslut' },
  en: { counsellors: 'Present', languages: 'Languages', cancelled: 'CANCELLED', join: 'Join' },
} as const;

/** An event for a calendar; a registrant's copy carries the join link (`joinUrl`). */
export function calendarEvent(
  row: EventWithOrganisation,
  staff: { name: string }[],
  lang: ViewLang,
  publicUrl: string,
  joinUrl: string | null = row.capacity === null ? row.join_url : null,
): CalendarEvent {
  const labels = descriptionLabels[lang];
  const isCancelled = row.status === 'cancelled';
  const details = [
    row.description,
    joinUrl ? `${labels.join}: ${joinUrl}` : '',
    staff.length ? `${labels.counsellors}: ${staff.map((s) => firstName(s.name)).join(', ')}` : '',
    `${labels.languages}: ${row.languages.join(', ')}`,
    organisationName(row, lang),
  ].filter(Boolean);
  const location = placeLine(row, lang, true);
  return {
    // Stable per event, so a re-imported file or a refreshed feed updates the same entry.
    uid: `event-${row.id}@opintori`,
    start: row.starts_at,
    end: row.ends_at,
    summary: isCancelled ? `${labels.cancelled}: ${row.title}` : row.title,
    description: details.join('\n\n'),
    location: row.format === 'online' && joinUrl ? joinUrl : location,
    url: `${publicUrl}${eventUrl(lang, row.id)}`,
    status: isCancelled ? 'CANCELLED' : 'CONFIRMED',
    // Seconds since creation: grows with every change, which calendars use to take the newer copy.
    sequence: Math.max(0, Math.floor((row.updated_at.getTime() - row.created_at.getTime()) / 1000)),
  };
}

/** One event as an iCalendar file. */
export async function eventCalendarFile(
  db: Db,
  id: string,
  lang: ViewLang,
  publicUrl: string,
): Promise<string> {
  const row = await publicRow(db, id);
  const staff = (await selectEventStaff(db, [id])).get(id) ?? [];
  return calendarFile(calendarEvent(row, staff, lang, publicUrl));
}

const feedNames = {
  fi: { name: 'OpinTori – ohjaustapahtumat', description: 'Koulutusneuvonnan pop-up-tapahtumat' },
  sv: { name: 'OpinTori – vägledningsevenemang', description: 'Pop up-evenemang med studievägledning' },
  en: { name: 'OpinTori – guidance events', description: 'Pop-up education guidance sessions' },
} as const;

/** The subscribable feed: the last month's and the coming year's events, cancelled ones marked. */
export async function eventFeed(
  db: Db,
  query: { municipality?: string; lang: ViewLang },
  publicUrl: string,
): Promise<string> {
  const municipality = municipalityOrFail(query.municipality);
  const now = Date.now();
  const rows = await selectEvents(db, {
    endsAfter: new Date(now - 31 * DAY),
    startsBefore: new Date(now + 366 * DAY),
    municipality,
    statuses: ['published', 'cancelled'],
  });
  const staff = await selectEventStaff(
    db,
    rows.map((row) => row.id),
  );
  const names = feedNames[query.lang];
  return calendarFeed(
    rows.map((row) => calendarEvent(row, staff.get(row.id) ?? [], query.lang, publicUrl)),
    {
      name: municipality ? `${names.name} (${municipalityName(municipality, query.lang)})` : names.name,
      description: names.description,
    },
  );
}
