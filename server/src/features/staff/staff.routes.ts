import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database-types.js';
import { created, idParamsSchema, itemsOf, ok } from '../../http/schemas.js';
import { createStaffSchema, staffListQuerySchema, staffSchema, updateStaffSchema } from './staff.schema.js';
import { createStaff, endStaffSessions, getStaff, listStaff, updateStaff } from './staff.service.js';
import { sendInvitation, type InvitationMailDeps } from './staff-invitations.js';

export const staffRoutes: FastifyPluginAsyncZod<{ db: Db; mail: InvitationMailDeps }> = async (
  app,
  { db, mail },
) => {
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
      summary: 'Add a staff member; they get an invitation by email to set their own password',
      body: createStaffSchema,
      response: created(staffSchema),
    },
    handler: async (request) => createStaff(db, request.context(), mail, request.body),
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

  app.post('/api/v1/staff/:id/invitation', {
    schema: {
      tags: ['staff'],
      summary:
        'Mail the person a new single-use link (72 h) to set their password; earlier links stop working',
      params: idParamsSchema,
      response: ok(z.object({ expiresAt: z.iso.datetime() })),
    },
    handler: (request) => sendInvitation(db, request.context(), mail, request.params.id),
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
