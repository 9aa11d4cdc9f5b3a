import { z } from 'zod';
import type { StaffActor } from '../access/actor.js';
import { recordAudit } from '../access/audit.js';
import { can } from '../access/policy.js';
import { resolveSession } from '../access/sessions.js';
import { conversationForStaff, pairKey, visiblePairs } from '../conversations/access.js';
import { messagesAfter } from '../conversations/message.repository.js';
import { arrivalNotifier } from '../conversations/notifier.js';
import { inboxItemById, presentStaffMessage } from '../conversations/staff-view.js';
import { touchPresence } from '../features/chat/chat-console.service.js';
import { postStaffMessage, staffSocketMessageSchema } from '../features/inbox/conversation.service.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { rateLimited, type HubContext } from './hub-context.js';
import { conversationRoom, HOME_ROOM, sessionRoom, staffRoom } from './rooms.js';
import { handshakeError, handshakeServiceOrigin, isServiceOrigin, on, readCookie } from './socket-helpers.js';

const conversationIdSchema = z.string().max(100);

/** The console's front page, which listens and never watches, writes or counts as present. */
const isHomeView = (auth: unknown) => z.object({ view: z.literal('home') }).safeParse(auth).success;

/**
 * `/staff`: the console's socket, signed in with the session cookie from the service's own
 * origin. Counsellors watch the conversations they have open, write into them and type. The
 * console's front page connects with `auth: { view: 'home' }`: it only hears that the day
 * changed, and having it open does not count as being present for chats.
 */
export function registerStaffNamespace(ctx: HubContext): void {
  const { db, staff, log } = ctx;
  staff.use((socket, next) => {
    const { origin, cookie } = socket.handshake.headers;
    if (!isServiceOrigin(origin, handshakeServiceOrigin(socket.handshake, ctx.serviceOrigin)))
      return next(handshakeError('chat.origin_not_allowed', 'Cross-origin console refused'));
    const token = readCookie(cookie, SESSION_COOKIE);
    if (!token || token.length > 100) return next(handshakeError('auth.unauthenticated', 'Sign in first'));
    resolveSession(db, ctx.authSettings, token)
      .then((actor) => {
        if (!actor) return next(handshakeError('auth.unauthenticated', 'Sign in first'));
        if (!can(actor, 'chat.handle')) return next(handshakeError('auth.forbidden', 'Not allowed'));
        socket.data.actor = actor;
        socket.data.token = token;
        socket.data.home = isHomeView(socket.handshake.auth);
        next();
      })
      .catch(() => next(handshakeError('server.error', 'Try again')));
  });

  staff.on('connection', (socket) => {
    const actor = socket.data.actor as StaffActor;
    // Read at each use: a change of the person's role or provider replaces the actor.
    const request = {
      get actor() {
        return socket.data.actor as StaffActor;
      },
    };
    if (socket.data.home) {
      void socket.join([staffRoom(actor.staffId), sessionRoom(actor.sessionId), HOME_ROOM]);
      return;
    }
    void socket.join([staffRoom(actor.staffId), sessionRoom(actor.sessionId), 'queue']);
    touchPresence(db, [actor.staffId]).catch((error: unknown) =>
      log.warn({ err: error }, 'presence touch failed'),
    );

    on(
      socket,
      'watch',
      z.object({
        conversationId: conversationIdSchema,
        afterSeq: z.number().int().min(0).max(2_000_000_000).default(0),
      }),
      async ({ conversationId, afterSeq }) => {
        // Checked and joined in the conversation's queue: a re-check queued meanwhile runs after
        // the join and sees this socket.
        const { conversation } = await ctx.gates.run(conversationId, async () => {
          const found = await conversationForStaff(db, request, conversationId);
          await socket.join(conversationRoom(found.conversation.id));
          return found;
        });
        const rows = await messagesAfter(db, conversation.id, afterSeq, { includeNotes: true });
        // Opening a chat's messages is recorded as the inbox's reads are (the access log); a
        // watch from a later sequence is the same pane catching up after a reconnect.
        if (afterSeq === 0) {
          await recordAudit(db, request, {
            action: 'conversation.read',
            targetType: 'conversation',
            targetId: conversation.id,
            organisationId: conversation.organisation_id,
            details: { via: 'chat' },
          });
        }
        return {
          messages: rows.map(presentStaffMessage),
          conversation: await inboxItemById(db, conversation.id),
        };
      },
      log,
    );
    on(
      socket,
      'unwatch',
      z.object({ conversationId: conversationIdSchema }),
      async ({ conversationId }) => {
        await socket.leave(conversationRoom(conversationId));
      },
      log,
    );
    on(
      socket,
      'message',
      staffSocketMessageSchema,
      async ({ conversationId, ...message }) => {
        if (!ctx.messageBuckets.take(`staff:${actor.staffId}`)) throw rateLimited();
        const notifier = arrivalNotifier(ctx.notifier, 'staff');
        return postStaffMessage(db, notifier, request, conversationId, message);
      },
      log,
    );
    on(
      socket,
      'typing',
      z.object({ conversationId: conversationIdSchema, typing: z.boolean() }),
      async ({ conversationId, typing }) => {
        // Only into a conversation this socket watches and may still see.
        if (!socket.rooms.has(conversationRoom(conversationId))) return;
        if (!ctx.typingBuckets.take(`staff:${actor.staffId}`)) return;
        const allowed = await visiblePairs(db, [{ staffId: actor.staffId, conversationId }]);
        if (!allowed.has(pairKey(actor.staffId, conversationId))) return;
        ctx.fanout.deliver({
          ns: 'client',
          rooms: [conversationRoom(conversationId)],
          event: 'typing',
          payload: { typing },
        });
      },
      log,
    );
  });
}
