import { municipalityName } from '../../shared/municipalities.js';
import type { EventWithOrganisation } from './event.repository.js';
import type { PublicEventView, StaffEventView } from './event.schema.js';
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

export function presentPublicEvent(
  row: EventWithOrganisation,
  staff: { id: string; name: string }[],
  lang: ViewLang,
): PublicEventView {
  return {
    id: row.id,
    title: row.title,
    place: row.place,
    address: row.address,
    municipality: { code: row.municipality, name: municipalityName(row.municipality, lang) },
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
): StaffEventView {
  return {
    ...presentPublicEvent(row, staff, lang),
    status: row.status,
    organisationId: row.organisation_id,
    staff,
    updatedAt: row.updated_at.toISOString(),
  };
}
