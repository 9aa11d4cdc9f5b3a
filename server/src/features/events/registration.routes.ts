import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses, idParamsSchema, ok } from '../../http/schemas.js';
import {
  attendanceInputSchema,
  registeredSchema,
  registrationInputSchema,
  registrationParamsSchema,
  registrationQuerySchema,
  registrationTokenParamsSchema,
  registrationViewSchema,
  staffRegistrationListSchema,
  staffRegistrationSchema,
} from './registration.schema.js';
import { cancelOwnRegistration, readOwnRegistration, register } from './registration.service.js';
import { listRegistrations, markAttendance } from './registration-staff.service.js';

/** Registrations for group sessions: the public form, one's own link, and the staff's list. */
export const registrationRoutes: FastifyPluginAsyncZod<ContactDeps> = async (app, deps) => {
  const { db } = deps;
  app.post('/api/v1/events/:id/registrations', {
    schema: {
      tags: ['events'],
      summary:
        'Register for a session: a place while there are places, else the waiting list; the same address again gets the first registration (200)',
      params: idParamsSchema,
      body: registrationInputSchema,
      response: { 200: registeredSchema, 201: registeredSchema, ...errorResponses(400, 404, 409, 429) },
    },
    // A library's computer may register many people; a flood stops here.
    preHandler: rateLimit({ name: 'event registration', max: 30, windowMs: 3_600_000 }),
    handler: async (request, reply) => {
      const { created, body } = await register(deps, request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(body);
    },
  });
  app.get('/api/v1/events/registrations/:token', {
    schema: {
      tags: ['events'],
      summary: 'One’s own registration, from the link in the mail',
      params: registrationTokenParamsSchema,
      querystring: registrationQuerySchema,
      response: { 200: registrationViewSchema, ...errorResponses(404) },
    },
    preHandler: rateLimit({ name: 'registration link', max: 60, windowMs: 60_000 }),
    handler: async (request) => readOwnRegistration(db, request.params.token, request.query.lang),
  });
  app.post('/api/v1/events/registrations/:token/cancel', {
    schema: {
      tags: ['events'],
      summary: 'Cancel one’s own registration; the first on the waiting list gets the place',
      params: registrationTokenParamsSchema,
      querystring: registrationQuerySchema,
      response: { 200: registrationViewSchema, ...errorResponses(404, 409) },
    },
    preHandler: rateLimit({ name: 'registration link', max: 60, windowMs: 60_000 }),
    handler: async (request) => cancelOwnRegistration(deps, request.params.token, request.query.lang),
  });
  app.get('/api/v1/events/manage/:id/registrations', {
    schema: {
      tags: ['events'],
      summary: 'A session’s registrations: places, the waiting list in order, the cancelled',
      params: idParamsSchema,
      response: ok(staffRegistrationListSchema),
    },
    handler: async (request) => listRegistrations(db, request.context(), request.params.id),
  });
  app.put('/api/v1/events/manage/:id/registrations/:registrationId/attendance', {
    schema: {
      tags: ['events'],
      summary: 'Mark whether a registrant with a place came (null: not marked)',
      params: registrationParamsSchema,
      body: attendanceInputSchema,
      response: ok(staffRegistrationSchema),
    },
    handler: async (request) =>
      markAttendance(
        db,
        request.context(),
        request.params.id,
        request.params.registrationId,
        request.body.attended,
      ),
  });
};
