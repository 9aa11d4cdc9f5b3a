import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses, ok } from '../../http/schemas.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { availabilityInputSchema, readMyAvailability, saveMyAvailability } from './availability.service.js';
import { listSlots, slotQuerySchema } from './free-times.service.js';
import { book, bookingSchema, type BookingInput } from './booking.service.js';
import { sha256 } from '../../shared/secrets.js';
import { toE164 } from '../../shared/phone.js';
import { cancelByToken, readByToken, rescheduleByToken, rescheduleSchema } from './manage-booking.service.js';
import { listAppointments, staffAppointmentsSchema } from './appointment-list.service.js';
import {
  bookedSchema,
  cancelledBookingSchema,
  freeSlotsSchema,
  managedBookingSchema,
  myAvailabilitySchema,
  staffAppointmentListSchema,
} from './booking.schema.js';

/** How many bookings one address may make per hour, and one person (email or phone) per day. */
export interface BookingLimits {
  perHour: number;
  perPersonPerDay: number;
}

const DAY_MS = 86_400_000;

/**
 * Who a booking is for, as a key the limit table may keep: a hash, never the address or the
 * number itself. Phone numbers are compared in their international form.
 */
function personKey(kind: 'email' | 'phone', value: string): string {
  const phone = kind === 'phone' ? toE164(value) : undefined;
  const normalised = phone?.ok ? phone.value : value.trim().toLowerCase();
  return `${kind}:${sha256(normalised)}`;
}
const bookingBody = (request: FastifyRequest) => request.body as Partial<BookingInput>;

/** Counsellors' hours, free slots and booking (the booking flow's server side). */
export const bookingRoutes: FastifyPluginAsyncZod<ContactDeps & { limits: BookingLimits }> = async (
  app,
  { limits, ...deps },
) => {
  const { db, notifier } = deps;
  app.get('/api/v1/availability/me', {
    schema: {
      tags: ['booking'],
      summary: 'My weekly hours per channel, absences and booking settings',
      response: ok(myAvailabilitySchema),
    },
    handler: async (request) => readMyAvailability(db, request.context()),
  });
  app.put('/api/v1/availability/me', {
    schema: {
      tags: ['booking'],
      summary: 'Replace my hours, absences and booking settings (Europe/Helsinki)',
      body: availabilityInputSchema,
      response: ok(myAvailabilitySchema),
    },
    handler: async (request) => saveMyAvailability(db, request.context(), request.body),
  });
  app.get('/api/v1/booking/slots', {
    schema: {
      tags: ['booking'],
      summary: 'Free times for a channel and language across every matching counsellor',
      querystring: slotQuerySchema,
      response: { 200: freeSlotsSchema, ...errorResponses(400) },
    },
    preHandler: rateLimit({ name: 'slot', max: 300, windowMs: 60_000 }),
    handler: async (request) => listSlots(db, request.query),
  });
  app.post('/api/v1/booking/appointments', {
    schema: {
      tags: ['booking'],
      summary: 'Book a free time; exactly one of several requests for the same counsellor and time succeeds',
      body: bookingSchema,
      response: { 201: bookedSchema, ...errorResponses(400, 409, 429) },
    },
    // A shared computer may book for many people; one person may not book many times.
    preHandler: [
      rateLimit({ name: 'booking', max: limits.perHour, windowMs: 3_600_000 }),
      rateLimit({
        name: 'booking per email',
        max: limits.perPersonPerDay,
        windowMs: DAY_MS,
        keyOf: (request) => personKey('email', bookingBody(request).email ?? ''),
      }),
      rateLimit({
        name: 'booking per phone',
        max: limits.perPersonPerDay,
        windowMs: DAY_MS,
        keyOf: (request) => personKey('phone', bookingBody(request).phone ?? ''),
        skip: (request) => !bookingBody(request).phone?.trim(),
      }),
    ],
    handler: async (request) => book(deps, request.context(), request.body),
  });
  app.get('/api/v1/booking/manage/:token', {
    schema: {
      tags: ['booking'],
      summary: 'The booking behind a manage link',
      params: z.object({ token: z.string().max(200) }),
      response: { 200: managedBookingSchema, ...errorResponses(404) },
    },
    preHandler: rateLimit({ name: 'manage', max: 60, windowMs: 60_000 }),
    handler: async (request) => readByToken(db, request.params.token),
  });
  app.post('/api/v1/booking/manage/:token/reschedule', {
    schema: {
      tags: ['booking'],
      summary: "Move the booking to another of the same counsellor's free times",
      params: z.object({ token: z.string().max(200) }),
      body: rescheduleSchema,
      response: { 200: managedBookingSchema, ...errorResponses(400, 404, 409) },
    },
    preHandler: rateLimit({ name: 'manage', max: 30, windowMs: 60_000 }),
    handler: async (request) => rescheduleByToken(db, notifier, request.params.token, request.body),
  });
  app.get('/api/v1/appointments/mine', {
    schema: {
      tags: ['booking'],
      summary: 'My appointments in a period',
      querystring: staffAppointmentsSchema,
      response: ok(staffAppointmentListSchema),
    },
    handler: async (request) => listAppointments(db, request.context(), request.query, 'mine'),
  });
  app.get('/api/v1/appointments/team', {
    schema: {
      tags: ['booking'],
      summary: "The team's appointments (provider admins: their provider; admins: all)",
      querystring: staffAppointmentsSchema,
      response: ok(staffAppointmentListSchema),
    },
    handler: async (request) => listAppointments(db, request.context(), request.query, 'team'),
  });
  app.post('/api/v1/booking/manage/:token/cancel', {
    schema: {
      tags: ['booking'],
      summary: 'Cancel through the manage link',
      params: z.object({ token: z.string().max(200) }),
      response: { 200: cancelledBookingSchema, ...errorResponses(404, 409) },
    },
    preHandler: rateLimit({ name: 'manage', max: 30, windowMs: 60_000 }),
    handler: async (request) => cancelByToken(db, notifier, request.params.token),
  });
};
