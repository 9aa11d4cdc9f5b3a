import fastifyRateLimit, { type FastifyRateLimitStore, type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { DatabaseHandle } from '../db/database.js';
import type { Db } from '../db/database-types.js';
import { AppError } from '../errors.js';
import { countRateLimitHit, deleteEndedRateLimits } from './rate-limit.repository.js';

/** Ended windows are deleted at most this often by each node, after a hit. */
const PRUNE_EVERY_MS = 10 * 60_000;
/** Client keys each limit keeps in memory (PGlite): far more than one process serves in a window. */
const LOCAL_KEYS = 100_000;

/**
 * The PostgreSQL store: every hit is one atomic upsert in `rate_limits`, so all nodes count in
 * the same window. Each node prunes ended windows now and then, without holding up the request.
 * Our own, because the plugin's published stores are for Redis (and the PostgreSQL one on the
 * registry is for express-rate-limit over a pool of its own); this one uses the app's Kysely.
 */
class SharedRateLimitStore implements FastifyRateLimitStore {
  private nextPrune = 0;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
  ) {}

  incr(
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    timeWindow: number,
  ): void {
    countRateLimitHit(this.db, key, timeWindow).then(
      ({ hits, ttlMs }) => callback(null, { current: hits, ttl: ttlMs }),
      (error: Error) => {
        this.log.error({ err: error }, 'rate limit could not be counted');
        callback(error);
      },
    );
    if (Date.now() >= this.nextPrune) {
      this.nextPrune = Date.now() + PRUNE_EVERY_MS;
      deleteEndedRateLimits(this.db).catch((error: unknown) =>
        this.log.warn({ err: error }, 'ended rate limit windows could not be deleted'),
      );
    }
  }

  /** Every limit shares the one table: its keys start with the limit's name and route. */
  child(): FastifyRateLimitStore {
    return this;
  }
}

/**
 * Registers @fastify/rate-limit for the limits that `rateLimit()` puts on single routes (none
 * applies globally). On PostgreSQL the counts are kept in the database, so a limit holds across
 * every node. The embedded PGlite engine runs in one process by design, so there the plugin's
 * in-memory store already is the store of every node there is.
 */
export async function registerRateLimits(app: FastifyInstance, database: DatabaseHandle): Promise<void> {
  const { db } = database;
  const log = app.log;
  await app.register(fastifyRateLimit, {
    global: false,
    ...(database.engine === 'postgres'
      ? {
          store: class extends SharedRateLimitStore {
            constructor() {
              super(db, log);
            }
          },
        }
      : {}),
    // Answers stay as they were: no x-ratelimit-* headers; the error handler writes the 429 body
    // and its Retry-After.
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': false,
    },
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
  });
}

/**
 * A fixed-window limit per client address (or per `keyOf`) for one route: over the limit the
 * answer is 429 `request.rate_limited` with `retryAfterSeconds` and Retry-After. Counted by
 * @fastify/rate-limit (see `registerRateLimits`); sign-in throttling is in the database apart.
 */
export function rateLimit(options: {
  name: string;
  max: number;
  windowMs: number;
  /**
   * What is counted: the client address unless given (e.g. the signed-in staff member). A key
   * is stored in the limit's table until its window ends: hash anything personal.
   */
  keyOf?: (request: FastifyRequest) => string;
  /** Requests this limit does not count (e.g. a per-phone limit when no phone was given). */
  skip?: (request: FastifyRequest) => boolean;
}): preHandlerAsyncHookHandler {
  type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
  // The plugin's counter is made on first use from the app the request came to, once per app.
  // Its counter rather than its route hook: the hook runs once per request, and a route may
  // have several limits (booking: per address, per email, per phone).
  const limiters = new WeakMap<FastifyInstance, Limiter>();
  return async function limit(request) {
    let limiter = limiters.get(request.server);
    if (!limiter) {
      const settings: RateLimitOptions = {
        max: options.max,
        timeWindow: options.windowMs,
        // One count per limit, route and client, as when each limit kept its own map.
        keyGenerator: (req) =>
          `${options.name}|${String(req.routeOptions.method)} ${req.routeOptions.url}|${options.keyOf?.(req) ?? req.clientIp}`,
        ...(options.skip ? { allowList: (req: FastifyRequest) => options.skip!(req) } : {}),
        // A count the database could not take lets the request through (the error is logged):
        // the limit guards against floods, it does not decide who may do what.
        skipOnError: true,
        cache: LOCAL_KEYS,
      };
      limiter = request.server.createRateLimit(settings);
      limiters.set(request.server, limiter);
    }
    const counted = await limiter(request);
    if (!counted.isAllowed && counted.isExceeded) {
      throw new AppError('request.rate_limited', 429, `Too many ${options.name} requests`, {
        retryAfterSeconds: counted.ttlInSeconds,
      });
    }
  };
}
