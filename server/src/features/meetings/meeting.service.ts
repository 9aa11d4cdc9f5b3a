/** Meeting rooms: which meeting a link or a counsellor opens, and its chat panel. */
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { StaffActor } from '../../access/actor.js';
import { sha256 } from '../../shared/secrets.js';
import { appendMessage } from '../../conversations/message.repository.js';
import type { MeetingChat } from './meeting.schema.js';
import { selectBookedVideoAppointment, selectLatestChatMessages } from './meeting.repository.js';
import { selectVideoCallMeeting } from './video-call.repository.js';

/** The meeting opens this long before the start and stays open this long after the end. */
export const OPENS_BEFORE_MS = 15 * 60_000;
export const CLOSES_AFTER_MS = 30 * 60_000;

export interface Meeting {
  /** The room: an appointment's id, or the id of a video call offered in a chat. */
  appointmentId: string;
  kind: 'appointment' | 'video_call';
  conversationId: string;
  staffId: string;
  startsAt: Date;
  endsAt: Date;
}

const notFound = () => new AppError('meeting.not_found', 404, 'No such meeting');

function openOrFail(
  row: NonNullable<Awaited<ReturnType<typeof selectBookedVideoAppointment>>>,
  now: Date,
): Meeting {
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
    kind: 'appointment',
    conversationId: row.conversation_id,
    staffId: row.staff_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  };
}

/** A chat's video call is open until its link expires, and only while the chat is open. */
function videoCallOpenOrFail(
  call: NonNullable<Awaited<ReturnType<typeof selectVideoCallMeeting>>>,
  now: Date,
): Meeting {
  if (call.expires_at.getTime() <= now.getTime()) {
    throw new AppError('meeting.expired', 403, 'The video call link has expired');
  }
  if (call.conversation_status !== 'active' && call.conversation_status !== 'waiting') {
    throw new AppError('meeting.chat_closed', 403, 'The chat of this video call has ended');
  }
  return {
    appointmentId: call.id,
    kind: 'video_call',
    conversationId: call.conversation_id,
    staffId: call.staff_id,
    startsAt: call.offered_at,
    endsAt: call.expires_at,
  };
}

/** The meeting a client's link token opens, when it is open now. */
export async function meetingForClient(db: Db, token: string, now = new Date()): Promise<Meeting> {
  // The token is a 256-bit secret: its hash is looked up directly (no timing to learn from).
  if (token.length < 20 || token.length > 100) throw notFound();
  const tokenHash = sha256(token);
  const row = await selectBookedVideoAppointment(db, { tokenHash });
  if (row) return openOrFail(row, now);
  const call = await selectVideoCallMeeting(db, { tokenHash });
  // A link of a call the visitor has not accepted works for no one.
  if (!call || call.status !== 'accepted') throw notFound();
  return videoCallOpenOrFail(call, now);
}

/** The meeting of an appointment, for its own counsellor or an admin, when it is open now. */
export async function meetingForStaff(
  db: Db,
  actor: StaffActor,
  appointmentId: string,
  now = new Date(),
): Promise<Meeting> {
  if (!/^[0-9a-f-]{36}$/i.test(appointmentId)) throw notFound();
  const row = await selectBookedVideoAppointment(db, { id: appointmentId });
  // Someone else's appointment looks the same as a missing one.
  if (row) {
    if (row.staff_id !== actor.staffId && actor.role !== 'admin') throw notFound();
    return openOrFail(row, now);
  }
  // A video call offered in a chat: only the counsellor who offered it.
  const call = await selectVideoCallMeeting(db, { id: appointmentId });
  if (!call || call.staff_id !== actor.staffId) throw notFound();
  return videoCallOpenOrFail(call, now);
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
    // A chat's video call ends with its chat: no lines into a closed conversation.
    openOnly: meeting.kind === 'video_call',
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

/** How many earlier lines of the conversation the chat panel shows on joining. */
export const HISTORY_LINES = 50;

/**
 * The conversation's latest messages (never staff notes or events), oldest first: the chat
 * panel starts with what was said in the chat or the booking before the meeting.
 */
export async function meetingHistory(db: Db, meeting: Meeting): Promise<MeetingChatLine[]> {
  const rows = await selectLatestChatMessages(db, meeting.conversationId, HISTORY_LINES);
  return rows.reverse().map((row) => ({
    seq: row.seq,
    author: row.author_type as 'client' | 'staff',
    body: row.body,
    at: new Date(row.created_at).toISOString(),
  }));
}
