import type { FastifyInstance } from 'fastify';

/**
 * Marks every answer of a plugin's routes, errors included, `Cache-Control: no-store`: they are
 * personal or live, and no browser or proxy may keep them.
 */
export function noStore(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
}
