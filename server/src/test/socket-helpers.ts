/* Sockets in tests: connecting, waiting for an event, acknowledged emits, joining a meeting. */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll } from 'vitest';

export function connect(url: string, options: Parameters<typeof io>[1]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...options });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** The sockets a suite opens, closed after its tests (before the API closes, if that came first). */
export function trackSockets() {
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.close();
  });
  return { track: (socket: Socket) => (sockets.push(socket), socket) };
}

/** What a socket event acknowledges: ok, or an error code; some events add their own fields. */
export interface SocketAck {
  ok: boolean;
  error?: { code: string; message?: string };
  seq?: number;
  messages?: { seq: number; body: string; kind: string }[];
  state?: unknown;
  line?: { seq: number; body: string };
}

/** Emits an event and waits (5 s at most) for its acknowledgement; without a payload, sends none. */
export function emitAck<A = SocketAck>(socket: Socket, event: string, payload?: unknown): Promise<A> {
  return (
    payload === undefined
      ? socket.timeout(5000).emitWithAck(event)
      : socket.timeout(5000).emitWithAck(event, payload)
  ) as Promise<A>;
}

/** A random seat, instance or message key. */
export const socketKey = () => randomBytes(12).toString('base64url');

/** A client's socket in a meeting, let in by the link token. */
export function joinMeetingAsClient(
  base: string,
  token: string,
  seat = socketKey(),
  extra: Record<string, unknown> = {},
): Promise<Socket> {
  return connect(base, { auth: { token, seat, instance: socketKey(), ...extra } });
}

/** A staff member's socket in a meeting, let in by the session cookie. */
export function joinMeetingAsStaff(
  base: string,
  appointmentId: string,
  cookie: string,
  extraHeaders: Record<string, string> = {},
): Promise<Socket> {
  return connect(base, {
    auth: { appointmentId, seat: socketKey(), instance: socketKey() },
    extraHeaders: { cookie, ...extraHeaders },
  });
}
