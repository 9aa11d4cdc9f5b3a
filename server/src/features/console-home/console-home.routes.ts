import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { noStore } from '../../http/no-store.js';
import { ok } from '../../http/schemas.js';
import { todayQuerySchema, todaySchema } from './console-home.schema.js';
import { readToday } from './console-home.service.js';

/** The console's front page: the day's work of the staff member asking. */
export const consoleHomeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  noStore(app);

  app.get('/api/v1/console/today', {
    schema: {
      tags: ['console'],
      summary: "My day: the chat queue, my contacts, call-backs, appointments, events and the day's figures",
      querystring: todayQuerySchema,
      response: ok(todaySchema),
    },
    handler: async (request) => readToday(db, request.context(), request.query),
  });
};
