import type { FastifyInstance } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Db } from '../db/database-types.js';
import { AppError, isAppError } from '../errors.js';
import type { StaffActor } from '../access/actor.js';
import type { ChatNotifier } from '../conversations/notifier.js';
import { resolveSession, type AuthSettings } from '../access/sessions.js';
import { sessionEvents, type RevokedSessions } from '../access/session-events.js';
import { can } from '../access/policy.js';
import { iceServersFor, type IceSettings } from '../features/meetings/ice-servers.js';
import { meetingChatSchema, signalSchema } from '../features/meetings/meeting.schema.js';
import {
  meetingForClient,
  meetingForStaff,
  meetingHistory,
  postMeetingChat,
  type Meeting,
} from '../features/meetings/meeting.service.js';
import { selectClosedConversations } from '../features/meetings/meeting.repository.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { RateBucket } from './rate-bucket.js';
import {
  handshakeError,
  handshakeServiceOrigin,
  isServiceOrigin,
  on,
  readCookie,
  settleHandshake,
} from './socket-helpers.js';

export interface MeetingHubOptions {
  db: Db;
  /** The chat's broadcasts: a chat-panel line shows in the conversation's chat views at once. */
  notifier?: ChatNotifier;
  serviceOrigin: string | undefined;
  authSettings: AuthSettings;
  ice: IceSettings;
  /** How often open video calls are checked against their chats (ms; default 5 s). */
  chatCheckMs?: number;
  /** How often counsellors' sessions and access are checked again (ms; default 30 s). */
  sessionCheckMs?: number;
  /** True when an adapter fans events out to other nodes (several nodes on PostgreSQL). */
  clustered?: boolean;
}

type Role = 'client' | 'staff';

/** One seat in a meeting: the socket in it now and the browser tab that holds it. */
interface Seat {
  socketId: string;
  /** Kept by the tab across reconnects and reloads: the same tab may take its seat back. */
  seat: string;
  /** New on every page load: tells the other side to start a fresh peer connection. */
  instance: string;
}

interface Room {
  meeting: Meeting;
  staff?: Seat;
  client?: Seat;
  /** The client tab the counsellor admitted; another tab waits to be admitted again. */
  admittedSeat?: string;
}

export interface MeetingState {
  role: Role;
  admitted: boolean;
  peer: { status: 'absent' | 'waiting' | 'present'; instance: string | null };
}

const keyPattern = /^[A-Za-z0-9_-]{16,64}$/;
const handshakeSchema = z.object({
  token: z.string().max(100).optional(),
  appointmentId: z.string().max(100).optional(),
  seat: z.string().regex(keyPattern),
  instance: z.string().regex(keyPattern),
});

const staffRoom = (id: string) => `staff:${id}`;
const sessionRoom = (id: string) => `session:${id}`;

const rateLimited = () =>
  new AppError('request.rate_limited', 429, 'Too many messages at once; wait a moment and send again');

/**
 * Socket.IO namespace `/meeting`: WebRTC signalling for video appointments. The client holds
 * the meeting link token, the counsellor a session; one room per appointment with one seat for
 * each, and the client waits until the counsellor admits them. Seats live in this process, so
 * with several nodes the meeting sockets need sticky sessions (see docs/video.md).
 */
export type MeetingHub = ReturnType<typeof createMeetingHub>;

export function createMeetingHub(app: FastifyInstance, io: Server, options: MeetingHubOptions) {
  const { db } = options;
  const meetings: Namespace = io.of('/meeting');
  const rooms = new Map<string, Room>();
  // Candidates come in bursts when a call starts or restarts; far more than this is a flood.
  const signalBuckets = new RateBucket(20, 80);
  const chatBuckets = new RateBucket(2, 8);

  const stateFor = (room: Room, role: Role): MeetingState => {
    const admitted = !!room.client && room.admittedSeat === room.client.seat;
    if (role === 'client') {
      return {
        role,
        admitted,
        peer:
          admitted && room.staff
            ? { status: 'present', instance: room.staff.instance }
            : { status: 'absent', instance: null },
      };
    }
    return {
      role,
      admitted: true,
      peer: room.client
        ? { status: admitted ? 'present' : 'waiting', instance: room.client.instance }
        : { status: 'absent', instance: null },
    };
  };
  const publish = (room: Room) => {
    if (room.staff) meetings.to(room.staff.socketId).emit('state', stateFor(room, 'staff'));
    if (room.client) meetings.to(room.client.socketId).emit('state', stateFor(room, 'client'));
  };

  meetings.use((socket, next) => {
    const { origin, cookie } = socket.handshake.headers;
    if (!isServiceOrigin(origin, handshakeServiceOrigin(socket.handshake, options.serviceOrigin)))
      return next(handshakeError('meeting.origin_not_allowed', 'Cross-origin meeting refused'));
    const parsed = handshakeSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) return next(handshakeError('request.invalid', 'Give a seat and an instance key'));
    const auth = parsed.data;
    const checks = (async () => {
      let meeting: Meeting;
      let role: Role;
      if (auth.token) {
        meeting = await meetingForClient(db, auth.token);
        role = 'client';
      } else {
        const session = readCookie(cookie, SESSION_COOKIE);
        const actor =
          session && session.length <= 100
            ? await resolveSession(db, options.authSettings, session)
            : undefined;
        if (!actor) throw new AppError('auth.unauthenticated', 401, 'Sign in first');
        if (!can(actor, 'chat.handle')) throw new AppError('auth.forbidden', 403, 'Not allowed');
        meeting = await meetingForStaff(db, actor, auth.appointmentId ?? '');
        role = 'staff';
        socket.data.actor = actor;
        socket.data.token = session;
      }
      // From here on synchronous: the seat is checked and taken in one step, so two tabs
      // racing with the same link cannot both get in.
      const room = rooms.get(meeting.appointmentId) ?? { meeting };
      rooms.set(meeting.appointmentId, room);
      const taken = room[role];
      // A second client tab is refused while the first is in; the counsellor's newest tab wins.
      if (role === 'client' && taken && taken.seat !== auth.seat) {
        throw new AppError('meeting.in_use', 409, 'Someone is already in this meeting with this link');
      }
      room[role] = { socketId: socket.id, seat: auth.seat, instance: auth.instance };
      socket.data.appointmentId = meeting.appointmentId;
      socket.data.role = role;
      if (taken && taken.socketId !== socket.id) meetings.in(taken.socketId).disconnectSockets(true);
    })();
    settleHandshake(checks, next, app.log, 'meeting');
  });

  meetings.on('connection', (socket: Socket) => {
    const appointmentId = socket.data.appointmentId as string;
    const role = socket.data.role as Role;
    if (role === 'staff') {
      const actor = socket.data.actor as StaffActor;
      // Revocation reaches these rooms on every node through the adapter.
      void socket.join([staffRoom(actor.staffId), sessionRoom(actor.sessionId)]);
    }
    const room = () => {
      const current = rooms.get(appointmentId);
      // Only while this socket still holds its seat: a replaced socket speaks for no one.
      return current && current[role]?.socketId === socket.id ? current : undefined;
    };
    const peerSocket = (r: Room) => {
      const admitted = !!r.client && r.admittedSeat === r.client.seat;
      if (!admitted) return undefined;
      return role === 'staff' ? r.client?.socketId : r.staff?.socketId;
    };
    const gone = () => new AppError('meeting.left', 409, 'You are no longer in this meeting');

    on(
      socket,
      'hello',
      z.undefined(),
      async () => {
        const r = room();
        if (!r) throw gone();
        return {
          state: stateFor(r, role),
          iceServers: iceServersFor(options.ice, appointmentId),
          meeting: { startsAt: r.meeting.startsAt.toISOString(), endsAt: r.meeting.endsAt.toISOString() },
          history: await meetingHistory(db, r.meeting),
        };
      },
      app.log,
    );
    on(
      socket,
      'admit',
      z.object({}).strict().optional(),
      async () => {
        const r = room();
        if (!r) throw gone();
        if (role !== 'staff') throw new AppError('auth.forbidden', 403, 'Only the counsellor admits');
        if (!r.client) throw new AppError('meeting.nobody_waiting', 409, 'Nobody is waiting');
        r.admittedSeat = r.client.seat;
        publish(r);
      },
      app.log,
    );
    on(
      socket,
      'signal',
      signalSchema,
      async (signal) => {
        if (!signalBuckets.take(socket.id)) throw rateLimited();
        const r = room();
        if (!r) throw gone();
        const to = peerSocket(r);
        if (!to) throw new AppError('meeting.peer_absent', 409, 'The other side is not in the meeting');
        meetings.to(to).emit('signal', signal);
      },
      app.log,
    );
    on(
      socket,
      'chat',
      meetingChatSchema,
      async (chat) => {
        if (!chatBuckets.take(socket.id)) throw rateLimited();
        const r = room();
        if (!r) throw gone();
        if (role === 'client' && r.admittedSeat !== r.client?.seat)
          throw new AppError('meeting.not_admitted', 403, 'Wait until the counsellor lets you in');
        const actor = socket.data.actor as StaffActor | undefined;
        const { line, duplicate } = await postMeetingChat(
          db,
          r.meeting,
          actor ? { type: 'staff', staffId: actor.staffId } : { type: 'client' },
          chat,
        );
        const to = peerSocket(r);
        if (!duplicate && to) meetings.to(to).emit('chat', line);
        if (!duplicate) options.notifier?.message(r.meeting.conversationId, line.seq);
        return { line };
      },
      app.log,
    );

    socket.on('disconnect', () => {
      const r = room();
      if (!r) return;
      delete r[role];
      if (!r.staff && !r.client) rooms.delete(appointmentId);
      else publish(r);
    });
    const r = room();
    if (r) publish(r);
  });

  // ---- counsellors' sessions ----------------------------------------------------------
  // A counsellor whose sessions were revoked (deactivation, password reset, sign-out) leaves
  // every meeting at once, on every node; one whose role or provider changed is checked again;
  // and every open counsellor socket is checked periodically, catching what no event reported.

  /** Closes this node's counsellor sockets (of one person, or all) whose session or access ended. */
  async function checkStaffSockets(staffId?: string): Promise<number> {
    const ids = staffId
      ? [...(meetings.adapter.rooms.get(staffRoom(staffId)) ?? [])]
      : [...meetings.sockets.keys()];
    let closed = 0;
    for (const id of ids) {
      const socket = meetings.sockets.get(id);
      if (!socket || socket.data.role !== 'staff') continue;
      const actor = await resolveSession(db, options.authSettings, socket.data.token as string);
      // Why the counsellor is let go: the session, or the meeting itself (a chat's call whose
      // chat has just closed says so, whichever of this check and the chat check comes first).
      let refusal: string | null = 'auth.unauthenticated';
      if (actor && can(actor, 'chat.handle')) {
        refusal = await meetingForStaff(db, actor, socket.data.appointmentId as string).then(
          () => null,
          (error: unknown) => (isAppError(error) ? error.code : 'auth.unauthenticated'),
        );
      }
      if (!refusal) {
        socket.data.actor = actor;
        continue;
      }
      socket.emit('ended', { code: refusal });
      socket.disconnect(true);
      closed += 1;
    }
    return closed;
  }
  const logCheckFailure = (error: unknown) =>
    app.log.warn({ err: error }, 'checking meeting sessions failed');
  const onRevoked = ({ staffId, sessionId }: RevokedSessions) =>
    meetings.in(sessionId ? sessionRoom(sessionId) : staffRoom(staffId)).disconnectSockets(true);
  const onChanged = (staffId: string) => {
    checkStaffSockets(staffId).catch(logCheckFailure);
    if (options.clustered) meetings.serverSideEmit('staff_changed', staffId);
  };
  meetings.on('staff_changed', (staffId: unknown) => {
    if (typeof staffId === 'string') checkStaffSockets(staffId).catch(logCheckFailure);
  });
  sessionEvents.on('revoked', onRevoked);
  sessionEvents.on('changed', onChanged);
  const sessionCheck = setInterval(() => {
    checkStaffSockets().catch(logCheckFailure);
  }, options.sessionCheckMs ?? 30_000);
  sessionCheck.unref();

  /**
   * A video call offered in a chat ends with the chat: both sides are told (`ended`, with
   * `meeting.chat_closed`) and let go. Checked on this node's open calls, so it works whichever
   * node closed the chat.
   */
  async function endCallsOfClosedChats(): Promise<number> {
    const calls = [...rooms.values()].filter((r) => r.meeting.kind === 'video_call');
    if (calls.length === 0) return 0;
    const closed = await selectClosedConversations(
      db,
      calls.map((r) => r.meeting.conversationId),
    );
    const ids = new Set(closed.map((c) => c.id));
    let ended = 0;
    for (const r of calls) {
      if (!ids.has(r.meeting.conversationId)) continue;
      rooms.delete(r.meeting.appointmentId);
      for (const seat of [r.staff, r.client]) {
        if (!seat) continue;
        meetings.to(seat.socketId).emit('ended', { code: 'meeting.chat_closed' });
        meetings.in(seat.socketId).disconnectSockets(true);
      }
      ended += 1;
    }
    return ended;
  }
  const chatCheck = setInterval(() => {
    endCallsOfClosedChats().catch((error: unknown) =>
      app.log.error({ err: error }, 'checking video calls against their chats failed'),
    );
  }, options.chatCheckMs ?? 5_000);
  chatCheck.unref();
  app.addHook('onClose', async () => {
    clearInterval(chatCheck);
    clearInterval(sessionCheck);
    sessionEvents.off('revoked', onRevoked);
    sessionEvents.off('changed', onChanged);
  });

  return {
    /** Meetings open on this node, for tests and metrics. */
    openRooms: () => rooms.size,
    endCallsOfClosedChats,
    checkStaffSockets,
  };
}
