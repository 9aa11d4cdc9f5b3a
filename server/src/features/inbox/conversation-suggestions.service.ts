import type { StaffActor } from '../../access/actor.js';
import type { Db } from '../../db/database-types.js';
import type { RequestContext } from '../../access/request-context.js';
import { conversationForStaff } from '../../conversations/access.js';
import { normaliseQuery } from '../../shared/search/query-normalisation.js';
import { selectCannedResponsesFor } from '../chat/canned-response.repository.js';
import {
  guideCards,
  programmeCards,
  suggestionLangs,
  type SuggestionLang,
} from '../self-help/suggestions.service.js';

const SUGGESTED = 3;
// Finnish inflects: a word matches a canned response when they share its first five letters.
const stemOf = (word: string) => word.slice(0, 5);

/**
 * What a counsellor might send for the client's latest message: guides and programmes from the
 * search, and their canned responses in the conversation's language ranked by shared words
 * (a person has a few dozen at most, so they are compared here rather than indexed).
 */
export async function suggestForConversation(db: Db, ctx: RequestContext, id: string) {
  const { conversation, actor } = await conversationForStaff(db, ctx, id);
  const lang: SuggestionLang = (suggestionLangs as readonly string[]).includes(conversation.language ?? '')
    ? (conversation.language as SuggestionLang)
    : 'fi';
  const latest = await db
    .selectFrom('messages')
    .select(['seq', 'body'])
    .where('conversation_id', '=', conversation.id)
    .where('kind', '=', 'message')
    .where('author_type', '=', 'client')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return suggestForQuestion(
    db,
    ctx,
    actor,
    lang,
    latest?.body ?? conversation.subject ?? '',
    latest?.seq ?? null,
  );
}

/**
 * Guides, programmes and the staff member's canned responses for a client's `question` in
 * `lang` — the chat's suggestions, and a practice conversation's.
 */
export async function suggestForQuestion(
  db: Db,
  ctx: RequestContext,
  actor: StaffActor,
  lang: SuggestionLang,
  question: string,
  basedOnSeq: number | null,
) {
  const empty = { lang, basedOnSeq, guides: [], programmes: [], canned: [] };
  const words = normaliseQuery(question).filter((w) => w.length >= 3);
  if (words.length === 0) return empty;
  const [guides, programmes, canned] = await Promise.all([
    guideCards(db, ctx, lang, question, SUGGESTED),
    programmeCards(db, lang, question, SUGGESTED),
    selectCannedResponsesFor(db, actor.staffId, actor.organisationId),
  ]);
  const stems = new Set(words.map(stemOf));
  const ranked = canned
    .filter((row) => row.language === lang)
    .map((row) => {
      const own = new Set(normaliseQuery(`${row.title} ${row.body}`).map(stemOf));
      return { row, score: [...stems].filter((s) => own.has(s)).length };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.row.title.localeCompare(b.row.title))
    .slice(0, SUGGESTED)
    .map(({ row }) => ({ id: row.id, title: row.title, body: row.body }));
  return { ...empty, guides, programmes, canned: ranked };
}
