import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing API calls that a browser sent from another site. SameSite=Lax
 * already keeps the session cookie off cross-site POSTs; this is the second lock.
 */
export function registerOriginCheck(app: FastifyInstance, publicUrl: string | undefined): void {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
  app.addHook('onRequest', async (request) => {
    if (safeMethods.has(request.method) || !request.url.startsWith('/api/')) return;
    if (request.allowedCrossOrigin) return; // an allow-listed member site calling the chat widget API
    const origin = request.headers.origin;
    if (!origin) return; // not a browser, or a same-origin request from an old browser
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new AppError('request.cross_origin', 403, 'Cross-origin request refused');
    }
    if (originHost === request.host || origin === publicOrigin) return;
    throw new AppError('request.cross_origin', 403, 'Cross-origin request refused');
  });
}
