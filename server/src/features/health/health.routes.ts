import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { pingDatabase, type DatabaseEngine } from '../../db/database.js';
import { isFullyMigrated } from '../../db/migrate.js';

export interface HealthOptions {
  db: Db;
  engine: DatabaseEngine;
  /** True once the node has begun to drain for a restart (SIGTERM). */
  isDraining?: () => boolean;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthOptions> = async (app, { db, engine, isDraining }) => {
  let migrated = false;

  app.get('/healthz', {
    schema: {
      tags: ['health'],
      summary: 'The process is alive',
      response: { 200: z.object({ status: z.literal('ok') }) },
    },
    logLevel: 'warn',
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: {
      tags: ['health'],
      summary: 'The database is reachable and fully migrated, and the node is not draining',
      response: {
        200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }),
        503: z.object({ status: z.literal('not_ready'), reason: z.string() }),
      },
    },
    logLevel: 'warn',
    handler: async (_request, reply) => {
      // First: a draining node takes no new work, whatever its database says.
      if (isDraining?.()) return reply.status(503).send({ status: 'not_ready' as const, reason: 'draining' });
      if (!(await pingDatabase(db))) {
        return reply.status(503).send({ status: 'not_ready' as const, reason: 'database_unreachable' });
      }
      // Once migrated, a running process stays migrated; later checks only ping.
      migrated ||= await isFullyMigrated(db).catch(() => false);
      if (!migrated) {
        return reply.status(503).send({ status: 'not_ready' as const, reason: 'migrations_pending' });
      }
      return { status: 'ready' as const, database: engine };
    },
  });
};
