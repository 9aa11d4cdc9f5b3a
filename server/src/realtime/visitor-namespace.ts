import { z } from 'zod';
import { conversationForClient } from '../conversations/access.js';
import { arrivalNotifier } from '../conversations/notifier.js';
import {
  clientMessageSchema,
  postClientMessage,
  readChatForClient,
} from '../features/chat/chat-visitor.service.js';
import { rateLimited, type HubContext } from './hub-context.js';
import { conversationRoom } from './rooms.js';
import { handshakeError, handshakeServiceOrigin, on } from './socket-helpers.js';

/**
 * `/client`: the visitor's side of a chat. The handshake carries the conversation's id and
 * secret (the only key to it) and, from a member site, an Origin on that provider's allow-list.
 */
export function registerVisitorNamespace(ctx: HubContext): void {
  const { db, clients, log } = ctx;
  clients.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    const auth = (socket.handshake.auth ?? {}) as { conversationId?: unknown; secret?: unknown };
    (async () => {
      const serviceOrigin = handshakeServiceOrigin(socket.handshake, ctx.serviceOrigin);
      if (origin && !(await ctx.allowedOrigins.allows(origin, serviceOrigin))) {
        throw handshakeError('chat.origin_not_allowed', 'This site may not use the chat');
      }
      try {
        const conversation = await conversationForClient(
          db,
          String(auth.conversationId ?? ''),
          String(auth.secret ?? ''),
        );
        socket.data.conversationId = conversation.id;
      } catch {
        throw handshakeError('conversation.not_found', 'No such conversation');
      }
    })()
      .then(() => next())
      .catch((error: Error) => next(error));
  });

  clients.on('connection', (socket) => {
    const conversationId = socket.data.conversationId as string;
    void socket.join(conversationRoom(conversationId));
    const secret = String((socket.handshake.auth as { secret?: unknown }).secret ?? '');

    on(
      socket,
      'message',
      clientMessageSchema,
      async (payload) => {
        if (!ctx.messageBuckets.take(conversationId)) throw rateLimited();
        return postClientMessage(
          db,
          arrivalNotifier(ctx.notifier, 'visitor'),
          { id: conversationId },
          payload,
        );
      },
      log,
    );
    on(
      socket,
      'sync',
      z.object({ afterSeq: z.number().int().min(0).max(2_000_000_000) }).default({ afterSeq: 0 }),
      async ({ afterSeq }) => readChatForClient(db, conversationId, secret, afterSeq),
      log,
    );
    on(
      socket,
      'typing',
      z.object({ typing: z.boolean() }),
      async ({ typing }) => {
        if (!ctx.typingBuckets.take(conversationId)) return;
        ctx.fanout.deliver({
          ns: 'staff',
          rooms: [conversationRoom(conversationId)],
          event: 'typing',
          payload: { conversationId, typing },
        });
      },
      log,
    );
  });
}
