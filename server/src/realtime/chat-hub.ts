import { createAdapter } from '@socket.io/postgres-adapter';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { Server, type Namespace } from 'socket.io';
import { z } from 'zod';
import type { Db } from '../db/database-types.js';
import { AppError } from '../errors.js';
import type { StaffActor } from '../access/actor.js';
import { resolveSession, type AuthSettings } from '../access/sessions.js';
import { can } from '../access/policy.js';
import { sessionEvents, type RevokedSessions } from '../access/session-events.js';
import type { AllowedOrigins } from '../features/chat/allowed-origins.js';
import type { ChatNotifier } from '../conversations/notifier.js';
import {
  type ChatState,
  chatState,
  clientMessageSchema,
  postClientMessage,
  presentClientMessage,
  readChatForClient,
} from '../features/chat/chat-visitor.service.js';
import { conversationForClient } from '../conversations/access.js';
import { touchPresence } from '../features/chat/chat-console.service.js';
import { postStaffMessage, staffMessageSchema } from '../features/inbox/conversation.service.js';
import { inboxItemById, presentStaffMessage } from '../conversations/staff-view.js';
import { conversationForStaff, pairKey, visiblePairs } from '../conversations/access.js';
import { messagesAfter } from '../conversations/message.repository.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { RateBucket } from './rate-bucket.js';
import { SerialGates } from './serial-gates.js';
import { handshakeError, handshakeServiceOrigin, isServiceOrigin, on, readCookie } from './socket-helpers.js';
import { queueSnapshot } from '../features/chat/routing.js';

export interface ChatHubOptions {
  db: Db;
  allowedOrigins: AllowedOrigins;
  serviceOrigin: string | undefined;
  authSettings: AuthSettings;
  /** PostgreSQL URL for the fan-out between nodes; without it this node is on its own. */
  adapterDatabaseUrl?: string | undefined;
}

export interface ChatHub extends ChatNotifier {
  io: Server;
  close(): Promise<void>;
}

const conversationRoom = (id: string) => `conv:${id}`;
const staffRoom = (id: string) => `staff:${id}`;
const sessionRoom = (id: string) => `session:${id}`;
/** Stream events that record a change of who may see a conversation. */
const accessEvents = new Set(['assigned', 'transferred', 'closed', 'reopened']);
const conversationOf = (room: string) => (room.startsWith('conv:') ? room.slice(5) : undefined);

/**
 * Socket.IO for chat: `/client` for visitors (per-conversation secret, allow-listed origins)
 * and `/staff` for the console (session cookie, the service's own origin). Rooms per
 * conversation and per staff member; with a PostgreSQL URL the rooms span every node.
 */
export function createChatHub(app: FastifyInstance, options: ChatHubOptions): ChatHub {
  const { db, allowedOrigins } = options;
  const pool = options.adapterDatabaseUrl
    ? // Each namespace's adapter keeps a connection for LISTEN ('/', /client, /staff, /meeting),
      // and publishing needs one more: a pool smaller than that never finishes starting.
      new pg.Pool({ connectionString: options.adapterDatabaseUrl, max: 8 })
    : undefined;
  // The adapter keeps one connection checked out for LISTEN and listens to neither its errors
  // nor the pool's: a dropped connection would end the process. It reconnects on 'end' itself.
  pool?.on('error', (error) => app.log.warn({ err: error }, 'socket fan-out connection lost'));
  pool?.on('connect', (client) =>
    client.on('error', (error) => app.log.warn({ err: error }, 'socket fan-out connection lost')),
  );
  const io = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // Long-polling from a member site is a cross-origin request; the namespace checks the
    // origin again for both transports.
    cors: {
      origin: (origin, callback) => {
        if (!origin) return callback(null, false);
        allowedOrigins
          .allows(origin, undefined)
          .then((allowed) => callback(null, allowed))
          .catch(() => callback(null, false));
      },
      credentials: true,
    },
    ...(pool
      ? {
          adapter: createAdapter(pool, {
            errorHandler: (error) => app.log.warn({ err: error }, 'socket fan-out error'),
          }),
        }
      : {}),
  });

  const clients: Namespace = io.of('/client');
  const staff: Namespace = io.of('/staff');
  const messageBuckets = new RateBucket(5, 10);
  const typingBuckets = new RateBucket(3, 5);

  // ---- visitors -------------------------------------------------------------------------
  clients.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    const auth = (socket.handshake.auth ?? {}) as { conversationId?: unknown; secret?: unknown };
    (async () => {
      if (
        origin &&
        !(await allowedOrigins.allows(
          origin,
          handshakeServiceOrigin(socket.handshake, options.serviceOrigin),
        ))
      ) {
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
        if (!messageBuckets.take(conversationId)) throw rateLimited();
        return postClientMessage(db, hub, { id: conversationId }, payload);
      },
      app.log,
    );
    on(
      socket,
      'sync',
      z.object({ afterSeq: z.number().int().min(0).max(2_000_000_000) }).default({ afterSeq: 0 }),
      async ({ afterSeq }) => readChatForClient(db, conversationId, secret, afterSeq),
      app.log,
    );
    on(
      socket,
      'typing',
      z.object({ typing: z.boolean() }),
      async ({ typing }) => {
        if (!typingBuckets.take(conversationId)) return;
        deliver({
          ns: 'staff',
          rooms: [conversationRoom(conversationId)],
          event: 'typing',
          payload: { conversationId, typing },
        });
      },
      app.log,
    );
  });

  // ---- staff ----------------------------------------------------------------------------
  staff.use((socket, next) => {
    const { origin, cookie } = socket.handshake.headers;
    if (!isServiceOrigin(origin, handshakeServiceOrigin(socket.handshake, options.serviceOrigin)))
      return next(handshakeError('chat.origin_not_allowed', 'Cross-origin console refused'));
    const token = readCookie(cookie, SESSION_COOKIE);
    if (!token || token.length > 100) return next(handshakeError('auth.unauthenticated', 'Sign in first'));
    resolveSession(db, options.authSettings, token)
      .then((actor) => {
        if (!actor) return next(handshakeError('auth.unauthenticated', 'Sign in first'));
        if (!can(actor, 'chat.handle')) return next(handshakeError('auth.forbidden', 'Not allowed'));
        socket.data.actor = actor;
        socket.data.token = token;
        next();
      })
      .catch(() => next(handshakeError('server.error', 'Try again')));
  });

  staff.on('connection', (socket) => {
    const actor = socket.data.actor as StaffActor;
    // Read at each use: a change of the person's role or provider replaces the actor.
    const ctx = {
      get actor() {
        return socket.data.actor as StaffActor;
      },
    };
    void socket.join([staffRoom(actor.staffId), sessionRoom(actor.sessionId), 'queue']);
    touchPresence(db, [actor.staffId]).catch((error: unknown) =>
      app.log.warn({ err: error }, 'presence touch failed'),
    );

    on(
      socket,
      'watch',
      z.object({
        conversationId: z.string().max(100),
        afterSeq: z.number().int().min(0).max(2_000_000_000).default(0),
      }),
      async ({ conversationId, afterSeq }) => {
        // Checked and joined in the conversation's queue: a re-check queued meanwhile runs after
        // the join and sees this socket.
        const { conversation } = await gates.run(conversationId, async () => {
          const found = await conversationForStaff(db, ctx, conversationId);
          await socket.join(conversationRoom(found.conversation.id));
          return found;
        });
        const rows = await messagesAfter(db, conversation.id, afterSeq, { includeNotes: true });
        return {
          messages: rows.map(presentStaffMessage),
          conversation: await inboxItemById(db, conversation.id),
        };
      },
      app.log,
    );
    on(
      socket,
      'unwatch',
      z.object({ conversationId: z.string().max(100) }),
      async ({ conversationId }) => {
        await socket.leave(conversationRoom(conversationId));
      },
      app.log,
    );
    on(
      socket,
      'message',
      staffMessageSchema.extend({ conversationId: z.string().max(100) }),
      async ({ conversationId, ...message }) => {
        if (!messageBuckets.take(`staff:${actor.staffId}`)) throw rateLimited();
        return postStaffMessage(db, hub, ctx, conversationId, message);
      },
      app.log,
    );
    on(
      socket,
      'typing',
      z.object({ conversationId: z.string().max(100), typing: z.boolean() }),
      async ({ conversationId, typing }) => {
        // Only into a conversation this socket watches and may still see.
        if (!socket.rooms.has(conversationRoom(conversationId))) return;
        if (!typingBuckets.take(`staff:${actor.staffId}`)) return;
        const allowed = await visiblePairs(db, [{ staffId: actor.staffId, conversationId }]);
        if (!allowed.has(pairKey(actor.staffId, conversationId))) return;
        deliver({
          ns: 'client',
          rooms: [conversationRoom(conversationId)],
          event: 'typing',
          payload: { typing },
        });
      },
      app.log,
    );
  });

  // ---- who may watch what --------------------------------------------------------------
  // A staff socket joins a conversation's room after the same check the HTTP API makes. Access
  // can change afterwards (accept, claim, transfer, close, a change to the person's role or
  // provider): every such change re-checks the room's sockets on every node, and deliveries to
  // staff in that room wait behind the re-check (SerialGates), so a socket that lost access
  // gets nothing committed after the change.
  const gates = new SerialGates((error) => app.log.warn({ err: error }, 'conversation access check failed'));

  const localStaffSocket = (id: string) => staff.sockets.get(id);
  const actorOf = (socket: { data: { actor?: unknown } }) => socket.data.actor as StaffActor;

  /** Takes every socket on this node that may no longer see the conversation out of its room. */
  const recheckRoom = async (conversationId: string) => {
    const room = conversationRoom(conversationId);
    const watchers = [...(staff.adapter.rooms.get(room) ?? [])]
      .map(localStaffSocket)
      .filter((socket) => socket !== undefined);
    if (!watchers.length) return;
    const visible = await visiblePairs(
      db,
      watchers.map((socket) => ({ staffId: actorOf(socket).staffId, conversationId })),
    );
    for (const socket of watchers) {
      if (visible.has(pairKey(actorOf(socket).staffId, conversationId))) continue;
      await socket.leave(room);
      socket.emit('unwatched', { conversationId });
    }
  };

  /**
   * A change to a person's role, provider, languages or expertise: their sockets on this node
   * take the new actor (or close, when the session no longer allows the chat) and every room
   * they watch is checked again.
   */
  const refreshStaff = async (staffId: string) => {
    const sockets = [...(staff.adapter.rooms.get(staffRoom(staffId)) ?? [])]
      .map(localStaffSocket)
      .filter((socket) => socket !== undefined);
    for (const socket of sockets) {
      const actor = await resolveSession(db, options.authSettings, socket.data.token as string);
      if (!actor || !can(actor, 'chat.handle')) {
        socket.disconnect(true);
        continue;
      }
      socket.data.actor = actor;
      for (const room of socket.rooms) {
        const conversationId = conversationOf(room);
        if (conversationId) gates.schedule(conversationId, () => recheckRoom(conversationId));
      }
    }
  };

  // Presence, session and access check: every 30 s, for this node's console connections. It
  // catches what no event reported (a session that expired, a change made while a node was down).
  const heartbeat = setInterval(() => {
    void (async () => {
      const sockets = await staff.local.fetchSockets();
      const live: string[] = [];
      const checked = new Map<string, boolean>();
      const watched = new Set<string>();
      for (const socket of sockets) {
        const token = socket.data.token as string;
        let ok = checked.get(token);
        if (ok === undefined) {
          ok = !!(await resolveSession(db, options.authSettings, token).catch(() => undefined));
          checked.set(token, ok);
        }
        if (!ok) {
          socket.disconnect(true);
          continue;
        }
        live.push(actorOf(socket).staffId);
        for (const room of socket.rooms) {
          const conversationId = conversationOf(room);
          if (conversationId) watched.add(conversationId);
        }
      }
      await touchPresence(db, [...new Set(live)]);
      for (const conversationId of watched) gates.schedule(conversationId, () => recheckRoom(conversationId));
    })().catch((error: unknown) => app.log.warn({ err: error }, 'presence heartbeat failed'));
  }, 30_000);
  heartbeat.unref();

  // Through the adapter: the sockets close on every node.
  const onRevoked = ({ staffId, sessionId }: RevokedSessions) =>
    staff.in(sessionId ? sessionRoom(sessionId) : staffRoom(staffId)).disconnectSockets(true);
  const onChanged = (staffId: string) => deliver({ refreshStaff: staffId });
  sessionEvents.on('revoked', onRevoked);
  sessionEvents.on('changed', onChanged);

  // ---- fan-out ------------------------------------------------------------------------------
  // Every broadcast is delivered to this node's sockets at once and relayed to the other nodes
  // as one server-side event (one NOTIFY on PostgreSQL), so local delivery never waits for the
  // database round trip and a message costs one NOTIFY, not one per namespace.
  type Envelope =
    | { ns: 'client' | 'staff'; rooms: string[]; event: string; payload: unknown }
    /** Check again who may watch this conversation (its access may have changed). */
    | { recheck: string }
    /** Reload this staff member's actor on their sockets and check what they watch. */
    | { refreshStaff: string };
  const emitLocal = (envelopes: Envelope[]) => {
    for (const e of envelopes) {
      if ('recheck' in e) {
        const conversationId = e.recheck;
        gates.schedule(conversationId, () => recheckRoom(conversationId));
      } else if ('refreshStaff' in e) {
        refreshStaff(e.refreshStaff).catch(logFailure('staff refresh'));
      } else if (e.ns === 'client') {
        clients.local.to(e.rooms).emit(e.event, e.payload);
      } else {
        const emit = () => staff.local.to(e.rooms).emit(e.event, e.payload);
        // Behind any re-check under way for a conversation the envelope goes to.
        const busy = e.rooms.map(conversationOf).find((id) => id !== undefined && gates.isBusy(id));
        if (busy) gates.schedule(busy, emit);
        else emit();
      }
    }
  };
  const clustered = !!pool;
  const deliver = (...envelopes: Envelope[]) => {
    emitLocal(envelopes);
    if (clustered) clients.serverSideEmit('relay', envelopes);
  };
  clients.on('relay', (envelopes: Envelope[]) => {
    if (Array.isArray(envelopes)) emitLocal(envelopes);
  });

  let queueTimer: NodeJS.Timeout | undefined;
  const queueReasons = new Set<string>();
  const logFailure = (what: string) => (error: unknown) =>
    app.log.warn({ err: error }, `${what} broadcast failed`);

  /**
   * New queue places for the queued visitors connected to this node: three queries however long
   * the queue is (positions, wait history, counsellors), then one local emit per visitor.
   */
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshLocalQueue = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      (async () => {
        const local = [...clients.adapter.rooms.keys()]
          .filter((room) => room.startsWith('conv:'))
          .map((room) => room.slice(5));
        if (!local.length) return;
        const queue = await queueSnapshot(db);
        const waiting = local.filter((id) => queue.positions.has(id));
        if (!waiting.length) return;
        const rows = await db
          .selectFrom('conversations')
          .select(['id', 'topic', 'language', 'last_seq'])
          .where('id', 'in', waiting)
          .execute();
        for (const row of rows) {
          const place = queue.positions.get(row.id)!;
          const state: ChatState = {
            id: row.id,
            status: 'queued',
            topic: row.topic,
            language: row.language,
            counsellor: null,
            queuePosition: place,
            estimatedWaitSeconds: queue.waitFor(place),
            lastSeq: row.last_seq,
            rated: false,
          };
          clients.local.to(conversationRoom(row.id)).emit('state', state);
        }
      })().catch(logFailure('queue'));
    }, 100);
  };
  staff.on('queue_changed', refreshLocalQueue);

  const hub: ChatHub = {
    io,
    message(conversationId, seq) {
      messagesAfter(db, conversationId, seq - 1, { includeNotes: true, limit: 1 })
        .then(([row]) => {
          if (!row || row.seq !== seq) return;
          const room = [conversationRoom(conversationId)];
          const envelopes: Envelope[] = [
            // An event that changes who may see the conversation travels with its own re-check:
            // relays between nodes are not ordered, but one relay's envelopes are.
            ...(row.kind === 'event' && accessEvents.has(row.event_type ?? '')
              ? [{ recheck: conversationId }]
              : []),
            {
              ns: 'staff',
              rooms: room,
              event: 'message',
              payload: { conversationId, ...presentStaffMessage(row) },
            },
          ];
          if (row.kind !== 'note') {
            envelopes.push({
              ns: 'client',
              rooms: room,
              event: 'message',
              payload: presentClientMessage(row),
            });
          }
          deliver(...envelopes);
        })
        .catch(logFailure('message'));
    },
    conversationChanged(conversationId) {
      // At once, before the new state is read: deliveries to staff from now on wait for it.
      deliver({ recheck: conversationId });
      (async () => {
        const conversation = await db
          .selectFrom('conversations')
          .selectAll()
          .where('id', '=', conversationId)
          .executeTakeFirst();
        if (!conversation) return;
        const state = await chatState(db, conversation);
        const item = await inboxItemById(db, conversationId);
        const rooms = [conversationRoom(conversationId)];
        if (conversation.assigned_staff_id) rooms.push(staffRoom(conversation.assigned_staff_id));
        deliver(
          { ns: 'client', rooms: [conversationRoom(conversationId)], event: 'state', payload: state },
          { ns: 'staff', rooms, event: 'conversation', payload: item },
        );
      })().catch(logFailure('state'));
    },
    queueChanged(reason) {
      queueReasons.add(reason);
      if (queueTimer) return;
      // Many changes in a burst become one update.
      queueTimer = setTimeout(() => {
        queueTimer = undefined;
        const reasons = [...queueReasons];
        queueReasons.clear();
        deliver({ ns: 'staff', rooms: ['queue'], event: 'queue', payload: { reason: reasons.join(',') } });
        refreshLocalQueue();
        if (clustered) staff.serverSideEmit('queue_changed');
      }, 150);
    },
    assigned(staffId, conversationId) {
      deliver({ ns: 'staff', rooms: [staffRoom(staffId)], event: 'assigned', payload: { conversationId } });
    },
    async close() {
      clearInterval(heartbeat);
      if (queueTimer) clearTimeout(queueTimer);
      if (refreshTimer) clearTimeout(refreshTimer);
      sessionEvents.off('revoked', onRevoked);
      sessionEvents.off('changed', onChanged);
      // Every namespace on this server (the video meetings' too): an adapter left open keeps a
      // pool connection checked out, and pool.end() would wait for it for ever.
      const namespaces = [...io._nsps.values()];
      for (const nsp of namespaces) nsp.local.disconnectSockets(true);
      io.engine.close();
      for (const nsp of namespaces) {
        const adapter = nsp.adapter as unknown as { close?: () => Promise<void> | void };
        await adapter.close?.();
      }
      await pool?.end();
    },
  };
  return hub;
}

const rateLimited = () =>
  new AppError('request.rate_limited', 429, 'Too many messages at once; wait a moment and send again');
