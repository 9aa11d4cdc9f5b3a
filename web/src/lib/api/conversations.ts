/*
 * What the chat console (/console/chat) and the inbox (/console/inbox) share: a conversation's
 * messages as staff see them, and the list of colleagues, providers, topics and outcomes.
 */
import type { listColleagues } from '$server/features/chat/chat-console.service';
import type { StaffMessage as ServerStaffMessage } from '$server/conversations/staff-view';
import type { suggestForConversation } from '$server/features/inbox/conversation-suggestions.service';
import type { Card, CardType, suggest } from '$server/features/self-help/suggestions.service';
import type { HandbookList } from '$server/features/handbook/handbook.schema';
import type { AboutYouInput, InputWarning } from '$server/conversations/about-you';
import { createCaller, queryString } from './client';

type Fetch = typeof fetch;

/** One line of a conversation as staff see it: a message, an internal note or an event. */
export type StaffMessage = ServerStaffMessage;

export type Colleagues = Awaited<ReturnType<typeof listColleagues>>;

/** A guide or programme as a suggestion or a card (`url` is a path on the service). */
export type { Card, CardType };
/** What a counsellor might send for the client's latest message. */
export type ConversationSuggestions = Awaited<ReturnType<typeof suggestForConversation>>;
/** Guides and programmes found by a search typed in the console. */
export type SuggestionSearch = Awaited<ReturnType<typeof suggest>>;

/** The card a staff message carries, if any (`details.card` of a message sent as a card). */
export function cardOf(message: { details?: Record<string, unknown> | null }): Card | null {
  const card = message.details?.card as Partial<Card> | undefined;
  if (!card || typeof card !== 'object') return null;
  if ((card.type !== 'article' && card.type !== 'program') || typeof card.url !== 'string') return null;
  return {
    type: card.type,
    id: String(card.id ?? ''),
    title: String(card.title ?? ''),
    summary: String(card.summary ?? ''),
    url: card.url,
  };
}

/**
 * The calls both consoles make; `createChatConsoleApi` and `createInboxApi` include them, so a
 * page needs only its own console's client.
 */
export function createConversationsApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    /** Colleagues to transfer to, the providers, and the topic and outcome codes of closing. */
    colleagues: () => call<Colleagues>('GET', '/api/v1/inbox/colleagues'),
    /**
     * Closes a conversation of any channel with its topic and outcome, and what the counsellor
     * noted about the client; values the server did not recognise come back as warnings.
     */
    close: (conversationId: string, topic: string, outcome: string, about?: AboutYouInput) =>
      call<{ id: string; warnings?: InputWarning[] }>(
        'POST',
        `/api/v1/inbox/conversations/${encodeURIComponent(conversationId)}/close`,
        { topic, outcome, ...(about ? { about } : {}) },
      ),
    /** Guides, programmes and canned responses for the client's latest message. */
    /** A conversation's suggestions, or those at `path` (a practice conversation's). */
    suggestions: (conversationId: string, path?: string) =>
      call<ConversationSuggestions>(
        'GET',
        path ?? `/api/v1/inbox/conversations/${encodeURIComponent(conversationId)}/suggestions`,
      ),
    /** Guides and programmes for a search, in the conversation's language (or Finnish). */
    searchSuggestions: (q: string, lang: string) =>
      call<SuggestionSearch>('GET', `/api/v1/suggestions${queryString({ q, lang, limit: 5 })}`),
    /** The staff handbook for the same search (staff only; never sent to the client). */
    searchHandbook: (q: string, lang: string) =>
      call<HandbookList>('GET', `/api/v1/handbook${queryString({ q, lang, limit: 5 })}`),
  };
}
