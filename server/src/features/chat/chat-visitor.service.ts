import { cleanSourcePage, findProvider } from '../../conversations/providers.js';
import {
  clientMsgIdSchema,
  CHAT_RETENTION_DAYS,
  MESSAGE_MAX_LENGTH,
  chatLanguages,
  chatTopics,
  type ChatLanguage,
} from '../../conversations/vocabulary.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { conversationForClient } from '../../conversations/access.js';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import type { ChatNotifier } from '../../conversations/notifier.js';
import { createToken, sha256 } from '../../shared/secrets.js';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import {
  appendMessage,
  messagesAfter,
  type MessageWithAuthor,
} from '../../conversations/message.repository.js';
import { effectiveSchedule, intervalsOn, isOpenAt, nextOpening } from './opening-hours.js';
import { helsinkiClock, minuteText } from '../../shared/helsinki-time.js';
import { chatTranscript, transcriptNames } from './chat.mail.js';
import { queueMail, type MailSettings } from '../../conversations/mail-outbox.js';
import { autoAssign, queueSnapshot } from './routing.js';
import { firstName } from '../../shared/names.js';
import { upsertFeedback } from '../../conversations/feedback.js';

const firstNameSchema = z.string().trim().max(50).optional().default('');

export const messageBodySchema = z
  .string()
  .trim()
  .min(1, 'the message is empty')
  .max(MESSAGE_MAX_LENGTH, `a message is at most ${MESSAGE_MAX_LENGTH} characters`);

export const startChatSchema = z.object({
  provider: z.string().max(100).optional(),
  topic: z.enum(chatTopics),
  language: z.enum(chatLanguages),
  firstName: firstNameSchema,
  consent: z.boolean().default(false),
  browserKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,100}$/)
    .optional(),
  sourcePage: z.string().max(2000).optional(),
  shortlist: z.array(z.uuid()).max(10).optional(),
});
export type StartChatInput = z.infer<typeof startChatSchema>;

export interface ChatAvailability {
  open: boolean;
  available: boolean;
  reason: 'closed' | 'no_counsellors' | null;
  queueLength: number;
  estimatedWaitSeconds: number;
  maxWaitSeconds: number;
  hoursToday: { opens: string; closes: string }[];
  nextOpen: string | null;
  topics: readonly string[];
}

export async function chatAvailability(db: Db, providerSlug: string | undefined): Promise<ChatAvailability> {
  const provider = await findProvider(db, providerSlug);
  const now = new Date();
  const [schedule, queue, settings] = await Promise.all([
    effectiveSchedule(db, provider?.id ?? null),
    queueSnapshot(db),
    db.selectFrom('chat_settings').select('max_wait_seconds').executeTakeFirst(),
  ]);
  const open = isOpenAt(schedule, now);
  const available = queue.available > 0;
  const clock = helsinkiClock(now);
  const queueLength = queue.positions.size;
  return {
    open,
    available: open && available,
    reason: !open ? 'closed' : !available ? 'no_counsellors' : null,
    queueLength,
    estimatedWaitSeconds: queue.waitFor(queueLength + 1),
    maxWaitSeconds: settings?.max_wait_seconds ?? 300,
    hoursToday: intervalsOn(schedule, clock.day, clock.weekday).map(([o, c]) => ({
      opens: minuteText(o),
      closes: minuteText(c),
    })),
    nextOpen: open ? null : (nextOpening(schedule, now)?.toISOString() ?? null),
    topics: chatTopics,
  };
}

/** Starts a chat; the returned secret is the visitor's only key to it. */
export async function startChat(
  db: Db,
  notifier: ChatNotifier,
  input: StartChatInput,
  origin: string | null,
): Promise<{ conversationId: string; secret: string }> {
  const availability = await chatAvailability(db, input.provider);
  if (!availability.open)
    throw new AppError('chat.closed', 409, 'The chat is closed now', { nextOpen: availability.nextOpen });
  if (!availability.available) throw new AppError('chat.unavailable', 409, 'No counsellor is available now');
  const provider = await findProvider(db, input.provider);
  const shortlist =
    input.consent && input.shortlist?.length
      ? await db
          .selectFrom('programmes as p')
          .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
          .select(['p.id', 'p.name', 'o.name_fi'])
          .where('p.id', 'in', input.shortlist)
          .execute()
      : [];
  const secret = createToken();
  const { conversation } = await openConversation(db, {
    channel: 'chat',
    status: 'queued',
    // With consent the browser key links this chat to the same browser's earlier ones; without
    // it the client is a row with nothing but the language.
    client: {
      consent: !!(input.consent && input.browserKey),
      browserKeyHash: input.browserKey ? sha256(input.browserKey) : null,
      firstName: input.firstName || null,
      language: input.language,
    },
    topic: input.topic,
    language: input.language,
    sourceSite: origin,
    sourcePage: cleanSourcePage(input.sourcePage),
    accessHash: sha256(secret),
    details: {
      firstName: input.firstName || null,
      consent: input.consent,
      sourceOrganisationId: provider?.id ?? null,
      shortlist: shortlist.map((p) => ({
        id: p.id,
        name: (p.name as { fi?: string }).fi ?? '',
        provider: p.name_fi,
      })),
    },
    first: { kind: 'event', authorType: 'system', eventType: 'queued' },
  });
  const result = { conversationId: conversation.id, secret };
  notifier.queueChanged('queued');
  await autoAssign(db, notifier);
  return result;
}

export interface ClientMessage {
  seq: number;
  kind: 'message' | 'event';
  author: 'client' | 'staff' | 'system';
  authorName: string | null;
  body: string;
  eventType: string | null;
  clientMsgId: string | null;
  createdAt: string;
  /** On video_offered/_accepted/_declined events: the call (docs/video.md). */
  videoCall?: { id: string; expiresAt: string | null };
}

export function presentClientMessage(row: MessageWithAuthor): ClientMessage {
  const details = row.details as { firstName?: string; videoCallId?: string; expiresAt?: string };
  return {
    seq: row.seq,
    kind: row.kind === 'event' ? 'event' : 'message',
    author: row.author_type,
    authorName:
      row.author_type === 'staff' && row.author_name
        ? firstName(row.author_name)
        : row.kind === 'event'
          ? (details.firstName ?? null)
          : null,
    body: row.body,
    eventType: row.event_type,
    clientMsgId: row.author_type === 'client' ? row.client_msg_id : null,
    createdAt: new Date(row.created_at).toISOString(),
    ...(row.kind === 'event' && details.videoCallId
      ? { videoCall: { id: details.videoCallId, expiresAt: details.expiresAt ?? null } }
      : {}),
  };
}

export interface ChatState {
  id: string;
  status: ConversationRow['status'];
  topic: string | null;
  language: string | null;
  counsellor: { firstName: string; provider: string | null } | null;
  queuePosition: number | null;
  estimatedWaitSeconds: number | null;
  lastSeq: number;
  rated: boolean;
}

export async function chatState(db: Db, conversation: ConversationRow): Promise<ChatState> {
  const lang = (conversation.language ?? 'fi') as ChatLanguage;
  let counsellor: ChatState['counsellor'] = null;
  if (conversation.assigned_staff_id) {
    const staff = await db
      .selectFrom('staff as s')
      .leftJoin('organisations as o', 'o.id', 's.organisation_id')
      .select(['s.name', 'o.name_fi', 'o.name_sv', 'o.name_en'])
      .where('s.id', '=', conversation.assigned_staff_id)
      .executeTakeFirst();
    if (staff) {
      const provider =
        (lang === 'sv' ? staff.name_sv : lang === 'en' ? staff.name_en : staff.name_fi) ?? staff.name_fi;
      counsellor = { firstName: firstName(staff.name), provider };
    }
  }
  let queuePosition: number | null = null;
  let estimatedWaitSeconds: number | null = null;
  if (conversation.status === 'queued' && conversation.channel === 'chat') {
    const queue = await queueSnapshot(db);
    queuePosition = queue.positions.get(conversation.id) ?? queue.positions.size;
    estimatedWaitSeconds = queue.waitFor(queuePosition);
  }
  const rated = !!(await db
    .selectFrom('conversation_feedback')
    .select('conversation_id')
    .where('conversation_id', '=', conversation.id)
    .executeTakeFirst());
  return {
    id: conversation.id,
    status: conversation.status,
    topic: conversation.topic,
    language: conversation.language,
    counsellor,
    queuePosition,
    estimatedWaitSeconds,
    lastSeq: conversation.last_seq,
    rated,
  };
}

export async function readChatForClient(db: Db, id: string, secret: string, afterSeq: number) {
  const conversation = await conversationForClient(db, id, secret);
  const [state, messages] = await Promise.all([
    chatState(db, conversation),
    messagesAfter(db, id, afterSeq, { includeNotes: false }),
  ]);
  return { conversation: state, messages: messages.map(presentClientMessage) };
}

export const clientMessageSchema = z.object({ clientMsgId: clientMsgIdSchema, body: messageBodySchema });

/** A visitor's message; a re-sent client message id returns the first acknowledgement. */
export async function postClientMessage(
  db: Db,
  notifier: ChatNotifier,
  conversation: Pick<ConversationRow, 'id'>,
  input: z.infer<typeof clientMessageSchema>,
): Promise<{ seq: number; clientMsgId: string; createdAt: string }> {
  const { message, duplicate } = await appendMessage(db, {
    conversationId: conversation.id,
    kind: 'message',
    authorType: 'client',
    body: input.body,
    clientMsgId: input.clientMsgId,
    openOnly: true,
  });
  if (!duplicate) notifier.message(conversation.id, message.seq);
  return {
    seq: message.seq,
    clientMsgId: input.clientMsgId,
    createdAt: new Date(message.created_at).toISOString(),
  };
}

/** The visitor ends the chat. Closing twice is fine. */
export async function closeChatByClient(
  db: Db,
  notifier: ChatNotifier,
  conversation: ConversationRow,
): Promise<void> {
  if (conversation.status === 'closed') return;
  const wasQueued = conversation.status === 'queued';
  const seq = await db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('conversations')
      .set({
        status: 'closed',
        closed_at: sql<Date>`now()`,
        queued_at: null,
        retain_until: sql<Date>`now() + make_interval(days => ${CHAT_RETENTION_DAYS})`,
        ...(wasQueued ? { outcome: 'client_left' } : {}),
      })
      .where('id', '=', conversation.id)
      .where('status', '<>', 'closed')
      .returning('id')
      .executeTakeFirst();
    if (!updated) return undefined;
    const { message } = await appendMessage(trx, {
      conversationId: conversation.id,
      kind: 'event',
      authorType: 'system',
      eventType: 'client_left',
    });
    return message.seq;
  });
  if (seq === undefined) return;
  notifier.message(conversation.id, seq);
  notifier.conversationChanged(conversation.id);
  if (wasQueued) notifier.queueChanged('client_left');
}

export const ratingSchema = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional().default(''),
});

/**
 * The visitor's rating of a chat, once per conversation; rating again changes it. A chat
 * no counsellor ever took (left in the queue) is not rated.
 */
export async function rateChat(db: Db, conversation: ConversationRow, input: z.infer<typeof ratingSchema>) {
  if (conversation.status !== 'closed') {
    throw new AppError('feedback.not_closed', 409, 'Rate the conversation after it has ended');
  }
  if (!conversation.assigned_staff_id) {
    throw new AppError('feedback.no_contact', 409, 'No counsellor took this chat');
  }
  await upsertFeedback(db, conversation.id, input.score, input.comment);
}

const emailSchema = z.email().max(200);
export const transcriptSchema = z.object({ email: emailSchema });

/** How many transcripts one chat may send: the visitor may correct a mistyped address once. */
export const TRANSCRIPTS_PER_CONVERSATION = 2;

/**
 * Queues the transcript (messages only, never staff notes) for the address the visitor gave.
 * Only a chat a counsellor has written in has one: otherwise the service would mail text that
 * only the requester wrote to any address. At most TRANSCRIPTS_PER_CONVERSATION per chat, and
 * counted in the address's hourly allowance of automatic mail.
 */
export async function queueTranscript(
  db: Db,
  settings: MailSettings,
  conversation: ConversationRow,
  email: string,
): Promise<{ id: string } | undefined> {
  const lang = (conversation.language ?? 'fi') as ChatLanguage;
  const names = transcriptNames[lang];
  const rows = await messagesAfter(db, conversation.id, 0, { includeNotes: false, limit: 5000 });
  if (!rows.some((row) => row.kind === 'message' && row.author_type === 'staff')) {
    throw new AppError(
      'transcript.no_counsellor',
      409,
      'A transcript can be sent once a counsellor has answered in the chat',
    );
  }
  const sent = await db
    .selectFrom('outgoing_mail')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('conversation_id', '=', conversation.id)
    .where('kind', '=', 'chat_transcript')
    .executeTakeFirstOrThrow();
  if (Number(sent.n) >= TRANSCRIPTS_PER_CONVERSATION) {
    throw new AppError('transcript.limit', 429, 'The transcript of this chat has been sent already');
  }
  const time = new Intl.DateTimeFormat('fi-FI', {
    timeZone: 'Europe/Helsinki',
    dateStyle: 'short',
    timeStyle: 'short',
  });
  const lines = rows
    .filter((row) => row.kind === 'message')
    .map((row) => ({
      time: time.format(new Date(row.created_at)),
      who:
        row.author_type === 'client'
          ? names.you
          : row.author_name
            ? firstName(row.author_name)
            : names.counsellor,
      body: row.body,
    }));
  return queueMail(db, settings, {
    conversationId: conversation.id,
    kind: 'chat_transcript',
    to: email,
    mail: chatTranscript(lang, { lines }),
    automatic: true,
  });
}
