import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { isAppError } from '../errors.js';
import { isSameOrigin, serviceOriginFor } from '../http/service-origin.js';
import { valueTooDeep } from '../shared/json-depth.js';

/** No socket event nests deeper than a few levels (a WebRTC description is three). */
export const MAX_SOCKET_PAYLOAD_DEPTH = 16;

type Ack = (response: unknown) => void;

const workUnderWay = new WeakMap<object, Set<Promise<unknown>>>();

/**
 * Remembers work a socket server has under way (an event being handled, a broadcast after a
 * commit), so that closing the server can wait for it: a message stored while its socket was
 * being closed is still broadcast to the other nodes before the fan-out closes.
 */
export function trackWork(owner: object, work: Promise<unknown>): void {
  let set = workUnderWay.get(owner);
  if (!set) workUnderWay.set(owner, (set = new Set()));
  const entry = work.catch(() => {});
  set.add(entry);
  void entry.finally(() => set.delete(entry));
}

/** Resolves once the owner's tracked work is done, including work started meanwhile. */
export async function workDone(owner: object): Promise<void> {
  const set = workUnderWay.get(owner);
  while (set?.size) await Promise.all([...set]);
}

export function handshakeError(code: string, message: string): Error {
  const error = new Error(message) as Error & { data: { code: string } };
  error.data = { code };
  return error;
}

/**
 * Ends a handshake's checks: on success the socket connects; a refusal with a code (and its
 * details, such as when a meeting opens) reaches the client as a connect error; anything else
 * is logged and answered `server.error`.
 */
export function settleHandshake(
  checks: Promise<void>,
  next: (error?: Error) => void,
  log: FastifyBaseLogger,
  what: string,
): void {
  checks
    .then(() => next())
    .catch((error: unknown) => {
      if (isAppError(error)) {
        const refused = handshakeError(error.code, error.message) as Error & {
          data: Record<string, unknown>;
        };
        if (error.details) refused.data.details = error.details;
        return next(refused);
      }
      log.error({ err: error }, `${what} handshake failed`);
      next(handshakeError('server.error', 'Try again'));
    });
}

export function errorBody(error: unknown): {
  code: string;
  message: string;
  details?: Record<string, unknown>;
} {
  if (isAppError(error))
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    return {
      code: 'request.invalid',
      message: issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'Invalid payload',
    };
  }
  return { code: 'server.error', message: 'Something went wrong; try again' };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/**
 * Wraps an event handler: payload bounded in depth and validated, the answer given through the acknowledgement (or
 * a request_error event when the sender gave none), errors reported without ending the socket.
 */
export function on<T>(
  socket: Socket,
  event: string,
  schema: z.ZodType<T>,
  handler: (payload: T) => Promise<Record<string, unknown> | void>,
  log: FastifyInstance['log'],
) {
  socket.on(event, (...args: unknown[]) => trackWork(socket.nsp.server, handle(args)));
  async function handle(args: unknown[]) {
    const ackArg = args.find((arg): arg is Ack => typeof arg === 'function');
    const payload = typeof args[0] === 'function' ? undefined : args[0];
    const reply = (response: { ok: boolean; error?: unknown } & Record<string, unknown>) => {
      if (ackArg) ackArg(response);
      else if (!response.ok) socket.emit('request_error', response.error);
    };
    if (valueTooDeep(payload, MAX_SOCKET_PAYLOAD_DEPTH)) {
      reply({
        ok: false,
        error: {
          code: 'request.invalid',
          message: `payload: nests deeper than ${MAX_SOCKET_PAYLOAD_DEPTH} levels`,
        },
      });
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      reply({ ok: false, error: errorBody(parsed.error) });
      return;
    }
    try {
      const result = await handler(parsed.data);
      if (ackArg) ackArg({ ok: true, ...(result ?? {}) });
    } catch (error) {
      if (!isAppError(error)) log.error({ err: error, event }, 'socket handler failed');
      reply({ ok: false, error: errorBody(error) });
    }
  }
}

/** The service's origin as a handshake reached it (PUBLIC_URL's when configured). */
export function handshakeServiceOrigin(
  handshake: { secure: boolean; headers: { host?: string | undefined } },
  configured: string | undefined,
): string | undefined {
  return serviceOriginFor(configured, {
    protocol: handshake.secure ? 'https' : 'http',
    host: handshake.headers.host,
  });
}

/** True for a same-origin handshake: no Origin header, or exactly the service's origin. */
export function isServiceOrigin(origin: string | undefined, serviceOrigin: string | undefined): boolean {
  if (!origin) return true;
  return isSameOrigin(origin, serviceOrigin);
}
