import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { Db } from '../db/database-types.js';
import { appendMessage } from './message.repository.js';
import { outgoingAttachments } from './mail-outbox.js';

export interface MailSender {
  /** True when mail goes out through a relay (SMTP_URL); otherwise it is only stored. */
  readonly relay: boolean;
  /** Try to send a queued mail now; a failure is retried later with backoff. */
  kick(id: string): void;
  /** Sends every queued mail that is due (the retry job; tests call it directly). */
  runDue(): Promise<number>;
  /** Waits for sends in flight (for shutdown and tests). */
  idle(): Promise<void>;
}

/** Waits before the 2nd, 3rd, … attempt; after the last one the mail has failed for good. */
export const RETRY_DELAYS_SECONDS = [60, 300, 900, 3600, 4 * 3600];
/** A claimed mail is not picked again by another node for this long. */
const CLAIM_SECONDS = 120;

/** A relay that does not answer must not hold a send for minutes (nodemailer reads these from the URL). */
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('connectionTimeout')) url.searchParams.set('connectionTimeout', '10000');
  if (!url.searchParams.has('socketTimeout')) url.searchParams.set('socketTimeout', '30000');
  return url.toString();
}

/** A 5xx answer from the relay (e.g. 550 no such user) is permanent: trying again cannot help. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends mail from the outgoing_mail table through SMTP_URL with the headers composed when it
 * was queued. Without a relay (the embedded default) mail is marked stored: kept for the dev
 * mailbox, never sent. Several nodes can run the job: each mail is claimed by one update.
 */
export function createMailSender(
  db: Db,
  options: {
    smtpUrl?: string | undefined;
    /** Told of each attempt the relay refused: retried later, or failed for good (the metrics). */
    onFailure?: (outcome: 'retry' | 'gave_up') => void;
  },
  log: { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void },
): MailSender {
  const transport = options.smtpUrl ? nodemailer.createTransport(withTimeouts(options.smtpUrl)) : undefined;
  const inFlight = new Set<Promise<void>>();

  async function claim(id: string) {
    return db
      .updateTable('outgoing_mail')
      .set({ next_attempt_at: sql<Date>`now() + make_interval(secs => ${CLAIM_SECONDS})` })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where((eb) =>
        eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', sql<Date>`now()`)]),
      )
      .returningAll()
      .executeTakeFirst();
  }

  async function send(id: string) {
    const mail = await claim(id);
    if (!mail) return;
    if (!transport) {
      await db
        .updateTable('outgoing_mail')
        .set({ status: 'stored', next_attempt_at: null })
        .where('id', '=', id)
        .execute();
      return;
    }
    const headers: Record<string, string> = {};
    if (mail.auto_submitted) headers['Auto-Submitted'] = mail.auto_submitted;
    try {
      await transport.sendMail({
        from: mail.from_address,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        ...(mail.html_body ? { html: mail.html_body } : {}),
        messageId: mail.message_id,
        ...(mail.reply_to ? { replyTo: mail.reply_to } : {}),
        ...(mail.in_reply_to ? { inReplyTo: mail.in_reply_to } : {}),
        ...(mail.references_header ? { references: mail.references_header } : {}),
        attachments: outgoingAttachments(mail).map(({ filename, content, contentType }) => ({
          filename,
          content,
          contentType,
        })),
        headers,
      });
      await db
        .updateTable('outgoing_mail')
        .set({
          status: 'sent',
          sent_at: sql<Date>`now()`,
          attempts: mail.attempts + 1,
          next_attempt_at: null,
          last_error: null,
        })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      const attempts = mail.attempts + 1;
      const failed = isPermanent(error) || attempts > RETRY_DELAYS_SECONDS.length;
      const message = error instanceof Error ? error.message.slice(0, 500) : 'send failed';
      await db
        .updateTable('outgoing_mail')
        .set({
          status: failed ? 'failed' : 'queued',
          attempts,
          last_error: message,
          next_attempt_at: failed
            ? null
            : sql<Date>`now() + make_interval(secs => ${RETRY_DELAYS_SECONDS[attempts - 1]!})`,
        })
        .where('id', '=', id)
        .execute();
      log.warn({ mailId: id, attempts, failed, error: message }, 'mail not sent');
      options.onFailure?.(failed ? 'gave_up' : 'retry');
      if (failed && mail.conversation_id) {
        // The counsellor sees it in the conversation, not only in a log.
        await appendMessage(db, {
          conversationId: mail.conversation_id,
          kind: 'event',
          authorType: 'system',
          eventType: 'mail_failed',
          details: { mailId: id, to: mail.to_address, error: message },
        }).catch(() => undefined);
      }
    }
  }

  function track(id: string): Promise<void> {
    const promise = send(id)
      .catch((error: unknown) => log.error({ err: error, mailId: id }, 'mail send failed'))
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
    return promise;
  }

  async function runDue(): Promise<number> {
    const due = await db
      .selectFrom('outgoing_mail')
      .select('id')
      .where('status', '=', 'queued')
      .where((eb) =>
        eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', sql<Date>`now()`)]),
      )
      .orderBy('next_attempt_at')
      .limit(50)
      .execute();
    for (const row of due) await track(row.id);
    return due.length;
  }

  return {
    relay: !!transport,
    kick(id) {
      void track(id);
    },
    runDue,
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
