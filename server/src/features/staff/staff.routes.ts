import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { commonErrors, idParamsSchema } from '../../http/schemas.js';
import {
  createStaffSchema,
  resetPasswordSchema,
  staffListQuerySchema,
  staffSchema,
  updateStaffSchema,
} from './staff.schema.js';
import { createStaff, getStaff, listStaff, resetStaffPassword, updateStaff } from './staff.service.js';

export const staffRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/api/v1/staff', {
    schema: {
      tags: ['staff'],
      summary: 'Staff accounts (admins: all; org admins: their provider)',
      querystring: staffListQuerySchema,
      response: { 200: z.object({ items: z.array(staffSchema) }), ...commonErrors },
    },
    handler: async (request) => ({ items: await listStaff(db, request.context(), request.query) }),
  });

  app.get('/api/v1/staff/:id', {
    schema: { tags: ['staff'], params: idParamsSchema, response: { 200: staffSchema, ...commonErrors } },
    handler: (request) => getStaff(db, request.context(), request.params.id),
  });

  app.post('/api/v1/staff', {
    schema: {
      tags: ['staff'],
      summary: 'Create a staff account with an initial password to be changed at first sign-in',
      body: createStaffSchema,
      response: { 201: staffSchema, ...commonErrors },
    },
    handler: async (request, reply) => {
      const staff = await createStaff(db, request.context(), request.body);
      return reply.status(201).send(staff);
    },
  });

  app.patch('/api/v1/staff/:id', {
    schema: {
      tags: ['staff'],
      summary: 'Edit, deactivate (isActive: false) or reactivate a staff account',
      params: idParamsSchema,
      body: updateStaffSchema,
      response: { 200: staffSchema, ...commonErrors },
    },
    handler: (request) => updateStaff(db, request.context(), request.params.id, request.body),
  });

  app.post('/api/v1/staff/:id/password', {
    schema: {
      tags: ['staff'],
      summary: 'Set a new initial password; ends the person’s sessions',
      params: idParamsSchema,
      body: resetPasswordSchema,
      response: { 204: z.null(), ...commonErrors },
    },
    handler: async (request, reply) => {
      await resetStaffPassword(db, request.context(), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  });
};
