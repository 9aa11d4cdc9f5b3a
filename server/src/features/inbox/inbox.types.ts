/*
 * Shapes of the unified inbox (docs/email-and-phone.md): every channel in one list, the
 * email and call-back parts of a conversation, and the outgoing mail log.
 */
import type { ConversationSummary } from '../../conversations/staff-view.js';

export const callOutcomes = ['reached', 'no_answer', 'wrong_number', 'done'] as const;
export type CallOutcome = (typeof callOutcomes)[number];

export const inboxStatusFilters = ['open', 'queued', 'active', 'waiting', 'closed'] as const;
export const inboxSorts = ['recent', 'oldest', 'due'] as const;

export interface CallbackDetails {
  phone: string | null;
  window: { date: string; from: string; to: string };
  note: string;
  /** Outcomes logged so far, newest last. */
  attempts: { outcome: CallOutcome; at: string; by: string | null; retryAt: string | null; note: string }[];
}

/** One row of the unified inbox list. */
export interface InboxListItem extends ConversationSummary {
  clientName: string | null;
  clientEmail: string | null;
  clientPhone: string | null;
  /** The last message or mail, shortened to 160 characters (never a staff note). */
  preview: string;
  /** Seconds from arrival to the first reply; null while unanswered. */
  firstResponseSeconds: number | null;
  /** When the client's unanswered message arrived (open conversations where the client spoke last). */
  waitingSince: string | null;
  /** Call-backs: when to call (start of the preferred window, or the retry time). */
  dueAt: string | null;
  callback: CallbackDetails | null;
  /** An outgoing mail of this conversation has failed for good. */
  mailFailed: boolean;
  /** Web forms and the widget's offline path: where the contact came from. */
  origin: string | null;
}

export interface AttachmentInfo {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export interface RefusedAttachment {
  filename: string;
  reason: 'too_large' | 'type_not_allowed' | 'too_many';
}

/** `details` of a message that arrived by email. */
export interface EmailMessageDetails {
  email: { from: string; subject: string; messageId: string | null; autoReply: boolean };
  attachments: AttachmentInfo[];
  refusedAttachments: RefusedAttachment[];
}

export type OutgoingMailStatus = 'queued' | 'sent' | 'failed' | 'stored';

/** A mail the service sends, as the conversation view and the dev mailbox show it. */
export interface OutgoingMailView {
  id: string;
  conversationId: string | null;
  /** staff_reply, contact_confirmation, callback_confirmation, chat_transcript */
  kind: string;
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  inReplyTo: string | null;
  references: string | null;
  status: OutgoingMailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  /** The staff message this mail carries (staff replies). */
  messageSeq: number | null;
  createdAt: string;
  sentAt: string | null;
  /** The files the mail carries (a booking's calendar). */
  attachments: OutgoingAttachmentInfo[];
}

/** A file an outgoing mail carries: its name, type and size in bytes. */
export interface OutgoingAttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
}
