import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { created, itemsOf, ok } from '../../http/schemas.js';
import { suggestionsSchema } from '../inbox/conversation-suggestions.routes.js';
import {
  commentInputSchema,
  idParamsSchema,
  messagesQuerySchema,
  onboardingSchema,
  postMessageSchema,
  practiceMessageSchema,
  practiceTransferSchema,
  progressQuerySchema,
  progressSchema,
  reviewInputSchema,
  scenarioInputSchema,
  scenarioListQuerySchema,
  scenarioSchema,
  scenarioSummarySchema,
  sessionSchema,
  sessionSummarySchema,
  startSessionSchema,
  teamSchema,
} from './training.schema.js';
import { listSessions, readOnboarding, readProgress, readTeam } from './training-progress.service.js';
import { addMessageComment, saveSelfReview, saveTrainerReview } from './practice-review.service.js';
import { createScenario, listScenarios, readScenario, updateScenario } from './scenario.service.js';
import {
  finishSession,
  listMessages,
  postMessage,
  readSession,
  transferPractice,
  startSession,
  suggestForPractice,
} from './training.service.js';

/**
 * Counsellor training: practice scenarios, practice conversations with a scripted or a
 * trainer-played client, their reviews, and each counsellor's progress. Staff only.
 */
export const trainingRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const tags = ['training'];

  app.get('/api/v1/training/scenarios', {
    schema: {
      tags,
      summary: 'Practice scenarios',
      querystring: scenarioListQuerySchema,
      response: ok(itemsOf(scenarioSummarySchema)),
    },
    handler: (request) => listScenarios(db, request.context(), request.query),
  });
  app.post('/api/v1/training/scenarios', {
    schema: {
      tags,
      summary: 'Write a practice scenario (trainers)',
      body: scenarioInputSchema,
      response: created(scenarioSchema),
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createScenario(db, request.context(), request.body)),
  });
  app.get('/api/v1/training/scenarios/:id', {
    schema: {
      tags,
      summary: 'A practice scenario with its script (trainers)',
      params: idParamsSchema,
      response: ok(scenarioSchema),
    },
    handler: (request) => readScenario(db, request.context(), request.params.id),
  });
  app.put('/api/v1/training/scenarios/:id', {
    schema: {
      tags,
      summary: 'Change a practice scenario (trainers)',
      params: idParamsSchema,
      body: scenarioInputSchema,
      response: ok(scenarioSchema),
    },
    handler: (request) => updateScenario(db, request.context(), request.params.id, request.body),
  });

  app.get('/api/v1/training/sessions', {
    schema: {
      tags,
      summary: 'One’s practice conversations, those one plays the client in, and those awaiting a review',
      response: ok(
        z.object({
          mine: z.array(sessionSummarySchema),
          playing: z.array(sessionSummarySchema),
          awaitingReview: z.array(sessionSummarySchema),
        }),
      ),
    },
    handler: (request) => listSessions(db, request.context()),
  });
  app.post('/api/v1/training/sessions', {
    schema: {
      tags,
      summary: 'Start a practice conversation',
      body: startSessionSchema,
      response: created(sessionSchema),
    },
    handler: async (request, reply) =>
      reply.code(201).send(await startSession(db, request.context(), request.body)),
  });
  app.get('/api/v1/training/sessions/:id', {
    schema: {
      tags,
      summary: 'A practice conversation with its reviews',
      params: idParamsSchema,
      response: ok(sessionSchema),
    },
    handler: (request) => readSession(db, request.context(), request.params.id),
  });
  app.get('/api/v1/training/sessions/:id/messages', {
    schema: {
      tags,
      summary: 'A practice conversation’s messages after a sequence number',
      params: idParamsSchema,
      querystring: messagesQuerySchema,
      response: ok(
        z.object({ status: z.enum(['active', 'finished']), items: z.array(practiceMessageSchema) }),
      ),
    },
    handler: (request) => listMessages(db, request.context(), request.params.id, request.query.after),
  });
  app.post('/api/v1/training/sessions/:id/messages', {
    schema: {
      tags,
      summary: 'Write in a practice conversation (the scripted client answers at once)',
      params: idParamsSchema,
      body: postMessageSchema,
      response: ok(itemsOf(practiceMessageSchema)),
    },
    handler: (request) => postMessage(db, request.context(), request.params.id, request.body),
  });
  app.get('/api/v1/training/sessions/:id/suggestions', {
    schema: {
      tags,
      summary: 'Guides, programmes and canned responses for the simulated client’s latest line',
      params: idParamsSchema,
      response: ok(suggestionsSchema),
    },
    handler: (request) => suggestForPractice(db, request.context(), request.params.id),
  });
  app.post('/api/v1/training/sessions/:id/finish', {
    schema: {
      tags,
      summary: 'End a practice conversation',
      params: idParamsSchema,
      response: ok(sessionSchema),
    },
    handler: (request) => finishSession(db, request.context(), request.params.id),
  });
  app.post('/api/v1/training/sessions/:id/transfer', {
    schema: {
      tags,
      summary: 'Hand the practice client over, as the transfer dialog does; the practice ends',
      params: idParamsSchema,
      body: practiceTransferSchema,
      response: ok(sessionSchema),
    },
    handler: (request) => transferPractice(db, request.context(), request.params.id, request.body),
  });
  app.put('/api/v1/training/sessions/:id/self-review', {
    schema: {
      tags,
      summary: 'The counsellor’s own assessment',
      params: idParamsSchema,
      body: reviewInputSchema,
      response: ok(sessionSchema),
    },
    handler: (request) => saveSelfReview(db, request.context(), request.params.id, request.body),
  });
  app.put('/api/v1/training/sessions/:id/review', {
    schema: {
      tags,
      summary: 'A trainer’s review',
      params: idParamsSchema,
      body: reviewInputSchema,
      response: ok(sessionSchema),
    },
    handler: (request) => saveTrainerReview(db, request.context(), request.params.id, request.body),
  });
  app.post('/api/v1/training/sessions/:id/comments', {
    schema: {
      tags,
      summary: 'A trainer’s comment on one message',
      params: idParamsSchema,
      body: commentInputSchema,
      response: created(sessionSchema),
    },
    handler: async (request, reply) =>
      reply.code(201).send(await addMessageComment(db, request.context(), request.params.id, request.body)),
  });

  app.get('/api/v1/training/progress', {
    schema: {
      tags,
      summary: 'A counsellor’s practice progress (one’s own by default)',
      querystring: progressQuerySchema,
      response: ok(progressSchema),
    },
    handler: (request) => readProgress(db, request.context(), request.query.staffId),
  });
  app.get('/api/v1/training/team', {
    schema: { tags, summary: 'The practice of the counsellors one follows', response: ok(teamSchema) },
    handler: (request) => readTeam(db, request.context()),
  });
  app.get('/api/v1/training/onboarding', {
    schema: {
      tags,
      summary: 'The onboarding checklist of the person signed in',
      response: ok(onboardingSchema),
    },
    handler: (request) => readOnboarding(db, request.context()),
  });
};
