import { municipalityName } from '../../shared/municipalities.js';
import type { EventWithOrganisation } from './event.repository.js';
import type { PublicEventView, RegistrationSummary, StaffEventView } from './event.schema.js';
import { eventCalendarUrl } from '../../shared/urls/event-urls.js';

export type ViewLang = 'fi' | 'sv' | 'en';

/** "Päivi Koivisto (demo)" → "Päivi": the public sees counsellors by first name only. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

export function organisationName(row: EventWithOrganisation, lang: ViewLang): string {
  if (lang === 'sv') return row.organisation_name_sv ?? row.organisation_name_fi;
  if (lang === 'en') return row.organisation_name_en ?? row.organisation_name_fi;
  return row.organisation_name_fi;
}

const onlineWord: Record<ViewLang, { online: string; hybrid: string }> = {
  fi: { online: 'Verkossa', hybrid: 'myös verkossa' },
  sv: { online: 'På nätet', hybrid: 'även på nätet' },
  en: { online: 'Online', hybrid: 'also online' },
};

/** Where a session is, in words: "Oulun kaupunginkirjasto, Oulu", "Verkossa", "…, myös verkossa". */
export function placeLine(
  row: Pick<EventWithOrganisation, 'place' | 'address' | 'municipality' | 'format'>,
  lang: ViewLang,
  withAddress = false,
): string {
  if (row.format === 'online') return onlineWord[lang].online;
  const parts = [
    row.place,
    withAddress ? row.address : '',
    row.municipality ? municipalityName(row.municipality, lang) : '',
  ]
    .filter((part, i, all) => part && all.indexOf(part) === i)
    .join(', ');
  return row.format === 'hybrid' ? `${parts} (${onlineWord[lang].hybrid})` : parts;
}

/** How many have a place and how many wait, per event (events without registrations are absent). */
export type RegistrationCounts = Map<string, { registered: number; waiting: number }>;

/** The places of a session that takes registrations, or null. */
export function registrationSummary(
  row: Pick<EventWithOrganisation, 'id' | 'capacity'>,
  counts: RegistrationCounts,
): RegistrationSummary | null {
  if (row.capacity === null) return null;
  const { registered, waiting } = counts.get(row.id) ?? { registered: 0, waiting: 0 };
  return { capacity: row.capacity, registered, waiting, placesLeft: Math.max(0, row.capacity - registered) };
}

export function presentPublicEvent(
  row: EventWithOrganisation,
  staff: { id: string; name: string }[],
  lang: ViewLang,
  counts: RegistrationCounts = new Map(),
): PublicEventView {
  return {
    id: row.id,
    title: row.title,
    place: row.place,
    address: row.address,
    municipality: row.municipality
      ? { code: row.municipality, name: municipalityName(row.municipality, lang) }
      : null,
    format: row.format,
    // Registrants get the link by mail; an open session shows it to everyone.
    joinUrl: row.capacity === null ? row.join_url : null,
    meetingRoom: row.meeting_room,
    registration: registrationSummary(row, counts),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    languages: row.languages,
    description: row.description,
    status: row.status === 'cancelled' ? 'cancelled' : 'published',
    counsellors: staff.map((person) => firstName(person.name)),
    organisation: { slug: row.organisation_slug, name: organisationName(row, lang) },
    calendarUrl: eventCalendarUrl(row.id),
  };
}

export function presentStaffEvent(
  row: EventWithOrganisation,
  staff: { id: string; name: string }[],
  lang: ViewLang,
  counts: RegistrationCounts = new Map(),
): StaffEventView {
  return {
    ...presentPublicEvent(row, staff, lang, counts),
    joinUrl: row.join_url,
    status: row.status,
    organisationId: row.organisation_id,
    staff,
    updatedAt: row.updated_at.toISOString(),
  };
}
