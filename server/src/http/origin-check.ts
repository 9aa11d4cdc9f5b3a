import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { isSameOrigin, serviceOriginFor } from './service-origin.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing API calls that a browser sent from another site. SameSite=Lax
 * already keeps the session cookie off cross-site POSTs; this is the second lock. The Origin
 * must be the service's own, scheme, host and port alike (`publicOrigin` when configured).
 */
export function registerOriginCheck(app: FastifyInstance, publicOrigin: string | undefined): void {
  app.addHook('onRequest', async (request) => {
    if (safeMethods.has(request.method) || !request.url.startsWith('/api/')) return;
    if (request.allowedCrossOrigin) return; // an allow-listed member site calling the chat widget API
    const origin = request.headers.origin;
    if (!origin) return; // not a browser, or a same-origin request from an old browser
    if (isSameOrigin(origin, serviceOriginFor(publicOrigin, request))) return;
    throw new AppError('request.cross_origin', 403, 'Cross-origin request refused');
  });
}
