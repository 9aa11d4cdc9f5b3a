import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { errorResponses, itemsOf, noContent, ok } from '../../http/schemas.js';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.js';
import { staffSchema } from '../staff/staff.schema.js';
import { changeOwnPassword, getCurrentStaff, login, logout } from './auth.service.js';
import { endOwnSessions, listOwnSessions, type OwnSession } from './own-sessions.service.js';
import type { AuthSettings } from '../../access/sessions.js';
import { changePasswordBodySchema, loginBodySchema, loginResponseSchema } from './auth.schema.js';

export interface AuthRoutesOptions {
  db: Db;
  settings: AuthSettings;
  publicUrl: string | undefined;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (
  app,
  { db, settings, publicUrl },
) => {
  app.post('/api/v1/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with email and password; sets the session cookie',
      body: loginBodySchema,
      response: { 200: loginResponseSchema, ...errorResponses(400, 401, 429) },
    },
    handler: async (request, reply) => {
      const result = await login(
        db,
        request.context(),
        settings,
        request.body,
        request.headers['user-agent'],
      );
      setSessionCookie(request, reply, result.token, result.expiresAt, publicUrl);
      return { staff: result.staff, expiresAt: result.expiresAt.toISOString() };
    },
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      await logout(db, request.context());
      clearSessionCookie(request, reply, publicUrl);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in staff member',
      response: { 200: staffSchema, ...errorResponses(401) },
    },
    handler: (request) => getCurrentStaff(db, request.context()),
  });

  app.post('/api/v1/auth/password', {
    schema: {
      tags: ['auth'],
      summary: 'Change your own password; ends your other sessions',
      body: changePasswordBodySchema,
      response: noContent,
    },
    handler: async (request, reply) => {
      const session = await changeOwnPassword(
        db,
        request.context(),
        settings,
        request.body,
        request.headers['user-agent'],
      );
      setSessionCookie(request, reply, session.token, session.expiresAt, publicUrl);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/auth/sessions', {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in person’s usable sessions: browser, address, opened, last used',
      response: ok(itemsOf(ownSessionSchema)),
    },
    handler: (request) => listOwnSessions(db, request.context(), settings),
  });

  app.post('/api/v1/auth/sessions/:id/end', {
    schema: {
      tags: ['auth'],
      summary: 'End another session of one’s own (its chat and meeting sockets close on every node)',
      params: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
      response: ok(endedSchema),
    },
    handler: (request) => endOwnSessions(db, request.context(), settings, { id: request.params.id }),
  });

  app.post('/api/v1/auth/sessions/end-others', {
    schema: {
      tags: ['auth'],
      summary: 'End every session of one’s own but this one',
      response: ok(endedSchema),
    },
    handler: (request) => endOwnSessions(db, request.context(), settings, 'others'),
  });
};

const ownSessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  ip: z.string().nullable(),
  browser: z.string().nullable(),
}) satisfies z.ZodType<OwnSession>;

const endedSchema = z.object({ ended: z.number().int() });
