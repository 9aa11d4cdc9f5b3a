import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import type { AllowedOrigins } from '../features/chat/allowed-origins.js';
import { serviceOriginFor } from './service-origin.js';

/** The widget's public endpoints (the chat, and suggestions beside it); everything else under /api stays same-origin only. */
const widgetPath =
  /^\/api\/v1\/(chat\/(status|conversations|offline|invitation)|suggestions|self-help|about-you)(\/|\?|$)/;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a cross-origin widget call comes from an allow-listed member site. */
    allowedCrossOrigin?: boolean;
  }
}

/**
 * CORS for the chat widget on member sites: the allow-listed origin is echoed back, without
 * credentials (the widget authenticates with its conversation secret, never with cookies).
 * Other origins are refused with 403 chat.origin_not_allowed.
 */
export function registerChatCors(
  app: FastifyInstance,
  allowedOrigins: AllowedOrigins,
  publicOrigin: string | undefined,
): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !widgetPath.test(request.url)) return;
    if (!(await allowedOrigins.allows(origin, serviceOriginFor(publicOrigin, request)))) {
      // Readable by the refused site, so that the widget can say why instead of "offline".
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      throw new AppError('chat.origin_not_allowed', 403, 'This site may not use the chat');
    }
    request.allowedCrossOrigin = true;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
    if (request.method === 'OPTIONS') {
      return reply
        .status(204)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'content-type, x-conversation-secret')
        .header('access-control-max-age', '600')
        .send();
    }
  });
}
