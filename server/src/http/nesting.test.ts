import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, jsonTextTooDeep, valueTooDeep } from '../shared/json-depth.js';
import { expectError } from '../test/http-helpers.js';
import { listenLocally, useTestApp } from '../test/test-app.js';
import { findNul } from './text-guard.js';

/*
 * Deeply nested input must be refused in time linear in its size, before authentication and
 * rate limits: one request must never hold the server. These run against a listening server,
 * so that /healthz is asked over the network while the deep body is being answered.
 */

const t = useTestApp();
let base: string;
beforeAll(async () => {
  base = await listenLocally(t.app);
});

const nested = (levels: number, open = '[', close = ']') => open.repeat(levels) + close.repeat(levels);

/** Asks /healthz every 20 ms until `until` settles; returns the slowest answer's time. */
async function slowestHealthCheck(until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let slowest = 0;
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return slowest;
}

describe('deeply nested request bodies', () => {
  it.each([100_000, 400_000])(
    'refuses %i levels of arrays sent to the sign-in with 400 request.invalid, /healthz answering meanwhile',
    async (levels) => {
      const started = performance.now();
      const answer = fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: nested(levels),
      });
      const slowest = await slowestHealthCheck(answer);
      const response = await answer;
      const elapsed = performance.now() - started;
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('request.invalid');
      expect(body.error.message).toContain(String(MAX_JSON_DEPTH));
      // Generous bounds for a loaded CI machine; the quadratic walk took minutes at 400,000.
      expect(elapsed).toBeLessThan(3_000);
      expect(slowest).toBeLessThan(1_000);
    },
  );

  it('refuses nested objects just past the limit and accepts a body at the limit', async () => {
    const deep = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    expectError(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: deep,
      }),
      400,
      'request.invalid',
    );
    // At the limit the body is parsed and judged by the route's schema as usual.
    const atLimit = '{"a":'.repeat(MAX_JSON_DEPTH - 1) + '1' + '}'.repeat(MAX_JSON_DEPTH - 1);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"email":"x@example.test","password":"p","extra":${atLimit}}`,
    });
    expect(response.statusCode).toBe(401);
  });

  it('counts brackets inside strings as text, not as nesting', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'x@example.test', password: '['.repeat(500) + '"\\' }),
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('the walks over untrusted values are linear', () => {
  it('finds a NUL at the bottom of 200,000 levels quickly and names its path', () => {
    let value: unknown = 'a\u0000b';
    for (let i = 0; i < 200_000; i++) value = [value];
    const started = performance.now();
    const path = findNul(value);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(path).toHaveLength(200_000);
    expect(path?.every((key) => key === '0')).toBe(true);
  });

  it('measures the depth of text and values without recursion', () => {
    expect(jsonTextTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTextTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTextTooDeep(`["${'['.repeat(1000)}"]`)).toBe(false);
    expect(jsonTextTooDeep(`["\\"${'['.repeat(100)}"]`)).toBe(false);
    let value: unknown = 1;
    for (let i = 0; i < 500_000; i++) value = { a: value };
    expect(valueTooDeep(value)).toBe(true);
    expect(valueTooDeep(JSON.parse(nested(MAX_JSON_DEPTH)))).toBe(false);
  });
});
