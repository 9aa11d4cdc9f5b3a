import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { created, idParamsSchema, itemsOf, noContent, ok } from '../../http/schemas.js';
import {
  createStaffSchema,
  resetPasswordSchema,
  staffListQuerySchema,
  staffSchema,
  updateStaffSchema,
} from './staff.schema.js';
import {
  createStaff,
  endStaffSessions,
  getStaff,
  listStaff,
  resetStaffPassword,
  updateStaff,
} from './staff.service.js';

export const staffRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/staff', {
    schema: {
      tags: ['staff'],
      summary: 'Staff accounts (admins: all; org admins: their provider)',
      querystring: staffListQuerySchema,
      response: ok(itemsOf(staffSchema)),
    },
    handler: async (request) => ({ items: await listStaff(db, request.context(), request.query) }),
  });

  app.get('/api/v1/staff/:id', {
    schema: { tags: ['staff'], params: idParamsSchema, response: ok(staffSchema) },
    handler: (request) => getStaff(db, request.context(), request.params.id),
  });

  app.post('/api/v1/staff', {
    schema: {
      tags: ['staff'],
      summary: 'Create a staff account with an initial password to be changed at first sign-in',
      body: createStaffSchema,
      response: created(staffSchema),
    },
    handler: async (request) => createStaff(db, request.context(), request.body),
  });

  app.patch('/api/v1/staff/:id', {
    schema: {
      tags: ['staff'],
      summary: 'Edit, deactivate (isActive: false) or reactivate a staff account',
      params: idParamsSchema,
      body: updateStaffSchema,
      response: ok(staffSchema),
    },
    handler: (request) => updateStaff(db, request.context(), request.params.id, request.body),
  });

  app.post('/api/v1/staff/:id/password', {
    schema: {
      tags: ['staff'],
      summary: 'Set a new initial password; ends the person’s sessions',
      params: idParamsSchema,
      body: resetPasswordSchema,
      response: noContent,
    },
    handler: async (request, reply) => {
      await resetStaffPassword(db, request.context(), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/v1/staff/:id/end-sessions', {
    schema: {
      tags: ['staff'],
      summary: 'End every session of a staff member; their chat and meeting sockets close on every node',
      params: idParamsSchema,
      response: ok(z.object({ ended: z.number().int() })),
    },
    handler: (request) => endStaffSessions(db, request.context(), request.params.id),
  });
};
