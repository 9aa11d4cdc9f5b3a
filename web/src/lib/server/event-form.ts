import type { EventBody, StaffEventView } from '$lib/api/events';
import { helsinkiNow } from '$lib/contact/call-window';
import type { Translate } from '$lib/i18n/i18n';
import { list, text, type FormErrors } from './forms';

/** The console's event form as typed: one day, start and end in Helsinki time. */
export interface EventFormValues {
  title: string;
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
});

export function eventFormValues(form: FormData): EventFormValues {
  return {
    title: text(form, 'title'),
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
  };
}

/** An event's details as the form shows them (Helsinki wall-clock time). */
export function valuesFromEvent(event: StaffEventView): EventFormValues {
  const start = helsinkiNow(new Date(event.startsAt));
  const end = helsinkiNow(new Date(event.endsAt));
  return {
    title: event.title,
    place: event.place,
    address: event.address,
    municipality: event.municipality.code,
    date: start.day,
    start: start.time,
    end: end.time,
    languages: event.languages,
    staffIds: event.staff.map((person) => person.id),
    description: event.description,
    status: event.status === 'draft' ? 'draft' : 'published',
  };
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const timePattern = /^([01]\d|2[0-3])[:.][0-5]\d$/;

/** Checks what the form can tell by itself; the API checks the rest (order of times, staff). */
export function checkEventForm(
  values: EventFormValues,
  t: Translate,
  organisationId?: string,
): { errors: FormErrors } | { body: EventBody } {
  const errors: FormErrors = {};
  for (const field of ['title', 'place', 'municipality', 'date', 'start', 'end'] as const) {
    if (!values[field]) errors[field] = t('event_admin.required');
  }
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
      place: values.place,
      address: values.address,
      municipality: values.municipality,
      startsAt: `${values.date}T${clock(values.start)}`,
      endsAt: `${values.date}T${clock(values.end)}`,
      languages: values.languages as EventBody['languages'],
      description: values.description,
      staffIds: values.staffIds,
      status: values.status,
    },
  };
}
