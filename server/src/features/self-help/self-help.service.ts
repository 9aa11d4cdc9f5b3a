import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { logSearchQuery } from '../search/search-log.js';
import { entryOf, type Entry } from './entry-point.js';
import { cardTypes, suggestionLangs } from './suggestions.service.js';

export const refSchema = z.object({ type: z.enum(cardTypes), id: z.string().min(1).max(100) });
type Ref = z.infer<typeof refSchema>;
const refText = (ref: Ref | undefined) => (ref ? `${ref.type}:${ref.id}` : null);

/** What the widget showed for the question a chat was started with. */
export const chatSelfHelpSchema = z.object({
  q: z.string().max(500),
  shown: z.array(refSchema).max(5).default([]),
  opened: z.array(refSchema).max(5).default([]),
});

/** A widget question's outcome: what was shown and opened for it, where, and what became of it. */
export const selfHelpSchema = chatSelfHelpSchema.extend({
  lang: z.string().max(10),
  sourcePage: z.string().max(2000).optional(),
  outcome: z.enum(['answered', 'chat']),
});
export type SelfHelpInput = z.infer<typeof selfHelpSchema>;

/**
 * A widget question's outcome: the question goes to the search log (scrubbed, 90 days) and the
 * outcome is counted by entry point — answered by the suggestions, or gone on to a chat.
 */
export async function recordSelfHelp(db: Db, input: SelfHelpInput, serviceOrigin: string | undefined) {
  const { entry, guideKey } = await entryOf(db, input.sourcePage, serviceOrigin);
  await insertOutcome(db, input, { entry, guideKey }, null);
}

const langOf = (lang: string) => ((suggestionLangs as readonly string[]).includes(lang) ? lang : 'fi');

async function insertOutcome(
  db: Db,
  input: Omit<SelfHelpInput, 'sourcePage'>,
  { entry, guideKey }: Entry,
  conversationId: string | null,
) {
  const lang = langOf(input.lang);
  // In the caller's transaction when given one (a chat opened with its outcome), else in its own.
  const write = (work: (trx: Db) => Promise<void>) =>
    db.isTransaction ? work(db) : db.transaction().execute(work);
  await write(async (trx) => {
    await logSearchQuery(trx, {
      source: 'widget',
      lang,
      query: input.q,
      results: input.shown.length,
      clicked: refText(input.opened[0]),
    });
    await trx
      .insertInto('self_help_outcomes')
      .values({
        lang,
        entry,
        guide_key: guideKey,
        outcome: input.outcome,
        answered_by: input.outcome === 'answered' ? refText(input.opened[0] ?? input.shown[0]) : null,
        conversation_id: conversationId,
      })
      .execute();
  });
}

/**
 * A chat started with a question the widget had suggestions for: counted as gone on to a chat,
 * linked to the chat so that it can still turn into "answered" while the chat waits.
 */
export async function recordChatAfterSelfHelp(
  db: Db,
  input: z.infer<typeof chatSelfHelpSchema>,
  lang: string,
  entry: Entry,
  conversationId: string,
) {
  await insertOutcome(db, { ...input, lang, outcome: 'chat' }, entry, conversationId);
}

/**
 * The visitor found the answer while waiting and left the queue: the chat's one outcome turns
 * from "chat" into "answered" — never counted twice — or is recorded now when the chat was
 * started without suggestions. Runs in the transaction that closes the chat.
 */
export async function markAnsweredWhileWaiting(
  trx: Db,
  conversation: {
    id: string;
    language: string | null;
    entry_point: string | null;
    entry_guide_key: string | null;
  },
  answeredBy: Ref,
) {
  const updated = await trx
    .updateTable('self_help_outcomes')
    .set({ outcome: 'answered', answered_by: refText(answeredBy), conversation_id: null })
    .where('conversation_id', '=', conversation.id)
    .where('outcome', '=', 'chat')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  await trx
    .insertInto('self_help_outcomes')
    .values({
      lang: langOf(conversation.language ?? 'fi'),
      entry: (conversation.entry_point ?? 'other') as Entry['entry'],
      guide_key: conversation.entry_guide_key,
      outcome: 'answered',
      answered_by: refText(answeredBy),
    })
    .execute();
}
