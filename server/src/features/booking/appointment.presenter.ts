/** Appointment rows as the API shows them: to the client who booked, and to staff. */
import { mapSearchUrl } from '../../shared/urls/booking-urls.js';
import type { BookableChannel } from './appointment.table.js';
import type { Booked } from './booking.service.js';
import type {
  selectAppointmentByRequestKey,
  selectAppointmentsInPeriod,
  selectManagedAppointmentByTokenHash,
} from './appointment.repository.js';

type Row<F extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<F>>>;

const mapUrlOf = (row: { channel: BookableChannel; location: string | null }) =>
  row.channel === 'in_person' ? mapSearchUrl(row.location) : null;

/** A booking made earlier, as its first confirmation showed it (without the tokens, shown once). */
export function presentBooked(row: Row<typeof selectAppointmentByRequestKey>): Booked {
  return {
    appointmentId: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
    location: row.location,
    directions: row.directions,
    mapUrl: mapUrlOf(row),
  };
}

/** What the manage link shows: the booking, without anything about other people. */
export function presentManagedBooking(row: Row<typeof selectManagedAppointmentByTokenHash>) {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
    location: row.location,
    directions: row.directions,
    mapUrl: mapUrlOf(row),
    counsellor: row.staff_name.split(/\s+/)[0] ?? null,
    language: row.language,
    topic: row.topic,
  };
}

/** An appointment in a staff calendar, with the client's contact details. */
export function presentStaffAppointment(row: Row<typeof selectAppointmentsInPeriod>[number]) {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    status: row.status,
    start: new Date(row.starts_at).toISOString(),
    end: new Date(row.ends_at).toISOString(),
    location: row.location,
    directions: row.directions,
    staffId: row.staff_id,
    staffName: row.staff_name,
    topic: row.topic,
    language: row.language,
    clientName: row.client_name,
    clientPhone: row.client_phone,
    clientEmail: row.client_email,
  };
}
