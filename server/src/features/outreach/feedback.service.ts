import { selectFeedback, upsertFeedback } from '../../conversations/feedback.js';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../../shared/secrets.js';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import { feedbackRequest } from './feedback.mail.js';
import type { MailLang } from '../../conversations/mail-layout.js';
import { queueMail } from '../../conversations/mail-outbox.js';
import { feedbackUrl } from '../../shared/urls/feedback-urls.js';
import {
  claimFeedbackToken,
  markStartedAppointmentsDone,
  selectConversationByFeedbackToken,
  selectFeedbackCandidate,
} from './feedback.repository.js';

/** The mailed links work this many days after the contact was closed. */
export const FEEDBACK_LINK_DAYS = 30;

/** Outcomes that mean the client never had the contact: no feedback is asked. */
const noContactOutcomes = new Set(['client_left', 'client_unreachable', 'no_answer_needed']);

const langOf = (value: string | null | undefined): MailLang =>
  value === 'sv' || value === 'en' ? value : 'fi';

/**
 * After an email, call-back or booked meeting has been closed, mails the client five
 * one-click rating links — once per conversation, and only when the client gave an email
 * address and there was a contact (not a cancelled or not yet held booking, an unreachable
 * caller, a withdrawn request, or an email closed without an answer). Chats are rated in the widget instead. Returns whether a mail was queued.
 */
export async function queueFeedbackMail(deps: ContactDeps, conversationId: string): Promise<boolean> {
  const { db, settings, sender } = deps;
  const row = await selectFeedbackCandidate(db, conversationId);
  if (
    !row ||
    row.status !== 'closed' ||
    row.channel === 'chat' ||
    !row.email ||
    row.feedback_token_hash ||
    !row.client_wrote ||
    row.cancelled_booking ||
    row.meeting_ahead ||
    // By email the counsellor's answer is the contact: closed unanswered, there was none.
    (row.channel === 'email' && !row.first_response_at) ||
    row.rated ||
    (row.outcome !== null && noContactOutcomes.has(row.outcome))
  ) {
    return false;
  }
  const token = randomBytes(24).toString('base64url');
  const claimed = await claimFeedbackToken(db, row.id, sha256(token));
  if (!claimed) return false; // another close of the same conversation got here first
  const lang = langOf(row.language ?? row.preferred_language);
  const details = row.details as { firstName?: string | null };
  const firstName = (row.first_name ?? details.firstName ?? '').trim().split(/\s+/)[0] || null;
  const base = settings.publicUrl.replace(/\/$/, '');
  const queued = await queueMail(db, settings, {
    conversationId: row.id,
    kind: 'feedback_request',
    to: row.email,
    automatic: true,
    mail: feedbackRequest(lang, {
      firstName,
      links: [1, 2, 3, 4, 5].map((score) => base + feedbackUrl(lang, token, score)),
      validDays: FEEDBACK_LINK_DAYS,
    }),
  });
  if (queued) sender.kick(queued.id);
  return !!queued;
}

/**
 * A booked meeting whose conversation the counsellor closes once its time has come has been
 * held: it is marked done. One closed before its time stays booked (and gets no feedback mail).
 */
export async function markHeldAppointments(db: Db, conversationIds: readonly string[]): Promise<void> {
  if (conversationIds.length === 0) return;
  await markStartedAppointmentsDone(db, conversationIds);
}

/**
 * After conversations were closed: held meetings are marked done, and the feedback mail is
 * queued for each. A failure here never undoes a close.
 */
export async function afterClosed(
  deps: ContactDeps,
  ids: readonly string[],
  log?: { warn(obj: unknown, msg: string): void },
): Promise<void> {
  try {
    await markHeldAppointments(deps.db, ids);
  } catch (error) {
    log?.warn({ err: error }, 'held appointments could not be marked done');
  }
  for (const id of ids) {
    try {
      await queueFeedbackMail(deps, id);
    } catch (error) {
      log?.warn({ err: error, conversationId: id }, 'feedback mail could not be queued');
    }
  }
}

export const feedbackTokenSchema = z.string().max(100);
export const feedbackInputSchema = z.object({
  score: z.number().int().min(1).max(5),
  /** Absent: the comment given earlier is kept (a click on a link in the mail). */
  comment: z.string().trim().max(2000).optional(),
});

const notFound = () => new AppError('feedback.not_found', 404, 'No such feedback link');

async function conversationByToken(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound();
  const row = await selectConversationByFeedbackToken(db, sha256(token), FEEDBACK_LINK_DAYS);
  if (!row) throw notFound();
  if (row.expired) {
    throw new AppError('feedback.expired', 410, `Feedback links work for ${FEEDBACK_LINK_DAYS} days`);
  }
  return row;
}

async function present(db: Db, conversation: { id: string; channel: string; language: string | null }) {
  const feedback = await selectFeedback(db, conversation.id);
  return {
    channel: conversation.channel,
    language: langOf(conversation.language),
    score: feedback?.score ?? null,
    comment: feedback?.comment ?? '',
  };
}

/** What a feedback link has recorded so far (404 unknown, 410 expired). */
export async function readFeedback(db: Db, token: string) {
  return present(db, await conversationByToken(db, token));
}

/**
 * Records or changes the rating behind a feedback link. Idempotent: one row per
 * conversation, the latest score wins, a missing comment keeps the earlier one.
 */
export async function saveFeedback(db: Db, token: string, input: z.infer<typeof feedbackInputSchema>) {
  const conversation = await conversationByToken(db, token);
  await upsertFeedback(db, conversation.id, input.score, input.comment);
  return present(db, conversation);
}
