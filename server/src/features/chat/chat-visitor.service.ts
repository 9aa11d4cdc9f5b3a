import { clientMsgIdSchema } from '../../conversations/client-msg-id.js';
/** The visitor's side of a chat: starting it, its state and messages, leaving and rating it. */
import { entryOf } from '../self-help/entry-point.js';
import {
  chatSelfHelpSchema,
  markAnsweredWhileWaiting,
  recordChatAfterSelfHelp,
  refSchema,
} from '../self-help/self-help.service.js';
import { cleanSourcePage, findProvider } from '../../conversations/providers.js';
import { CHAT_RETENTION_DAYS, MESSAGE_MAX_LENGTH, chatTopics } from '../../conversations/vocabulary.js';
import { openConversation } from '../../conversations/open-conversation.js';
import { languageCodePattern, refuseUnoffered, uiLanguageOf } from '../../conversations/languages.js';
import { conversationForClient } from '../../conversations/access.js';
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
import { autoAssign, queueSnapshot } from './routing.js';
import { firstName } from '../../shared/names.js';
import { selectFeedback, upsertFeedback } from '../../conversations/feedback.js';
import { chatAvailability } from './chat-availability.service.js';
import {
  selectShortlistProgrammes,
  selectStaffWithProvider,
  updateConversationClosedByClient,
} from './chat.repository.js';

const firstNameSchema = z.string().trim().max(50).optional().default('');

export const messageBodySchema = z
  .string()
  .trim()
  .min(1, 'the message is empty')
  .max(MESSAGE_MAX_LENGTH, `a message is at most ${MESSAGE_MAX_LENGTH} characters`);

export const startChatSchema = z.object({
  provider: z.string().max(100).optional(),
  topic: z.enum(chatTopics),
  /** Any language an active counsellor guides in (checked against them: language.not_offered). */
  language: z.string().regex(languageCodePattern, 'a language code such as fi or ar'),
  firstName: firstNameSchema,
  consent: z.boolean().default(false),
  browserKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,100}$/)
    .optional(),
  sourcePage: z.string().max(2000).optional(),
  shortlist: z.array(z.uuid()).max(10).optional(),
  /** The question the widget showed suggestions for before the chat was started. */
  selfHelp: chatSelfHelpSchema.optional(),
});
export type StartChatInput = z.infer<typeof startChatSchema>;

/** Starts a chat; the returned secret is the visitor's only key to it. */
export async function startChat(
  db: Db,
  notifier: ChatNotifier,
  input: StartChatInput,
  origin: string | null,
  serviceOrigin?: string,
): Promise<{ conversationId: string; secret: string }> {
  const availability = await chatAvailability(db, input.provider);
  if (!availability.open)
    throw new AppError('chat.closed', 409, 'The chat is closed now', { nextOpen: availability.nextOpen });
  if (!availability.available) throw new AppError('chat.unavailable', 409, 'No counsellor is available now');
  // The status has just read the offered languages: checked against them, not read again.
  refuseUnoffered(
    input.language,
    availability.languages.map((l) => l.code),
  );
  const provider = await findProvider(db, input.provider);
  const shortlist =
    input.consent && input.shortlist?.length ? await selectShortlistProgrammes(db, input.shortlist) : [];
  const secret = createToken();
  const entry = await entryOf(db, input.sourcePage, serviceOrigin);
  // The chat and the self-help outcome it carries are stored together, or neither.
  const { conversation } = await db.transaction().execute(async (trx) => {
    const opened = await openConversation(trx, {
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
      entry,
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
    if (input.selfHelp) {
      await recordChatAfterSelfHelp(trx, input.selfHelp, input.language, entry, opened.conversation.id);
    }
    return opened;
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
  /** A guide or programme the counsellor sent as a card. */
  card?: { type: 'article' | 'program'; title: string; summary: string; url: string };
}

export function presentClientMessage(row: MessageWithAuthor): ClientMessage {
  const details = row.details as {
    firstName?: string;
    videoCallId?: string;
    expiresAt?: string;
    card?: { type: 'article' | 'program'; title: string; summary: string; url: string };
  };
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
    ...(row.kind === 'message' && details.card
      ? {
          card: {
            type: details.card.type,
            title: details.card.title,
            summary: details.card.summary,
            url: details.card.url,
          },
        }
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
  const lang = uiLanguageOf(conversation.language);
  let counsellor: ChatState['counsellor'] = null;
  if (conversation.assigned_staff_id) {
    const staff = await selectStaffWithProvider(db, conversation.assigned_staff_id);
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
    estimatedWaitSeconds = queue.waitFor(queuePosition, conversation.language);
  }
  const rated = !!(await selectFeedback(db, conversation.id));
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
  if (!duplicate)
    notifier.message(conversation.id, message.seq, undefined, { ...message, author_name: null });
  return {
    seq: message.seq,
    clientMsgId: input.clientMsgId,
    createdAt: new Date(message.created_at).toISOString(),
  };
}

export const closeChatSchema = z.object({
  /** Left the queue because this guide or programme answered the question. */
  answeredBy: refSchema.optional(),
});

/**
 * The visitor ends the chat. Closing twice is fine. Leaving the queue because a suggestion
 * answered the question counts the chat as answered by self-help.
 */
export async function closeChatByClient(
  db: Db,
  notifier: ChatNotifier,
  conversation: ConversationRow,
  input: z.infer<typeof closeChatSchema> = {},
): Promise<void> {
  if (conversation.status === 'closed') return;
  const wasQueued = conversation.status === 'queued';
  const seq = await db.transaction().execute(async (trx) => {
    const updated = await updateConversationClosedByClient(trx, conversation.id, {
      retentionDays: CHAT_RETENTION_DAYS,
      outcome: wasQueued ? 'client_left' : undefined,
    });
    if (!updated) return undefined;
    if (wasQueued && input.answeredBy) await markAnsweredWhileWaiting(trx, conversation, input.answeredBy);
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
