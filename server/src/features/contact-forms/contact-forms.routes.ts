import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimit } from '../../http/rate-limit.js';
import { errorResponses } from '../../http/schemas.js';
import { inputWarningSchema } from '../../conversations/about-you.js';
import {
  callbackRequestSchema,
  contactMessageSchema,
  createCallbackRequest,
  createEmailContact,
} from './contact-forms.service.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import {
  accessibilityFeedbackSchema,
  createAccessibilityFeedback,
} from './accessibility-feedback.service.js';

const conversationCreated = {
  201: z.object({ conversationId: z.string(), warnings: z.array(inputWarningSchema).optional() }),
  ...errorResponses(400, 429),
};

/** The public "write to us", "call me back" and accessibility feedback forms (docs/email-and-phone.md). */
export const contactRoutes: FastifyPluginAsyncZod<ContactDeps & { limitPerHour: number }> = async (
  app,
  { limitPerHour, ...deps },
) => {
  app.post('/api/v1/contact/messages', {
    schema: {
      tags: ['contact'],
      summary: 'Write to the service: an email conversation, with a confirmation to the client',
      body: contactMessageSchema,
      response: conversationCreated,
    },
    preHandler: rateLimit({ name: 'contact message', max: limitPerHour, windowMs: 3_600_000 }),
    handler: async (request) =>
      createEmailContact(deps, request.body, { origin: 'contact_form', sourceSite: null }),
  });

  app.post('/api/v1/contact/callbacks', {
    schema: {
      tags: ['contact'],
      summary: 'Ask to be called back in a time window (Europe/Helsinki)',
      body: callbackRequestSchema,
      response: conversationCreated,
    },
    preHandler: rateLimit({ name: 'call-back request', max: limitPerHour, windowMs: 3_600_000 }),
    handler: async (request) =>
      createCallbackRequest(deps, request.body, { origin: 'callback_form', sourceSite: null }),
  });
  app.post('/api/v1/contact/accessibility-feedback', {
    schema: {
      tags: ['contact'],
      summary:
        'Feedback on accessibility: an inbox conversation due in 14 days, a confirmation if an address is given',
      body: accessibilityFeedbackSchema,
      response: conversationCreated,
    },
    preHandler: rateLimit({ name: 'accessibility feedback', max: limitPerHour, windowMs: 3_600_000 }),
    handler: async (request) =>
      createAccessibilityFeedback(deps, request.body, { origin: 'accessibility_form', sourceSite: null }),
  });
};
