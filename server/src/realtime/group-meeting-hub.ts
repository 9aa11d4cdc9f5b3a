import type { FastifyInstance } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import type { Db } from '../db/database-types.js';
import { AppError } from '../errors.js';
import type { StaffActor } from '../access/actor.js';
import { resolveSession, type AuthSettings } from '../access/sessions.js';
import { sessionEvents, type RevokedSessions } from '../access/session-events.js';
import { iceServersFor, type IceSettings } from '../features/meetings/ice-servers.js';
import { signalSchema } from '../features/meetings/meeting.schema.js';
import {
  groupMeetingForRegistrant,
  groupMeetingForStaff,
  type GroupMeeting,
} from '../features/meetings/group-meeting.service.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { singleLineText } from '../shared/text.js';
import { RateBucket } from './rate-bucket.js';
import {
  handshakeError,
  handshakeServiceOrigin,
  isServiceOrigin,
  on,
  readCookie,
  settleHandshake,
} from './socket-helpers.js';

export interface GroupMeetingHubOptions {
  db: Db;
  serviceOrigin: string | undefined;
  authSettings: AuthSettings;
  ice: IceSettings;
}

/** The room takes this many people at once: every member has a connection to every other. */
export const GROUP_ROOM_SIZE = 8;

type Role = GroupMeeting['role'];

interface Member {
  /** The member's id for the others: the tab's instance key, new on every page load. */
  id: string;
  /** Kept by the tab across reloads: the same tab takes its place back. */
  seat: string;
  socketId: string;
  role: Role;
  /** Null for a registrant who gave no name: each page names them in its own language. */
  name: string | null;
}

interface Room {
  meeting: GroupMeeting;
  /** By member key: one per registration, one per counsellor. */
  members: Map<string, Member>;
  /** Member keys let in; kept across reloads. */
  admitted: Set<string>;
  /**
   * Each registrant's number by member key: their place in the order they first came in (1, 2, …),
   * kept across reloads. Counsellors go by name and have none (0 in the state).
   */
  numbers: Map<string, number>;
}

export interface GroupMeetingState {
  me: { id: string; role: Role; admitted: boolean };
  members: { id: string; role: Role; name: string | null; number: number; admitted: boolean }[];
}

const keyPattern = /^[A-Za-z0-9_-]{16,64}$/;
const handshakeSchema = z.object({
  token: z.string().max(100).optional(),
  eventId: z.string().max(100).optional(),
  seat: z.string().regex(keyPattern),
  instance: z.string().regex(keyPattern),
  name: singleLineText(40).optional(),
});
const targetedSignalSchema = z.intersection(z.object({ to: z.string().regex(keyPattern) }), signalSchema);
const admitSchema = z.object({ id: z.string().regex(keyPattern) }).strict();

const sessionRoom = (id: string) => `session:${id}`;
const staffRoom = (id: string) => `staff:${id}`;

/**
 * Socket.IO namespace `/group-meeting`: WebRTC signalling for a group session held in the
 * service's own meeting room — a mesh of at most GROUP_ROOM_SIZE people. Registrants with a
 * place come in with their own link's token and wait until a counsellor admits them; the
 * session's staff come in with their session. Members live in this process, like the 1:1
 * meetings' seats (sticky sessions with several nodes, see docs/video.md).
 */
export function createGroupMeetingHub(app: FastifyInstance, io: Server, options: GroupMeetingHubOptions) {
  const { db } = options;
  const nsp: Namespace = io.of('/group-meeting');
  const rooms = new Map<string, Room>();
  // A mesh call starts with a burst of candidates per pair.
  const signalBuckets = new RateBucket(60, 300);

  const stateFor = (room: Room, key: string): GroupMeetingState | undefined => {
    const me = room.members.get(key);
    if (!me) return undefined;
    const admitted = room.admitted.has(key);
    const others = [...room.members.entries()].filter(([k]) => k !== key);
    const visible =
      me.role === 'staff' ? others : admitted ? others.filter(([k]) => room.admitted.has(k)) : [];
    return {
      me: { id: me.id, role: me.role, admitted },
      members: visible.map(([k, m]) => ({
        id: m.id,
        role: m.role,
        name: m.name,
        number: room.numbers.get(k) ?? 0,
        admitted: room.admitted.has(k),
      })),
    };
  };
  const publish = (room: Room) => {
    for (const [key, member] of room.members) nsp.to(member.socketId).emit('state', stateFor(room, key));
  };

  nsp.use((socket, next) => {
    const { origin, cookie } = socket.handshake.headers;
    if (!isServiceOrigin(origin, handshakeServiceOrigin(socket.handshake, options.serviceOrigin)))
      return next(handshakeError('meeting.origin_not_allowed', 'Cross-origin meeting refused'));
    const parsed = handshakeSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) return next(handshakeError('request.invalid', 'Give a seat and an instance key'));
    const auth = parsed.data;
    const checks = (async () => {
      let meeting: GroupMeeting;
      if (auth.token) {
        meeting = await groupMeetingForRegistrant(db, auth.token);
      } else {
        const session = readCookie(cookie, SESSION_COOKIE);
        const actor =
          session && session.length <= 100
            ? await resolveSession(db, options.authSettings, session)
            : undefined;
        if (!actor) throw new AppError('auth.unauthenticated', 401, 'Sign in first');
        meeting = await groupMeetingForStaff(db, actor, auth.eventId ?? '');
        socket.data.actor = actor;
      }
      // From here on synchronous: the place is checked and taken in one step.
      const room = rooms.get(meeting.eventId) ?? {
        meeting,
        members: new Map(),
        admitted: new Set(),
        numbers: new Map(),
      };
      const earlier = room.members.get(meeting.memberKey);
      if (meeting.role === 'participant' && earlier && earlier.seat !== auth.seat) {
        throw new AppError('meeting.in_use', 409, 'Someone is already in this meeting with this link');
      }
      if (!earlier && room.members.size >= GROUP_ROOM_SIZE) {
        throw new AppError('meeting.full', 409, `The meeting room takes ${GROUP_ROOM_SIZE} people at once`);
      }
      rooms.set(meeting.eventId, room);
      if (meeting.role === 'participant' && !room.numbers.has(meeting.memberKey)) {
        room.numbers.set(meeting.memberKey, room.numbers.size + 1);
      }
      room.members.set(meeting.memberKey, {
        id: auth.instance,
        seat: auth.seat,
        socketId: socket.id,
        role: meeting.role,
        name: meeting.name ?? (auth.name?.trim() || null),
      });
      if (meeting.role === 'staff') room.admitted.add(meeting.memberKey);
      socket.data.eventId = meeting.eventId;
      socket.data.memberKey = meeting.memberKey;
      // The newest tab of a counsellor, or a reloaded tab, takes the place of the older socket.
      if (earlier && earlier.socketId !== socket.id) nsp.in(earlier.socketId).disconnectSockets(true);
    })();
    settleHandshake(checks, next, app.log, 'group meeting');
  });

  nsp.on('connection', (socket: Socket) => {
    const eventId = socket.data.eventId as string;
    const key = socket.data.memberKey as string;
    const actor = socket.data.actor as StaffActor | undefined;
    // Revocation of the counsellor's session reaches this room on every node.
    if (actor) void socket.join([staffRoom(actor.staffId), sessionRoom(actor.sessionId)]);
    /** The room, while this socket still holds the member's place. */
    const room = () => {
      const r = rooms.get(eventId);
      return r && r.members.get(key)?.socketId === socket.id ? r : undefined;
    };
    const gone = () => new AppError('meeting.left', 409, 'You are no longer in this meeting');
    const staffOnly = (r: Room) => {
      if (r.members.get(key)?.role !== 'staff')
        throw new AppError('auth.forbidden', 403, 'Only a counsellor admits');
    };

    on(
      socket,
      'hello',
      z.undefined(),
      async () => {
        const r = room();
        if (!r) throw gone();
        return {
          state: stateFor(r, key),
          iceServers: iceServersFor(options.ice, eventId),
          meeting: {
            title: r.meeting.title,
            startsAt: r.meeting.startsAt.toISOString(),
            endsAt: r.meeting.endsAt.toISOString(),
          },
        };
      },
      app.log,
    );
    on(
      socket,
      'admit',
      admitSchema,
      async ({ id }) => {
        const r = room();
        if (!r) throw gone();
        staffOnly(r);
        const entry = [...r.members.entries()].find(([, m]) => m.id === id);
        if (!entry) throw new AppError('meeting.nobody_waiting', 409, 'Nobody by that id is waiting');
        r.admitted.add(entry[0]);
        publish(r);
      },
      app.log,
    );
    on(
      socket,
      'admitAll',
      z.undefined(),
      async () => {
        const r = room();
        if (!r) throw gone();
        staffOnly(r);
        for (const k of r.members.keys()) r.admitted.add(k);
        publish(r);
      },
      app.log,
    );
    on(
      socket,
      'signal',
      targetedSignalSchema,
      async ({ to, ...signal }) => {
        if (!signalBuckets.take(socket.id)) {
          throw new AppError('request.rate_limited', 429, 'Too many messages at once; wait a moment');
        }
        const r = room();
        if (!r) throw gone();
        if (!r.admitted.has(key))
          throw new AppError('meeting.not_admitted', 403, 'Wait until a counsellor lets you in');
        const target = [...r.members.entries()].find(([k, m]) => m.id === to && r.admitted.has(k));
        if (!target) throw new AppError('meeting.peer_absent', 409, 'That member is not in the meeting');
        nsp.to(target[1].socketId).emit('signal', { from: r.members.get(key)!.id, ...signal });
      },
      app.log,
    );

    socket.on('disconnect', () => {
      const r = room();
      if (!r) return;
      r.members.delete(key);
      if (r.members.size === 0) rooms.delete(eventId);
      else publish(r);
    });
    const r = room();
    if (r) publish(r);
  });

  const onRevoked = ({ staffId, sessionId }: RevokedSessions) =>
    nsp.in(sessionId ? sessionRoom(sessionId) : staffRoom(staffId)).disconnectSockets(true);
  sessionEvents.on('revoked', onRevoked);
  app.addHook('onClose', async () => {
    sessionEvents.off('revoked', onRevoked);
  });

  return {
    /** Group meetings open on this node, for tests. */
    openRooms: () => rooms.size,
  };
}
