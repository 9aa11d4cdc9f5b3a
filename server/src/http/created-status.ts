import type { FastifyInstance, preSerializationAsyncHookHandler } from 'fastify';

/** Answers 201 where the handler has not chosen a status of its own. */
const answerCreated: preSerializationAsyncHookHandler = async (_request, reply, payload) => {
  if (reply.statusCode === 200) reply.status(201);
  return payload;
};

/**
 * A route that declares 201 and no 200 among its answers (`created(schema)` in schemas.ts)
 * creates something: its handler returns what it made, and the answer is 201 Created.
 */
export function registerCreatedStatus(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('onRoute', (route) => {
    const codes = Object.keys(route.schema?.response ?? {});
    if (!codes.includes('201') || codes.includes('200')) return;
    route.preSerialization = [route.preSerialization ?? []].flat().concat(answerCreated);
  });
}
