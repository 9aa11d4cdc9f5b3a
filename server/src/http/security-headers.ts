import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Applied to the raw response so that they also reach pages rendered by the SvelteKit handler,
// which writes to the socket itself. SvelteKit sets its own nonce-based CSP for pages; the
// strict default below covers the API, the widget bundle and everything else.
const apiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Sets the security headers on one response. */
export function setSecurityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { isHttps: boolean },
): void {
  const raw = reply.raw;
  raw.setHeader('x-content-type-options', 'nosniff');
  raw.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  raw.setHeader('x-frame-options', 'DENY');
  raw.setHeader('cross-origin-opener-policy', 'same-origin');
  raw.setHeader(
    'permissions-policy',
    'camera=(self), microphone=(self), display-capture=(self), geolocation=()',
  );
  if (options.isHttps || request.protocol === 'https') {
    raw.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  }
  raw.setHeader('content-security-policy', apiCsp);
}

/** Adds the security headers to every response. */
export function registerSecurityHeaders(app: FastifyInstance, options: { isHttps: boolean }): void {
  app.addHook('onRequest', async (request, reply) => setSecurityHeaders(request, reply, options));
}
