import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSecureOrigin } from './service-origin.js';

export const SESSION_COOKIE = 'opintori_session';

/**
 * The one set of attributes of the session cookie: HttpOnly, SameSite=Lax, path /, and
 * Secure when the service's public address (PUBLIC_URL) is https — not when the request
 * happens to arrive over https, which a TLS-terminating proxy hides.
 */
export function sessionCookieAttributes(request: FastifyRequest, publicOrigin: string | undefined) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecureOrigin(publicOrigin, request.protocol),
  };
}

/** Sets the session cookie; it lives no longer than the session itself. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
  publicOrigin: string | undefined,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    ...sessionCookieAttributes(request, publicOrigin),
    expires: expiresAt,
  });
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicOrigin: string | undefined,
): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieAttributes(request, publicOrigin));
}
