import type { z } from 'zod';
import type {
  eventInputSchema,
  PublicEventList,
  PublicEventView,
  StaffEventView,
} from '$server/features/events/event.schema';
import type {
  Registered,
  registrationInputSchema,
  RegistrationView,
  StaffRegistration,
  StaffRegistrationList,
} from '$server/features/events/registration.schema';
import { createCaller, queryString } from './client';

type Fetch = typeof fetch;

export type EventBody = z.input<typeof eventInputSchema>;
export type RegistrationBody = z.input<typeof registrationInputSchema>;
export type { PublicEventList, PublicEventView, Registered, RegistrationView, StaffEventView };

/** The calendar feed (iCalendar) a visitor can subscribe to; a link, not a call. */
export function eventsFeedPath(query: { municipality?: string; lang?: string }): string {
  return `/api/v1/events/feed.ics${queryString(query)}`;
}

/** The pop-up event calendar: public reading and the staff's editing. */
export function createEventsApi(fetch: Fetch) {
  const call = createCaller(fetch);
  const manage = '/api/v1/events/manage';
  return {
    list: (query: { from?: string; to?: string; municipality?: string; lang: string }) =>
      call<PublicEventList>('GET', `/api/v1/events${queryString(query)}`),
    get: (id: string, lang: string) =>
      call<PublicEventView>('GET', `/api/v1/events/${encodeURIComponent(id)}${queryString({ lang })}`),
    manageList: (query: { organisationId?: string; includePast?: boolean } = {}) =>
      call<{ items: StaffEventView[] }>('GET', `${manage}${queryString(query)}`),
    manageGet: (id: string) => call<StaffEventView>('GET', `${manage}/${encodeURIComponent(id)}`),
    counsellors: (organisationId?: string) =>
      call<{ organisationId: string; items: { id: string; name: string }[] }>(
        'GET',
        `${manage}/counsellors${queryString({ organisationId })}`,
      ),
    create: (body: EventBody) => call<StaffEventView>('POST', manage, body),
    update: (id: string, body: EventBody) =>
      call<StaffEventView>('PUT', `${manage}/${encodeURIComponent(id)}`, body),
    cancel: (id: string) => call<StaffEventView>('POST', `${manage}/${encodeURIComponent(id)}/cancel`, {}),

    register: (id: string, body: RegistrationBody) =>
      call<Registered>('POST', `/api/v1/events/${encodeURIComponent(id)}/registrations`, body),
    /** One's own registration by the token in the mail; the event in the page's language. */
    ownRegistration: (token: string, lang: string) =>
      call<RegistrationView>(
        'GET',
        `/api/v1/events/registrations/${encodeURIComponent(token)}${queryString({ lang })}`,
      ),
    cancelRegistration: (token: string, lang: string) =>
      call<RegistrationView>(
        'POST',
        `/api/v1/events/registrations/${encodeURIComponent(token)}/cancel${queryString({ lang })}`,
        {},
      ),
    registrations: (id: string) =>
      call<StaffRegistrationList>('GET', `${manage}/${encodeURIComponent(id)}/registrations`),
    markAttendance: (id: string, registrationId: string, attended: boolean | null) =>
      call<StaffRegistration>(
        'PUT',
        `${manage}/${encodeURIComponent(id)}/registrations/${encodeURIComponent(registrationId)}/attendance`,
        { attended },
      ),
  };
}
