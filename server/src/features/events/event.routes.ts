import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { created, errorResponses, fileResponse, idParamsSchema, ok } from '../../http/schemas.js';
import { eventCalendarFile, eventFeed, listPublicEvents, readPublicEvent } from './event-public.service.js';
import {
  eventCounsellorListSchema,
  eventInputSchema,
  eventLangQuerySchema,
  eventStaffQuerySchema,
  feedQuerySchema,
  publicEventListSchema,
  publicEventQuerySchema,
  publicEventViewSchema,
  staffEventListSchema,
  staffEventQuerySchema,
  staffEventViewSchema,
} from './event.schema.js';
import {
  cancelEvent,
  createEvent,
  listEventCounsellors,
  listStaffEvents,
  readStaffEvent,
  updateEvent,
} from './event.service.js';

const calendarType = 'text/calendar; charset=utf-8';
const calendarFile = fileResponse('text/calendar', 'An iCalendar (RFC 5545) file');

/** Pop-up guidance events: the public calendar, its iCalendar files and feed, and staff editing. */
export const eventRoutes: FastifyPluginAsyncZod<ContactDeps> = async (app, deps) => {
  const { db } = deps;
  const { publicUrl } = deps.settings;
  app.get('/api/v1/events', {
    schema: {
      tags: ['events'],
      summary:
        'Published events in a period of Helsinki days (from–to, at most a year), optionally one municipality',
      querystring: publicEventQuerySchema,
      response: { 200: publicEventListSchema, ...errorResponses(400) },
    },
    handler: async (request) => listPublicEvents(db, request.query),
  });
  app.get('/api/v1/events/feed.ics', {
    schema: {
      tags: ['events'],
      summary: 'Every published event as a calendar to subscribe to (iCalendar), optionally one municipality',
      querystring: feedQuerySchema,
      response: { 200: calendarFile, ...errorResponses(400) },
    },
    handler: async (request, reply) =>
      reply
        .type(calendarType)
        .header('cache-control', 'public, max-age=900')
        .send(await eventFeed(db, request.query, publicUrl)),
  });
  app.get('/api/v1/events/:id', {
    schema: {
      tags: ['events'],
      summary: 'One published event',
      params: idParamsSchema,
      querystring: eventLangQuerySchema,
      response: { 200: publicEventViewSchema, ...errorResponses(404) },
    },
    handler: async (request) => readPublicEvent(db, request.params.id, request.query.lang),
  });
  app.get('/api/v1/events/:id/calendar.ics', {
    schema: {
      tags: ['events'],
      summary: 'One event as an iCalendar file',
      params: idParamsSchema,
      querystring: eventLangQuerySchema,
      response: { 200: calendarFile, ...errorResponses(404) },
    },
    handler: async (request, reply) =>
      reply
        .type(calendarType)
        .header('content-disposition', `attachment; filename="opintori-${request.params.id.slice(0, 8)}.ics"`)
        .send(await eventCalendarFile(db, request.params.id, request.query.lang, publicUrl)),
  });

  app.get('/api/v1/events/manage', {
    schema: {
      tags: ['events'],
      summary: "The provider's events (admins: every provider's unless one is named)",
      querystring: staffEventQuerySchema,
      response: ok(staffEventListSchema),
    },
    handler: async (request) => listStaffEvents(db, request.context(), request.query),
  });
  app.get('/api/v1/events/manage/counsellors', {
    schema: {
      tags: ['events'],
      summary: "The provider's active counsellors, who may be marked present",
      querystring: eventStaffQuerySchema,
      response: ok(eventCounsellorListSchema),
    },
    handler: async (request) => listEventCounsellors(db, request.context(), request.query.organisationId),
  });
  app.post('/api/v1/events/manage', {
    schema: {
      tags: ['events'],
      summary: 'Publish a pop-up event (times in Helsinki wall-clock time or ISO with a zone)',
      body: eventInputSchema,
      response: created(staffEventViewSchema),
    },
    handler: async (request) => createEvent(db, request.context(), request.body),
  });
  app.get('/api/v1/events/manage/:id', {
    schema: {
      tags: ['events'],
      summary: 'One of the provider’s events, drafts too',
      params: idParamsSchema,
      response: ok(staffEventViewSchema),
    },
    handler: async (request) => readStaffEvent(db, request.context(), request.params.id),
  });
  app.put('/api/v1/events/manage/:id', {
    schema: {
      tags: ['events'],
      summary: 'Replace an event’s details',
      params: idParamsSchema,
      body: eventInputSchema,
      response: ok(staffEventViewSchema),
    },
    handler: async (request) => updateEvent(deps, request.context(), request.params.id, request.body),
  });
  app.post('/api/v1/events/manage/:id/cancel', {
    schema: {
      tags: ['events'],
      summary: 'Cancel an event (it stays listed, marked cancelled)',
      params: idParamsSchema,
      response: ok(staffEventViewSchema),
    },
    handler: async (request) => cancelEvent(deps, request.context(), request.params.id),
  });
};
