import type { FastifyInstance } from 'fastify';

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

/** Staff act on a conversation in the inbox: accept, close, transfer… (POST …/conversations/:id/<action>). */
export function inboxAction(
  app: FastifyInstance,
  cookie: string,
  conversationId: string,
  action: 'accept' | 'close' | 'transfer' | 'claim',
  payload?: Record<string, unknown>,
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/inbox/conversations/${conversationId}/${action}`,
    headers: { cookie },
    ...(payload ? { payload } : {}),
  });
}

/** A chat started by a visitor, accepted by the signed-in counsellor and answered with `lines`. */
export async function answeredChat(
  app: FastifyInstance,
  counsellorCookie: string,
  lines: string[],
  body: Record<string, unknown> = {},
): Promise<string> {
  const { conversationId } = await startChat(app, body);
  const accepted = await inboxAction(app, counsellorCookie, conversationId, 'accept');
  if (accepted.statusCode !== 200) throw new Error(`accept: ${accepted.statusCode} ${accepted.body}`);
  for (const [index, line] of lines.entries()) {
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversationId}/messages`,
      headers: { cookie: counsellorCookie },
      payload: { clientMsgId: `${conversationId}-${index}`, body: line, kind: 'message' },
    });
    if (response.statusCode !== 200) throw new Error(`message: ${response.statusCode} ${response.body}`);
  }
  return conversationId;
}
