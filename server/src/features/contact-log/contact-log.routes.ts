import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { rateLimit } from '../../http/rate-limit.js';
import { commonErrors, errorResponses, ok } from '../../http/schemas.js';
import { noStore } from '../../http/no-store.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { contactLogContext, contactLogSchema } from './contact-log.service.js';
import { logContact } from './contact-log-entry.service.js';
import { contactLogContextSchema, loggedContactSchema } from './contact-log.schema.js';

/** The quick log of face-to-face contacts (docs/outreach.md). */
export const contactLogRoutes: FastifyPluginAsyncZod<Pick<ContactDeps, 'db' | 'notifier'>> = async (
  app,
  { db, notifier },
) => {
  noStore(app);

  app.get('/api/v1/contact-log/context', {
    schema: {
      tags: ['contact-log'],
      summary: "Today's events I may log against (ongoing first), the vocabularies and my entries today",
      response: ok(contactLogContextSchema),
    },
    handler: async (request) => contactLogContext(db, request.context()),
  });

  app.post('/api/v1/contact-log', {
    schema: {
      tags: ['contact-log'],
      summary: 'Log a face-to-face contact; the same clientRef sent again is stored once',
      body: contactLogSchema,
      response: {
        200: loggedContactSchema,
        201: loggedContactSchema,
        ...commonErrors,
        ...errorResponses(429),
      },
    },
    // Per signed-in person (a fair's staff may share one address); an offline queue of a busy
    // day flushes well within it.
    preHandler: rateLimit({
      name: 'contact log',
      max: 120,
      windowMs: 60_000,
      keyOf: (request) =>
        request.actor.type === 'staff' ? `staff:${request.actor.staffId}` : request.clientIp,
    }),
    handler: async (request, reply) => {
      const result = await logContact(db, notifier, request.context(), request.body);
      const { created, ...body } = result;
      return reply.status(created ? 201 : 200).send({ ...body, duplicate: !created });
    },
  });
};
