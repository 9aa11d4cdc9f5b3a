/*
 * What the chat console (/console/chat) and the inbox (/console/inbox) share: a conversation's
 * messages as staff see them, and the list of colleagues, providers, topics and outcomes.
 */
import type { listColleagues } from '$server/features/chat/chat-console.service';
import type { StaffMessage as ServerStaffMessage } from '$server/conversations/staff-view';
import { createCaller } from './client';

type Fetch = typeof fetch;

/** One line of a conversation as staff see it: a message, an internal note or an event. */
export type StaffMessage = ServerStaffMessage;

export type Colleagues = Awaited<ReturnType<typeof listColleagues>>;

/**
 * The calls both consoles make; `createChatConsoleApi` and `createInboxApi` include them, so a
 * page needs only its own console's client.
 */
export function createConversationsApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    /** Colleagues to transfer to, the providers, and the topic and outcome codes of closing. */
    colleagues: () => call<Colleagues>('GET', '/api/v1/inbox/colleagues'),
    /** Closes a conversation of any channel with its topic and outcome. */
    close: (conversationId: string, topic: string, outcome: string) =>
      call<unknown>('POST', `/api/v1/inbox/conversations/${encodeURIComponent(conversationId)}/close`, {
        topic,
        outcome,
      }),
  };
}
