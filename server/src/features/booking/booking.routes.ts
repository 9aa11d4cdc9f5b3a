import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimit } from '../../http/rate-limit.js';
import { commonErrors, errorResponseSchema } from '../../http/schemas.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { availabilityInputSchema, readMyAvailability, saveMyAvailability } from './availability.service.js';
import { listSlots, slotQuerySchema } from './free-times.service.js';
import { book, bookingSchema } from './booking.service.js';
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

/** Counsellors' hours, free slots and booking (the booking flow's server side). */
export const bookingRoutes: FastifyPluginAsyncZod<ContactDeps & { limitPerHour: number }> = async (
  app,
  { limitPerHour, ...deps },
) => {
  const { db, notifier } = deps;
  app.get('/api/v1/availability/me', {
    schema: {
      tags: ['booking'],
      summary: 'My weekly hours per channel, absences and booking settings',
      response: { 200: myAvailabilitySchema, ...commonErrors },
    },
    handler: async (request) => readMyAvailability(db, request.context()),
  });
  app.put('/api/v1/availability/me', {
    schema: {
      tags: ['booking'],
      summary: 'Replace my hours, absences and booking settings (Europe/Helsinki)',
      body: availabilityInputSchema,
      response: { 200: myAvailabilitySchema, ...commonErrors },
    },
    handler: async (request) => saveMyAvailability(db, request.context(), request.body),
  });
  app.get('/api/v1/booking/slots', {
    schema: {
      tags: ['booking'],
      summary: 'Free times for a channel and language across every matching counsellor',
      querystring: slotQuerySchema,
      response: { 200: freeSlotsSchema, 400: errorResponseSchema },
    },
    preHandler: rateLimit({ name: 'slot', max: 300, windowMs: 60_000 }),
    handler: async (request) => listSlots(db, request.query),
  });
  app.post('/api/v1/booking/appointments', {
    schema: {
      tags: ['booking'],
      summary: 'Book a free time; exactly one of several requests for the same counsellor and time succeeds',
      body: bookingSchema,
      response: {
        201: bookedSchema,
        400: errorResponseSchema,
        409: errorResponseSchema,
        429: errorResponseSchema,
      },
    },
    preHandler: rateLimit({ name: 'booking', max: limitPerHour, windowMs: 3_600_000 }),
    handler: async (request, reply) =>
      reply.status(201).send(await book(deps, request.context(), request.body)),
  });
  app.get('/api/v1/booking/manage/:token', {
    schema: {
      tags: ['booking'],
      summary: 'The booking behind a manage link',
      params: z.object({ token: z.string().max(200) }),
      response: { 200: managedBookingSchema, 404: errorResponseSchema },
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
      response: {
        200: managedBookingSchema,
        400: errorResponseSchema,
        404: errorResponseSchema,
        409: errorResponseSchema,
      },
    },
    preHandler: rateLimit({ name: 'manage', max: 30, windowMs: 60_000 }),
    handler: async (request) => rescheduleByToken(db, notifier, request.params.token, request.body),
  });
  app.get('/api/v1/appointments/mine', {
    schema: {
      tags: ['booking'],
      summary: 'My appointments in a period',
      querystring: staffAppointmentsSchema,
      response: { 200: staffAppointmentListSchema, ...commonErrors },
    },
    handler: async (request) => listAppointments(db, request.context(), request.query, 'mine'),
  });
  app.get('/api/v1/appointments/team', {
    schema: {
      tags: ['booking'],
      summary: "The team's appointments (provider admins: their provider; admins: all)",
      querystring: staffAppointmentsSchema,
      response: { 200: staffAppointmentListSchema, ...commonErrors },
    },
    handler: async (request) => listAppointments(db, request.context(), request.query, 'team'),
  });
  app.post('/api/v1/booking/manage/:token/cancel', {
    schema: {
      tags: ['booking'],
      summary: 'Cancel through the manage link',
      params: z.object({ token: z.string().max(200) }),
      response: { 200: cancelledBookingSchema, 404: errorResponseSchema, 409: errorResponseSchema },
    },
    preHandler: rateLimit({ name: 'manage', max: 30, windowMs: 60_000 }),
    handler: async (request) => cancelByToken(db, notifier, request.params.token),
  });
};
