import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { rateLimit } from '../http/rate-limit.js';
import { errorResponses, fileResponse } from '../http/schemas.js';
import { secretEquals } from '../shared/secrets.js';
import type { AppMetrics } from './metrics.js';

export interface MetricsRouteOptions {
  metrics: AppMetrics;
  /** METRICS_TOKEN; without it the metrics are off and the route answers 404. */
  token: string | undefined;
}

const BEARER = /^Bearer\s+(\S{1,500})$/i;

/** True when the request carries the configured token as `Authorization: Bearer …`. */
function hasToken(request: FastifyRequest, token: string): boolean {
  const given = BEARER.exec(request.headers.authorization ?? '')?.[1];
  // Compared as digests in constant time: neither the token's content nor its length leaks.
  return given !== undefined && secretEquals(given, token);
}

/**
 * GET /metrics for Prometheus, behind a bearer token. Wrong tokens are rate-limited per address;
 * the scraper with the right token never is, and its requests stay out of the info log.
 */
export const metricsRoutes: FastifyPluginAsyncZod<MetricsRouteOptions> = async (app, { metrics, token }) => {
  app.get('/metrics', {
    schema: {
      tags: ['health'],
      summary: 'Prometheus metrics (Authorization: Bearer METRICS_TOKEN); 404 while METRICS_TOKEN is unset',
      response: {
        200: fileResponse('text/plain', 'Prometheus text exposition format 0.0.4'),
        ...errorResponses(401, 404, 429),
      },
    },
    logLevel: 'warn',
    preHandler: rateLimit({
      name: 'metrics',
      max: 30,
      windowMs: 60_000,
      skip: (request) => !token || hasToken(request, token),
    }),
    handler: async (request, reply) => {
      if (!token || !metrics.enabled) throw new AppError('metrics.disabled', 404, 'Metrics are off');
      if (!hasToken(request, token)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('metrics.unauthorized', 401, 'A valid metrics bearer token is required');
      }
      return reply
        .header('content-type', metrics.contentType)
        .header('cache-control', 'no-store')
        .send(await metrics.scrape());
    },
  });
};
