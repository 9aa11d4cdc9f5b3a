import type { EventBody, StaffEventView } from '$lib/api/events';
import { helsinkiNow } from '$lib/contact/call-window';
import type { Translate } from '$lib/i18n/i18n';
import { list, text, type FormErrors } from './forms';

export type EventFormat = 'in_person' | 'online' | 'hybrid';
const formats: readonly EventFormat[] = ['in_person', 'online', 'hybrid'];

/** The console's event form as typed: one day, start and end in Helsinki time. */
export interface EventFormValues {
  title: string;
  format: EventFormat;
  place: string;
  address: string;
  municipality: string;
  date: string;
  start: string;
  end: string;
  languages: string[];
  staffIds: string[];
  description: string;
  status: 'published' | 'draft';
  /** Whether people register; the places as typed (a number only when they do). */
  takesRegistrations: boolean;
  capacity: string;
  joinUrl: string;
  /** The service's own meeting room instead of a link (online or hybrid). */
  meetingRoom: boolean;
}

/** The API's field names → the form's, so its errors land under the right field. */
export const eventFieldNames: Record<string, string> = {
  startsAt: 'start',
  endsAt: 'end',
  staffIds: 'staff',
  organisationId: 'title',
};

export const emptyEventValues = (): EventFormValues => ({
  title: '',
  format: 'in_person',
  place: '',
  address: '',
  municipality: '564',
  date: '',
  start: '',
  end: '',
  languages: ['fi'],
  staffIds: [],
  description: '',
  status: 'published',
  takesRegistrations: false,
  capacity: '',
  joinUrl: '',
  meetingRoom: false,
});

export function eventFormValues(form: FormData): EventFormValues {
  const format = text(form, 'format');
  return {
    title: text(form, 'title'),
    format: formats.find((f) => f === format) ?? 'in_person',
    place: text(form, 'place'),
    address: text(form, 'address'),
    municipality: text(form, 'municipality'),
    date: text(form, 'date'),
    start: text(form, 'start'),
    end: text(form, 'end'),
    languages: list(form, 'languages'),
    staffIds: list(form, 'staff'),
    description: text(form, 'description'),
    status: text(form, 'status') === 'draft' ? 'draft' : 'published',
    takesRegistrations: text(form, 'takesRegistrations') === 'yes',
    capacity: text(form, 'capacity'),
    joinUrl: text(form, 'joinUrl'),
    meetingRoom: text(form, 'meetingRoom') === 'yes',
  };
}

/** An event's details as the form shows them (Helsinki wall-clock time). */
export function valuesFromEvent(event: StaffEventView): EventFormValues {
  const start = helsinkiNow(new Date(event.startsAt));
  const end = helsinkiNow(new Date(event.endsAt));
  return {
    title: event.title,
    format: event.format,
    place: event.place,
    address: event.address,
    municipality: event.municipality?.code ?? '',
    date: start.day,
    start: start.time,
    end: end.time,
    languages: event.languages,
    staffIds: event.staff.map((person) => person.id),
    description: event.description,
    status: event.status === 'draft' ? 'draft' : 'published',
    takesRegistrations: event.registration !== null,
    capacity: event.registration ? String(event.registration.capacity) : '',
    joinUrl: event.joinUrl ?? '',
    meetingRoom: event.meetingRoom,
  };
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const timePattern = /^([01]\d|2[0-3])[:.][0-5]\d$/;
const capacityPattern = /^\d{1,3}$/;

/** An `https://` address with a host, as the API takes it for a join link. */
function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Checks what the form can tell by itself; the API checks the rest (order of times, staff). */
export function checkEventForm(
  values: EventFormValues,
  t: Translate,
  organisationId?: string,
): { errors: FormErrors } | { body: EventBody } {
  const errors: FormErrors = {};
  const isOnline = values.format === 'online';
  const required = isOnline
    ? (['title', 'date', 'start', 'end'] as const)
    : (['title', 'place', 'municipality', 'date', 'start', 'end'] as const);
  for (const field of required) {
    if (!values[field]) errors[field] = t('event_admin.required');
  }
  const capacity = Number(values.capacity);
  if (
    values.takesRegistrations &&
    !(capacityPattern.test(values.capacity) && capacity >= 1 && capacity <= 500)
  ) {
    errors.capacity = t('event_admin.invalid_capacity');
  }
  // A face-to-face event's join link field is hidden, as is a meeting room's: what it holds is not sent.
  const meetingRoom = values.format !== 'in_person' && values.meetingRoom;
  const joinUrl = values.format === 'in_person' || meetingRoom ? '' : values.joinUrl;
  if (joinUrl && !isHttpsUrl(joinUrl)) errors.joinUrl = t('event_admin.invalid_join_url');
  if (values.date && !dayPattern.test(values.date)) errors.date = t('event_admin.invalid_date');
  for (const field of ['start', 'end'] as const) {
    if (values[field] && !timePattern.test(values[field])) errors[field] = t('event_admin.invalid_time');
  }
  if (values.languages.length === 0) errors.languages = t('event_admin.required');
  if (Object.keys(errors).length > 0) return { errors };
  // The end on the same day; an end before the start is the API's to refuse, with its own code.
  const clock = (value: string) => value.replace('.', ':');
  return {
    body: {
      ...(organisationId ? { organisationId } : {}),
      title: values.title,
      format: values.format,
      // An online session has no place: what the hidden fields hold is not sent.
      place: isOnline ? '' : values.place,
      address: isOnline ? '' : values.address,
      municipality: isOnline ? null : values.municipality,
      capacity: values.takesRegistrations ? capacity : null,
      joinUrl: joinUrl || null,
      meetingRoom,
      startsAt: `${values.date}T${clock(values.start)}`,
      endsAt: `${values.date}T${clock(values.end)}`,
      languages: values.languages as EventBody['languages'],
      description: values.description,
      staffIds: values.staffIds,
      status: values.status,
    },
  };
}
