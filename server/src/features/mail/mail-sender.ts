import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { Db } from '../../db/database-types.js';

export interface MailSender {
  /** Try to send a queued mail now; failures stay queued for the next attempt. */
  kick(id: string): void;
}

/**
 * Sends mail from the outgoing_mail table through SMTP_URL. Without a relay (the embedded
 * default) the mail is marked stored: kept for the dev mailbox, never sent anywhere.
 */
export function createMailSender(
  db: Db,
  options: { smtpUrl?: string | undefined; from: string },
  log: { error: (obj: object, msg: string) => void },
): MailSender {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  async function send(id: string) {
    const mail = await db
      .selectFrom('outgoing_mail')
      .selectAll()
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (!mail) return;
    if (!transport) {
      await db.updateTable('outgoing_mail').set({ status: 'stored' }).where('id', '=', id).execute();
      return;
    }
    try {
      await transport.sendMail({
        from: options.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
      });
      await db
        .updateTable('outgoing_mail')
        .set({ status: 'sent', sent_at: sql<Date>`now()`, attempts: mail.attempts + 1 })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      await db
        .updateTable('outgoing_mail')
        .set({
          status: mail.attempts + 1 >= 5 ? 'failed' : 'queued',
          attempts: mail.attempts + 1,
          last_error: error instanceof Error ? error.message.slice(0, 500) : 'send failed',
        })
        .where('id', '=', id)
        .execute();
    }
  }
  return {
    kick(id) {
      send(id).catch((error: unknown) => log.error({ err: error }, 'mail send failed'));
    },
  };
}
