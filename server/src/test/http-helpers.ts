import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { SESSION_COOKIE } from '../http/session-cookie.js';

/** The body every 4xx/5xx response shares. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Asserts the status and the error code of a response and returns its error body. */
export function expectError(response: LightMyRequestResponse, status: number, code: string): ErrorBody {
  expect({ status: response.statusCode, body: response.body }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<ErrorBody>();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body;
}

/** The field names a `request.invalid` answer points at. */
export function invalidFields(body: ErrorBody): string[] {
  const fields = body.error.details?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.map((entry: { field?: unknown }) => String(entry.field));
}

/** Every Set-Cookie header of a response as a list. */
export function setCookieHeaders(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie'];
  if (header === undefined) return [];
  return Array.isArray(header) ? header : [header];
}

/** The raw Set-Cookie line of the session cookie; fails the test when there is none. */
export function sessionSetCookie(response: LightMyRequestResponse): string {
  const line = setCookieHeaders(response).find((value) => value.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`no ${SESSION_COOKIE} cookie set (status ${response.statusCode})`);
  return line;
}

/** The Cookie header value carrying the session cookie a response set. */
export function sessionCookieFrom(response: LightMyRequestResponse): string {
  return sessionSetCookie(response).split(';')[0]!;
}
