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

/** How, when and where, the same wherever an appointment is shown. */
interface PlacedRow<D> {
  channel: BookableChannel;
  starts_at: Date;
  ends_at: Date;
  location: string | null;
  directions: D;
}

const whenAndWhere = <D>(row: PlacedRow<D>) => ({
  channel: row.channel,
  start: new Date(row.starts_at).toISOString(),
  end: new Date(row.ends_at).toISOString(),
  location: row.location,
  directions: row.directions,
});

/** What the client is shown of an appointment: how, when and where, with a map of the place. */
const forTheClient = <D>(row: PlacedRow<D>) => ({
  ...whenAndWhere(row),
  mapUrl: row.channel === 'in_person' ? mapSearchUrl(row.location) : null,
});

/** A booking made earlier, as its first confirmation showed it (without the tokens, shown once). */
export function presentBooked(row: Row<typeof selectAppointmentByRequestKey>): Booked {
  return { appointmentId: row.id, conversationId: row.conversation_id, ...forTheClient(row) };
}

/** What the manage link shows: the booking, without anything about other people. */
export function presentManagedBooking(row: Row<typeof selectManagedAppointmentByTokenHash>) {
  return {
    id: row.id,
    status: row.status,
    ...forTheClient(row),
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
    status: row.status,
    ...whenAndWhere(row),
    staffId: row.staff_id,
    staffName: row.staff_name,
    topic: row.topic,
    language: row.language,
    clientName: row.client_name,
    clientPhone: row.client_phone,
    clientEmail: row.client_email,
  };
}
