import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createAppOn, useTestApp } from '../test/test-app.js';
import { countRateLimitHit, deleteEndedRateLimits } from './rate-limit.repository.js';

// The contact request form allows 5 requests per address in 10 minutes.
const body = { lang: 'fi', phone: '040 123 4567', consent: true };
const send = (app: FastifyInstance, remoteAddress: string) =>
  app.inject({ method: 'POST', url: '/api/v1/contact-requests', payload: body, remoteAddress });

describe('rate limits', () => {
  const t = useTestApp();

  const rows = () => t.database.db.selectFrom('rate_limits').selectAll().execute();
  /** Moves a key's window into the past, as if a minute had gone by since it ended. */
  const endWindow = (key: string) =>
    t.database.db
      .updateTable('rate_limits')
      .set({
        window_started_at: sql<Date>`now() - interval '2 minutes'`,
        window_ends_at: sql<Date>`now() - interval '1 minute'`,
      })
      .where('key', '=', key)
      .execute();

  it('answers 429 request.rate_limited with retryAfterSeconds and Retry-After, per address', async () => {
    for (let i = 0; i < 5; i++) expect((await send(t.app, '198.51.100.1')).statusCode).toBe(201);
    const limited = await send(t.app, '198.51.100.1');
    expect(limited.statusCode).toBe(429);
    const { error } = limited.json();
    expect(error).toEqual({
      code: 'request.rate_limited',
      message: 'Too many contact-request requests',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    expect(error.details.retryAfterSeconds).toBeGreaterThan(590);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(limited.headers['retry-after']).toBe(String(error.details.retryAfterSeconds));
    expect(Object.keys(limited.headers).filter((h) => h.includes('ratelimit'))).toEqual([]);
    // Another address has its own count.
    expect((await send(t.app, '198.51.100.2')).statusCode).toBe(201);
  });

  it('holds across app instances on PostgreSQL, and in the one process on PGlite', async () => {
    const other = await createAppOn(t.database);
    try {
      const address = '198.51.100.3';
      if (t.database.engine === 'postgres') {
        // Two nodes on one database: hits on either count towards the same limit.
        const statuses = [];
        for (const app of [t.app, other, t.app, other, t.app, other, t.app]) {
          statuses.push((await send(app, address)).statusCode);
        }
        expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
        const counted = (await rows()).filter((row) => row.key.endsWith(`|${address}`));
        expect(counted).toHaveLength(1);
        expect(counted[0]).toMatchObject({ hits: 7 });
      } else {
        // PGlite runs in one process: the plugin's memory is the store, nothing is written.
        for (let i = 0; i < 5; i++) expect((await send(t.app, address)).statusCode).toBe(201);
        expect((await send(t.app, address)).statusCode).toBe(429);
        expect(await rows()).toEqual([]);
      }
    } finally {
      await other.close();
    }
  });

  it('starts an ended window again at one, and deletes ended windows', async () => {
    const db = t.database.db;
    expect(await countRateLimitHit(db, 'test|window', 60_000)).toMatchObject({ hits: 1 });
    const second = await countRateLimitHit(db, 'test|window', 60_000);
    expect(second.hits).toBe(2);
    expect(second.ttlMs).toBeGreaterThan(50_000);
    expect(second.ttlMs).toBeLessThanOrEqual(60_000);
    await endWindow('test|window');
    expect(await countRateLimitHit(db, 'test|window', 60_000)).toMatchObject({ hits: 1 });
    await countRateLimitHit(db, 'test|ended', 60_000);
    await endWindow('test|ended');
    expect(await deleteEndedRateLimits(db)).toBe(1);
    expect((await rows()).map((row) => row.key)).not.toContain('test|ended');
    expect((await rows()).map((row) => row.key)).toContain('test|window');
  });
});
