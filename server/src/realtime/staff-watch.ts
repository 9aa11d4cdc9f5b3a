import type { FastifyBaseLogger } from 'fastify';
import type { Namespace } from 'socket.io';
import type { StaffActor } from '../access/actor.js';
import { can } from '../access/policy.js';
import { sessionEvents, type RevokedSessions } from '../access/session-events.js';
import { resolveSession, type AuthSettings } from '../access/sessions.js';
import { pairKey, visiblePairs } from '../conversations/access.js';
import type { Db } from '../db/database-types.js';
import { touchPresence } from '../features/chat/chat-console.service.js';
import type { Fanout } from './fanout.js';
import { conversationOf, conversationRoom, sessionRoom, staffRoom } from './rooms.js';
import type { SerialGates } from './serial-gates.js';

/*
 * Who may watch what. A staff socket joins a conversation's room after the same check the
 * HTTP API makes. Access can change afterwards (accept, claim, transfer, close, a change to the
 * person's role or provider): every such change re-checks the room's sockets on every node,
 * and deliveries to staff in that room wait behind the re-check (SerialGates), so a socket that
 * lost access gets nothing committed after the change. Sessions that end close their sockets
 * on every node; a periodic check catches what no event reported.
 */

export interface StaffWatch {
  /** Takes every socket on this node that may no longer see the conversation out of its room. */
  recheckRoom(conversationId: string): Promise<void>;
  /** A person's role, provider, languages or expertise changed: their sockets on this node. */
  refreshStaff(staffId: string): void;
  /** The periodic check (every 30 s) of this node's console sockets, run now. */
  checkAll(): Promise<void>;
  stop(): void;
}

const actorOf = (socket: { data: { actor?: unknown } }) => socket.data.actor as StaffActor;

export function watchStaffAccess(options: {
  db: Db;
  staff: Namespace;
  gates: SerialGates;
  authSettings: AuthSettings;
  fanout: () => Fanout;
  log: FastifyBaseLogger;
}): StaffWatch {
  const { db, staff, gates, authSettings, log } = options;
  const socketsIn = (room: string) =>
    [...(staff.adapter.rooms.get(room) ?? [])]
      .map((id) => staff.sockets.get(id))
      .filter((socket) => socket !== undefined);

  const recheckRoom = async (conversationId: string) => {
    const room = conversationRoom(conversationId);
    const watchers = socketsIn(room);
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
  const recheckRoomsOf = (rooms: Iterable<string>) => {
    for (const room of rooms) {
      const conversationId = conversationOf(room);
      if (conversationId) gates.schedule(conversationId, () => recheckRoom(conversationId));
    }
  };

  /**
   * The periodic check of every watched conversation, in a few queries for the whole node
   * rather than one re-check per room: re-checks hold up the deliveries to their room, and a
   * thousand of them at once on one database connection would hold up the chats for as long as
   * the burst takes. Only the rooms where someone may no longer watch get the gated re-check,
   * which reads again before taking anyone out.
   */
  const recheckWatching = async (watching: { staffId: string; conversationId: string }[]) => {
    const lost = new Set<string>();
    for (let i = 0; i < watching.length; i += 500) {
      const chunk = watching.slice(i, i + 500);
      const visible = await visiblePairs(db, chunk);
      for (const pair of chunk) {
        if (!visible.has(pairKey(pair.staffId, pair.conversationId))) lost.add(pair.conversationId);
      }
    }
    for (const conversationId of lost) gates.schedule(conversationId, () => recheckRoom(conversationId));
  };

  const refreshStaff = async (staffId: string) => {
    for (const socket of socketsIn(staffRoom(staffId))) {
      const actor = await resolveSession(db, authSettings, socket.data.token as string);
      if (!actor || !can(actor, 'chat.handle')) {
        socket.disconnect(true);
        continue;
      }
      socket.data.actor = actor;
      recheckRoomsOf(socket.rooms);
    }
  };

  // Presence, session and access check: every 30 s, for this node's console connections.
  const checkAll = async () => {
    const sockets = await staff.local.fetchSockets();
    const live: string[] = [];
    const checked = new Map<string, boolean>();
    const watching: { staffId: string; conversationId: string }[] = [];
    for (const socket of sockets) {
      const token = socket.data.token as string;
      let ok = checked.get(token);
      if (ok === undefined) {
        ok = !!(await resolveSession(db, authSettings, token).catch(() => undefined));
        checked.set(token, ok);
      }
      if (!ok) {
        socket.disconnect(true);
        continue;
      }
      // The console's front page open is not being at hand for chats.
      if (!socket.data.home) live.push(actorOf(socket).staffId);
      for (const room of socket.rooms) {
        const conversationId = conversationOf(room);
        if (conversationId) watching.push({ staffId: actorOf(socket).staffId, conversationId });
      }
    }
    await touchPresence(db, [...new Set(live)]);
    await recheckWatching(watching);
  };
  const heartbeat = setInterval(() => {
    checkAll().catch((error: unknown) => log.warn({ err: error }, 'presence heartbeat failed'));
  }, 30_000);
  heartbeat.unref();

  // Through the adapter: the sockets close on every node.
  const onRevoked = ({ staffId, sessionId }: RevokedSessions) =>
    staff.in(sessionId ? sessionRoom(sessionId) : staffRoom(staffId)).disconnectSockets(true);
  const onChanged = (staffId: string) => options.fanout().deliver({ refreshStaff: staffId });
  sessionEvents.on('revoked', onRevoked);
  sessionEvents.on('changed', onChanged);

  return {
    recheckRoom,
    checkAll,
    refreshStaff: (staffId) =>
      void refreshStaff(staffId).catch((error: unknown) => log.warn({ err: error }, 'staff refresh failed')),
    stop() {
      clearInterval(heartbeat);
      sessionEvents.off('revoked', onRevoked);
      sessionEvents.off('changed', onChanged);
    },
  };
}
