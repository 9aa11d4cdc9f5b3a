import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { rateLimit } from '../../http/rate-limit.js';
import { httpOrigin, serviceOriginFor } from '../../http/service-origin.js';
import { twoStepRoutes } from './two-step.routes.js';
import {
  beginPasskeyRegistration,
  finishPasskeyRegistration,
  listPasskeys,
  relyingPartyFor,
  removePasskey,
  renamePasskey,
  type PasskeyView,
} from './passkeys.service.js';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { errorResponses, itemsOf, noContent, ok } from '../../http/schemas.js';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie.js';
import {
  acceptInvitation,
  changeOwnPassword,
  completeSecondStep,
  getCurrentStaff,
  login,
  logout,
  passkeySignInOptions,
  signInWithPasskey,
} from './auth.service.js';
import { keepsRequiredSecondStep } from './two-step.service.js';
import { endOwnSessions, listOwnSessions, type OwnSession } from './own-sessions.service.js';
import type { AuthSettings } from '../../access/sessions.js';
import { describeInvitation, type InvitationView } from '../staff/staff-invitations.js';
import { newPasswordSchema } from '../staff/staff.schema.js';

const passkeyNameSchema = z.string().trim().min(1).max(60);
const passkeyParamsSchema = z.object({ id: z.string().min(1).max(1500) });
const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
}) satisfies z.ZodType<PasskeyView>;
/** A WebAuthn answer as @simplewebauthn/browser sends it; the library checks the rest. */
const webauthnResponseSchema = z.looseObject({
  id: z.string().min(1).max(1500),
  rawId: z.string().min(1).max(1500),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(20_000) }),
  clientExtensionResults: z.looseObject({}),
});
const ceremonySchema = z.object({ ceremonyId: z.uuid(), options: z.looseObject({ challenge: z.string() }) });
/** The library's options type as the loose schema above sees it (passed to the browser as they are). */
const asCeremony = (ceremony: { ceremonyId: string; options: object }) =>
  ceremony as { ceremonyId: string; options: { challenge: string } & Record<string, unknown> };

const invitationParamsSchema = z.object({ token: z.string().min(20).max(100) });
const invitationSchema = z.object({
  name: z.string(),
  email: z.string(),
  expiresAt: z.iso.datetime(),
  kind: z.enum(['new', 'reset']),
}) satisfies z.ZodType<InvitationView>;
import {
  changePasswordBodySchema,
  loginBodySchema,
  loginResponseSchema,
  meSchema,
  secondStepBodySchema,
  secondStepResponseSchema,
} from './auth.schema.js';

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
      if (result.kind === 'second_step') {
        return {
          secondStep: {
            challenge: result.challenge,
            expiresAt: result.expiresAt.toISOString(),
            methods: result.methods,
          },
        };
      }
      setSessionCookie(request, reply, result.token, result.expiresAt, publicUrl);
      return { staff: result.staff, expiresAt: result.expiresAt.toISOString() };
    },
  });

  app.post('/api/v1/auth/login/second-step', {
    schema: {
      tags: ['auth'],
      summary: 'Complete a sign-in with a code from the app or a recovery code; sets the session cookie',
      body: secondStepBodySchema,
      response: { 200: secondStepResponseSchema, ...errorResponses(400, 401, 429) },
    },
    handler: async (request, reply) => {
      const result = await completeSecondStep(
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

  const relyingParty = (request: FastifyRequest) =>
    relyingPartyFor(serviceOriginFor(httpOrigin(publicUrl), request));
  const passkeyLimit = rateLimit({ name: 'passkey sign-in', max: 30, windowMs: 60_000 });

  app.post('/api/v1/auth/passkey-login/options', {
    schema: {
      tags: ['auth'],
      summary: 'Start signing in with a passkey (with `challenge`: as the second step of a password sign-in)',
      body: z.object({ challenge: z.string().min(20).max(100).optional() }),
      response: { 200: ceremonySchema, ...errorResponses(401, 429) },
    },
    preHandler: passkeyLimit,
    handler: async (request) =>
      asCeremony(await passkeySignInOptions(db, relyingParty(request), request.body.challenge)),
  });

  app.post('/api/v1/auth/passkey-login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with a passkey; sets the session cookie',
      body: z.object({
        ceremonyId: z.uuid(),
        response: webauthnResponseSchema,
        challenge: z.string().min(20).max(100).optional(),
      }),
      response: { 200: secondStepResponseSchema, ...errorResponses(400, 401, 429) },
    },
    preHandler: passkeyLimit,
    handler: async (request, reply) => {
      const result = await signInWithPasskey(
        db,
        request.context(),
        settings,
        relyingParty(request),
        {
          ceremonyId: request.body.ceremonyId,
          response: request.body.response as unknown as AuthenticationResponseJSON,
          challenge: request.body.challenge,
        },
        request.headers['user-agent'],
      );
      setSessionCookie(request, reply, result.token, result.expiresAt, publicUrl);
      return { staff: result.staff, expiresAt: result.expiresAt.toISOString() };
    },
  });

  app.get('/api/v1/auth/passkeys', {
    schema: { tags: ['auth'], summary: 'One’s passkeys', response: ok(itemsOf(passkeySchema)) },
    handler: async (request) => ({ items: await listPasskeys(db, request.context()) }),
  });

  app.post('/api/v1/auth/passkeys/options', {
    schema: {
      tags: ['auth'],
      summary: 'Start adding a passkey: the options for the browser',
      response: ok(ceremonySchema),
    },
    handler: async (request) =>
      asCeremony(await beginPasskeyRegistration(db, request.context(), relyingParty(request))),
  });

  app.post('/api/v1/auth/passkeys', {
    schema: {
      tags: ['auth'],
      summary: 'Add the passkey the browser made, under a name',
      body: z.object({ ceremonyId: z.uuid(), name: passkeyNameSchema, response: webauthnResponseSchema }),
      response: { 201: passkeySchema, ...errorResponses(400, 409) },
    },
    handler: async (request, reply) => {
      const passkey = await finishPasskeyRegistration(db, request.context(), relyingParty(request), {
        ceremonyId: request.body.ceremonyId,
        name: request.body.name,
        response: request.body.response as unknown as RegistrationResponseJSON,
      });
      return reply.status(201).send(passkey);
    },
  });

  app.patch('/api/v1/auth/passkeys/:id', {
    schema: {
      tags: ['auth'],
      summary: 'Rename one of one’s passkeys',
      params: passkeyParamsSchema,
      body: z.object({ name: passkeyNameSchema }),
      response: ok(passkeySchema),
    },
    handler: (request) => renamePasskey(db, request.context(), request.params.id, request.body.name),
  });

  app.delete('/api/v1/auth/passkeys/:id', {
    schema: {
      tags: ['auth'],
      summary: 'Remove one of one’s passkeys (not the last second step where it is required)',
      params: passkeyParamsSchema,
      response: noContent,
    },
    handler: async (request, reply) => {
      await removePasskey(db, request.context(), request.params.id, (staffId, left) =>
        keepsRequiredSecondStep(db, staffId, left),
      );
      return reply.status(204).send(null);
    },
  });

  await app.register(twoStepRoutes, { db });

  app.get('/api/v1/auth/invitations/:token', {
    schema: {
      tags: ['auth'],
      summary: 'Whom an invitation link is for (a used, replaced or expired link is 404 invitation.invalid)',
      params: invitationParamsSchema,
      response: { 200: invitationSchema, ...errorResponses(404) },
    },
    handler: (request) => describeInvitation(db, request.params.token),
  });

  app.post('/api/v1/auth/invitations/:token/accept', {
    schema: {
      tags: ['auth'],
      summary:
        'Set one’s password through an invitation link; signs in (sets the cookie) unless the account has a second step',
      params: invitationParamsSchema,
      body: z.object({ password: newPasswordSchema }),
      response: {
        200: z.union([secondStepResponseSchema, z.object({ passwordSet: z.literal(true) })]),
        ...errorResponses(400, 404),
      },
    },
    handler: async (request, reply) => {
      const result = await acceptInvitation(
        db,
        request.context(),
        settings,
        { token: request.params.token, password: request.body.password },
        request.headers['user-agent'],
      );
      if (result.kind === 'password_set') return { passwordSet: true as const };
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
      response: { 200: meSchema, ...errorResponses(401) },
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
