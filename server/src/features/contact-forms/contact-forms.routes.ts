import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponseSchema } from '../../http/schemas.js';
import {
  callbackRequestSchema,
  contactMessageSchema,
  createCallbackRequest,
  createEmailContact,
} from './contact-forms.service.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';

const created = {
  201: z.object({ conversationId: z.string() }),
  400: errorResponseSchema,
  429: errorResponseSchema,
};

/** The public "write to us" and "call me back" forms (docs/email-and-phone.md). */
export const contactRoutes: FastifyPluginAsyncZod<ContactDeps & { limitPerHour: number }> = async (
  app,
  { limitPerHour, ...deps },
) => {
  app.post('/api/v1/contact/messages', {
    schema: {
      tags: ['contact'],
      summary: 'Write to the service: an email conversation, with a confirmation to the client',
      body: contactMessageSchema,
      response: created,
    },
    preHandler: rateLimit({ name: 'contact message', max: limitPerHour, windowMs: 3_600_000 }),
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createEmailContact(deps, request.body, { origin: 'contact_form', sourceSite: null })),
  });

  app.post('/api/v1/contact/callbacks', {
    schema: {
      tags: ['contact'],
      summary: 'Ask to be called back in a time window (Europe/Helsinki)',
      body: callbackRequestSchema,
      response: created,
    },
    preHandler: rateLimit({ name: 'call-back request', max: limitPerHour, windowMs: 3_600_000 }),
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await createCallbackRequest(deps, request.body, { origin: 'callback_form', sourceSite: null })),
  });
};
