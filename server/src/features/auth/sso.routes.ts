import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthSettings } from '../../access/sessions.js';
import type { Db } from '../../db/database-types.js';
import { rateLimit } from '../../http/rate-limit.js';
import { created, idParamsSchema, itemsOf, ok } from '../../http/schemas.js';
import { httpOrigin, serviceOriginFor } from '../../http/service-origin.js';
import { setSessionCookie } from '../../http/session-cookie.js';
import { emailSchema } from '../staff/staff.schema.js';
import { discoverSignIn, finishSsoSignIn, ssoLogoutUrl, SsoRefused, startSsoSignIn } from './sso.service.js';
import {
  createSsoProvider,
  listSsoProviders,
  updateSsoProvider,
  type SsoProviderView,
} from './sso-providers.service.js';

export interface SsoRoutesOptions {
  db: Db;
  settings: AuthSettings;
  publicUrl: string | undefined;
}

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a domain such as example.fi',
  );

const providerBody = z.object({
  organisationId: z.uuid().nullable().optional(),
  name: z.string().trim().min(1).max(100),
  issuer: z.string().trim().min(1).max(500),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(2000),
  domains: z.array(domainSchema).min(1).max(20),
  allowCreate: z.boolean().optional(),
  passwordSignIn: z.boolean().optional(),
  isActive: z.boolean().optional(),
});

const providerSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid().nullable(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  domains: z.array(z.string()),
  allowCreate: z.boolean(),
  passwordSignIn: z.boolean(),
  isActive: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}) satisfies z.ZodType<SsoProviderView>;

/** A browser navigation: the answer is a redirect, its Location where to go. */
const redirects = { 303: z.null().describe('See Other: the Location header says where') };

export const ssoRoutes: FastifyPluginAsyncZod<SsoRoutesOptions> = async (
  app,
  { db, settings, publicUrl },
) => {
  const origin = (request: { protocol: string; host: string | undefined }) =>
    serviceOriginFor(httpOrigin(publicUrl), request) ?? '';
  const redirectUri = (request: { protocol: string; host: string | undefined }) =>
    `${origin(request)}/api/v1/auth/sso/callback`;

  app.get('/api/v1/sso-providers', {
    schema: {
      tags: ['auth'],
      summary: 'Identity providers for single sign-on (admins: all; provider admins: their own)',
      response: ok(itemsOf(providerSchema)),
    },
    handler: async (request) => ({ items: await listSsoProviders(db, request.context()) }),
  });

  app.post('/api/v1/sso-providers', {
    schema: {
      tags: ['auth'],
      summary:
        'Add an OpenID Connect identity provider for some email domains (the secret is stored encrypted)',
      body: providerBody,
      response: created(providerSchema),
    },
    handler: (request) => createSsoProvider(db, request.context(), request.body),
  });

  app.patch('/api/v1/sso-providers/:id', {
    schema: {
      tags: ['auth'],
      summary: 'Change an identity provider; a secret is replaced only when one is given',
      params: idParamsSchema,
      body: providerBody.omit({ organisationId: true }).partial(),
      response: ok(providerSchema),
    },
    handler: (request) => updateSsoProvider(db, request.context(), request.params.id, request.body),
  });

  app.post('/api/v1/auth/sso/discover', {
    schema: {
      tags: ['auth'],
      summary:
        'Whether an email’s domain signs in through an identity provider, and whether a password may be used',
      body: z.object({ email: emailSchema }),
      response: ok(
        z.object({
          provider: z.object({ id: z.uuid(), name: z.string() }).nullable(),
          passwordSignIn: z.boolean(),
        }),
      ),
    },
    preHandler: rateLimit({ name: 'sign-in discovery', max: 60, windowMs: 60_000 }),
    handler: (request) => discoverSignIn(db, request.body.email),
  });

  app.get('/api/v1/auth/sso/:id/start', {
    schema: {
      tags: ['auth'],
      summary: 'Go to the identity provider to sign in (a browser navigation: answers with a redirect)',
      params: idParamsSchema,
      querystring: z.object({ next: z.string().max(500).optional(), email: z.string().max(254).optional() }),
      response: redirects,
    },
    preHandler: rateLimit({ name: 'single sign-on', max: 30, windowMs: 60_000 }),
    handler: async (request, reply) => {
      try {
        const url = await startSsoSignIn(db, request.params.id, {
          redirectUri: redirectUri(request),
          next: request.query.next,
          email: request.query.email,
        });
        return reply.redirect(url.toString(), 303);
      } catch (error) {
        const code =
          error instanceof SsoRefused || (error as { code?: string }).code
            ? (error as { code: string }).code
            : 'auth.sso_failed';
        return reply.redirect(`/console/login?sso=${encodeURIComponent(code)}`, 303);
      }
    },
  });

  app.get('/api/v1/auth/sso/callback', {
    schema: {
      tags: ['auth'],
      summary:
        'Where the identity provider returns: signs in and goes on to the console, or back to the sign-in page with the reason',
      querystring: z.looseObject({}),
      response: redirects,
    },
    preHandler: rateLimit({ name: 'single sign-on', max: 30, windowMs: 60_000 }),
    handler: async (request, reply) => {
      try {
        const result = await finishSsoSignIn(db, request.context(), settings, {
          currentUrl: new URL(request.url, origin(request)),
          redirectUri: redirectUri(request),
          userAgent: request.headers['user-agent'],
        });
        setSessionCookie(request, reply, result.token, result.expiresAt, publicUrl);
        return reply.redirect(result.next, 303);
      } catch (error) {
        if (!(error instanceof SsoRefused)) throw error;
        return reply.redirect(`/console/login?sso=${encodeURIComponent(error.code)}`, 303);
      }
    },
  });

  app.get('/api/v1/auth/sso/logout-url', {
    schema: {
      tags: ['auth'],
      summary: 'The identity provider’s own sign-out address for this session, where it publishes one',
      response: ok(z.object({ url: z.string().nullable() })),
    },
    handler: async (request) => ({
      url: await ssoLogoutUrl(db, request.context(), `${origin(request)}/console/login?loggedOut=1`),
    }),
  });
};
