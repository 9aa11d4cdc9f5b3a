import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/database-types.js';
import { anonymousActor, type Actor, type StaffActor } from '../access/actor.js';
import { resolveSession, type AuthSettings } from '../access/sessions.js';
import type { RequestContext } from '../access/request-context.js';
import { SESSION_COOKIE } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** The visitor's address, also when the page renderer calls the API on their behalf. */
    clientIp: string;
    context(): RequestContext;
  }
}

/** Header names the page renderer (web/) uses to call the API on a visitor's behalf. */
export const INTERNAL_SECRET_HEADER = 'x-opintori-internal';
export const INTERNAL_CLIENT_IP_HEADER = 'x-opintori-client-ip';

function isInternalCall(request: FastifyRequest, secret: string | undefined): boolean {
  const given = request.headers[INTERNAL_SECRET_HEADER];
  if (!secret || typeof given !== 'string' || given.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(secret));
}

/**
 * Resolves who is calling: the session cookie gives a staff actor, anything else is anonymous.
 * Only requests carrying the internal secret may name the visitor's IP address.
 */
export function registerRequestActor(
  app: FastifyInstance,
  db: Db,
  settings: AuthSettings,
  internalSecret: string | undefined,
): void {
  // Set by the onRequest hook below before anything reads it.
  app.decorateRequest('actor', null as unknown as StaffActor);
  app.decorateRequest('clientIp', '');
  app.decorateRequest('context', function (this: FastifyRequest): RequestContext {
    return { actor: this.actor, requestId: this.id, ip: this.clientIp };
  });

  app.addHook('onRequest', async (request) => {
    request.actor = anonymousActor;
    const forwardedIp = request.headers[INTERNAL_CLIENT_IP_HEADER];
    request.clientIp =
      typeof forwardedIp === 'string' && forwardedIp && isInternalCall(request, internalSecret)
        ? forwardedIp.slice(0, 64)
        : request.ip;
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length <= 100) {
      request.actor = (await resolveSession(db, settings, token)) ?? anonymousActor;
    }
  });
}
