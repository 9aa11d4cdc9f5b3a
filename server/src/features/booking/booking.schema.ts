/* Response shapes of booking: a counsellor's hours, free times, bookings and the manage link. */
import { inputWarningSchema } from '../../conversations/about-you.js';
import { z } from 'zod';
import { availabilityChannels, bookableChannels } from './appointment.table.js';
import type { Booked } from './booking.service.js';

const appointmentStatus = z.enum(['booked', 'cancelled', 'done']);

/** A counsellor's own weekly hours per channel, absences and booking settings (Helsinki times). */
export const myAvailabilitySchema = z.object({
  rules: z.array(
    z.object({
      channel: z.enum(availabilityChannels),
      weekday: z.number().int(),
      start: z.string(),
      end: z.string(),
      location: z.string().nullable(),
      directions: z.string(),
    }),
  ),
  absences: z.array(
    z.object({
      day: z.string(),
      /** Both null: the whole day. */
      start: z.string().nullable(),
      end: z.string().nullable(),
      note: z.string(),
    }),
  ),
  settings: z.object({
    slotMinutes: z.number().int(),
    bufferMinutes: z.number().int(),
    minNoticeMinutes: z.number().int(),
    horizonDays: z.number().int(),
  }),
});

/** Free start times across every matching counsellor, without saying whose. */
export const freeSlotsSchema = z.object({
  channel: z.enum(bookableChannels),
  slots: z.array(z.object({ start: z.string(), end: z.string(), location: z.string().nullable() })),
});

/** A booking made: the confirmation, with the tokens shown only this once. */
export const bookedSchema = z.object({
  appointmentId: z.string(),
  conversationId: z.string(),
  channel: z.enum(bookableChannels),
  start: z.string(),
  end: z.string(),
  location: z.string().nullable(),
  /** Face-to-face: how to find the place, and a map search for its address. */
  directions: z.string().optional(),
  mapUrl: z.string().nullable().optional(),
  /** Lets the client cancel or move the booking; absent when a repeated request gets the earlier booking. */
  manageToken: z.string().optional(),
  /** Video meetings: the client's meeting link token, shown once like the manage token. */
  meetingToken: z.string().optional(),
  warnings: z.array(inputWarningSchema).optional(),
}) satisfies z.ZodType<Booked>;

/** An appointment's channel, state, time and place, wherever a booked appointment is shown. */
const appointmentShape = {
  id: z.string(),
  channel: z.enum(bookableChannels),
  status: appointmentStatus,
  start: z.string(),
  end: z.string(),
  location: z.string().nullable(),
  directions: z.string(),
};

/** What the manage link shows: the booking, without anything about other people. */
export const managedBookingSchema = z.object({
  ...appointmentShape,
  mapUrl: z.string().nullable(),
  /** The counsellor's first name. */
  counsellor: z.string().nullable(),
  language: z.string().nullable(),
  topic: z.string().nullable(),
});

export const cancelledBookingSchema = z.object({ id: z.string(), status: z.literal('cancelled') });

/** Appointments in a staff calendar, with the clients' contact details. */
export const staffAppointmentListSchema = z.object({
  items: z.array(
    z.object({
      ...appointmentShape,
      conversationId: z.string(),
      staffId: z.string(),
      staffName: z.string(),
      topic: z.string().nullable(),
      language: z.string().nullable(),
      clientName: z.string().nullable(),
      clientPhone: z.string().nullable(),
      clientEmail: z.string().nullable(),
    }),
  ),
});
