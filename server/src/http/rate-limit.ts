import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../errors.js';

/**
 * A fixed-window limit per client address, kept in this process's memory: enough to stop a
 * script flooding an anonymous form. (Sign-in throttling, which must hold across nodes, is in
 * the database instead.) The map is pruned as windows expire, so it cannot grow without bound.
 */
export function rateLimit(options: {
  name: string;
  max: number;
  windowMs: number;
  /** What is counted: the client address unless given (e.g. the signed-in staff member). */
  keyOf?: (request: FastifyRequest) => string;
}): preHandlerAsyncHookHandler {
  const hits = new Map<string, { count: number; resetAt: number }>();
  let nextPrune = Date.now() + options.windowMs;
  return async (request: FastifyRequest) => {
    const now = Date.now();
    if (now > nextPrune) {
      for (const [key, entry] of hits) if (entry.resetAt <= now) hits.delete(key);
      nextPrune = now + options.windowMs;
    }
    const key = options.keyOf?.(request) ?? request.clientIp;
    const entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      hits.set(key, { count: 1, resetAt: now + options.windowMs });
      return;
    }
    entry.count += 1;
    if (entry.count > options.max) {
      throw new AppError('request.rate_limited', 429, `Too many ${options.name} requests`, {
        retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000),
      });
    }
  };
}
