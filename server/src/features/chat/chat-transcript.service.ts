/** A chat's transcript mailed to the visitor on request. */
import { uiLanguageOf } from '../../conversations/languages.js';
import { z } from 'zod';
import type { ConversationRow } from '../../conversations/conversation.table.js';
import { queueMail, type MailSettings } from '../../conversations/mail-outbox.js';
import { messagesAfter } from '../../conversations/message.repository.js';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { firstName } from '../../shared/names.js';
import { chatTranscript, transcriptNames } from './chat.mail.js';
import { countTranscriptMails } from './chat.repository.js';

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
  const lang = uiLanguageOf(conversation.language);
  const names = transcriptNames[lang];
  const rows = await messagesAfter(db, conversation.id, 0, { includeNotes: false, limit: 5000 });
  if (!rows.some((row) => row.kind === 'message' && row.author_type === 'staff')) {
    throw new AppError(
      'transcript.no_counsellor',
      409,
      'A transcript can be sent once a counsellor has answered in the chat',
    );
  }
  if ((await countTranscriptMails(db, conversation.id)) >= TRANSCRIPTS_PER_CONVERSATION) {
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
