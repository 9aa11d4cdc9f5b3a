import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';

/** Opening hours that cover every minute of every day, so tests do not depend on the clock. */
export const alwaysOpen = {
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
  exceptions: [],
};

export async function openAllDay(app: FastifyInstance, adminCookie: string): Promise<void> {
  const response = await app.inject({
    method: 'PUT',
    url: '/api/v1/chat/opening-hours',
    headers: { cookie: adminCookie },
    payload: alwaysOpen,
  });
  if (response.statusCode !== 200) throw new Error(`opening hours: ${response.statusCode} ${response.body}`);
}

export async function setAvailable(app: FastifyInstance, cookie: string, maxChats = 3): Promise<void> {
  const response = await app.inject({
    method: 'PUT',
    url: '/api/v1/inbox/presence',
    headers: { cookie },
    payload: { status: 'available', maxChats },
  });
  if (response.statusCode !== 200) throw new Error(`presence: ${response.statusCode} ${response.body}`);
}

export async function startChat(
  app: FastifyInstance,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ conversationId: string; secret: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/chat/conversations',
    headers,
    payload: { topic: 'applying', language: 'fi', ...body },
  });
  if (response.statusCode !== 201) throw new Error(`start: ${response.statusCode} ${response.body}`);
  return response.json();
}

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
