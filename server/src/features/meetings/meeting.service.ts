import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { StaffActor } from '../auth/actor.js';
import { sha256 } from '../conversations/chat-secrets.js';
import { appendMessage } from '../conversations/message.repository.js';
import type { MeetingChat } from './meeting.schema.js';

/** The meeting opens this long before the start and stays open this long after the end. */
export const OPENS_BEFORE_MS = 15 * 60_000;
export const CLOSES_AFTER_MS = 30 * 60_000;

export interface Meeting {
  appointmentId: string;
  conversationId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
}

const notFound = () => new AppError('meeting.not_found', 404, 'No such meeting');

async function findVideoAppointment(db: Db, where: { id?: string; tokenHash?: string }) {
  let query = db
    .selectFrom('appointments')
    .select(['id', 'conversation_id', 'staff_id', 'starts_at', 'ends_at'])
    .where('channel', '=', 'video')
    .where('status', '=', 'booked');
  if (where.id) query = query.where('id', '=', where.id);
  if (where.tokenHash) query = query.where('meeting_token_hash', '=', where.tokenHash);
  return query.executeTakeFirst();
}

function openOrFail(row: NonNullable<Awaited<ReturnType<typeof findVideoAppointment>>>, now: Date): Meeting {
  const opens = row.starts_at.getTime() - OPENS_BEFORE_MS;
  const closes = row.ends_at.getTime() + CLOSES_AFTER_MS;
  if (now.getTime() < opens || now.getTime() > closes) {
    throw new AppError('meeting.not_open', 403, 'The meeting room is not open now', {
      opensAt: new Date(opens).toISOString(),
      closesAt: new Date(closes).toISOString(),
    });
  }
  return {
    appointmentId: row.id,
    conversationId: row.conversation_id,
    staffId: row.staff_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  };
}

/** The meeting a client's link token opens, when it is open now. */
export async function meetingForClient(db: Db, token: string, now = new Date()): Promise<Meeting> {
  // The token is a 256-bit secret: its hash is looked up directly (no timing to learn from).
  if (token.length < 20 || token.length > 100) throw notFound();
  const row = await findVideoAppointment(db, { tokenHash: sha256(token) });
  if (!row) throw notFound();
  return openOrFail(row, now);
}

/** The meeting of an appointment, for its own counsellor or an admin, when it is open now. */
export async function meetingForStaff(
  db: Db,
  actor: StaffActor,
  appointmentId: string,
  now = new Date(),
): Promise<Meeting> {
  if (!/^[0-9a-f-]{36}$/i.test(appointmentId)) throw notFound();
  const row = await findVideoAppointment(db, { id: appointmentId });
  // Someone else's appointment looks the same as a missing one.
  if (!row || (row.staff_id !== actor.staffId && actor.role !== 'admin')) throw notFound();
  return openOrFail(row, now);
}

export interface MeetingChatLine {
  seq: number;
  author: 'client' | 'staff';
  body: string;
  at: string;
}

/** Stores a chat-panel line as a message of the appointment's conversation. */
export async function postMeetingChat(
  db: Db,
  meeting: Meeting,
  author: { type: 'client' } | { type: 'staff'; staffId: string },
  chat: MeetingChat,
): Promise<{ line: MeetingChatLine; duplicate: boolean }> {
  const { message, duplicate } = await appendMessage(db, {
    conversationId: meeting.conversationId,
    kind: 'message',
    authorType: author.type,
    authorStaffId: author.type === 'staff' ? author.staffId : null,
    body: chat.body,
    clientMsgId: `${author.type === 'staff' ? 's' : 'c'}-${chat.clientMsgId}`,
    details: { via: 'video' },
  });
  return {
    line: {
      seq: message.seq,
      author: author.type,
      body: message.body,
      at: message.created_at.toISOString(),
    },
    duplicate,
  };
}
