import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rateLimit } from '../../http/rate-limit.js';
import { commonErrors, errorResponses, idParams, ok } from '../../http/schemas.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { conversationForClient } from '../../conversations/access.js';
import { SECRET_HEADER } from '../chat/chat.routes.js';
import type { MailSettings } from '../../conversations/mail-outbox.js';
import type { Db } from '../../db/database-types.js';
import { answerVideoCall, offerVideoCall, videoAnswerSchema } from './video-call.service.js';
import { videoCallAnswerSchema, videoCallOfferSchema } from './meeting.schema.js';

const answerParams = z.object({ id: z.string().max(100), callId: z.string().max(100) });

/** A video call inside a chat: the counsellor offers it, the visitor answers in the widget. */
export const videoCallRoutes: FastifyPluginAsyncZod<{
  db: Db;
  notifier: ChatNotifier;
  settings: MailSettings;
}> = async (app, { db, notifier, settings }) => {
  app.post('/api/v1/inbox/conversations/:id/video-call', {
    schema: {
      tags: ['inbox'],
      summary: 'Offer the visitor of my chat a video call (an open offer is returned again)',
      params: idParams,
      response: ok(videoCallOfferSchema),
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return offerVideoCall(db, notifier, request.context(), request.params.id);
    },
  });

  app.post('/api/v1/chat/conversations/:id/video-calls/:callId', {
    schema: {
      tags: ['chat'],
      summary: `The visitor accepts (gets the meeting link) or declines a video call (header ${SECRET_HEADER})`,
      params: answerParams,
      body: videoAnswerSchema,
      response: { 200: videoCallAnswerSchema, ...commonErrors, ...errorResponses(410, 429) },
    },
    preHandler: rateLimit({ name: 'video-answer', max: 30, windowMs: 3_600_000 }),
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const secret = request.headers[SECRET_HEADER];
      const conversation = await conversationForClient(
        db,
        request.params.id,
        typeof secret === 'string' ? secret : '',
      );
      return answerVideoCall(
        db,
        notifier,
        settings.publicUrl,
        conversation,
        request.params.callId,
        request.body,
      );
    },
  });
};
