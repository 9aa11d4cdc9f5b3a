import { z } from 'zod';
import { outgoingMailViewSchema } from '../../conversations/mail-outbox.schema.js';

/** A failed mail queued again. */
export const mailRetrySchema = z.object({
  id: z.string(),
  /** Always `queued`: the sender tries it again next. */
  status: z.string(),
});

/** A mail as the log shows it: its files with their text where they are text (a calendar). */
export const mailLogItemSchema = outgoingMailViewSchema.extend({
  attachments: z.array(
    z.object({
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int().nonnegative(),
      /** The content of a text file (`text/*`), to read in the log; null for other files. */
      text: z.string().nullable(),
    }),
  ),
});
export type MailLogItem = z.infer<typeof mailLogItemSchema>;

/** The outgoing mail log, newest first. */
export const mailLogSchema = z.object({
  /** True when mail goes out through a relay (SMTP_URL); otherwise it is only stored. */
  relay: z.boolean(),
  items: z.array(mailLogItemSchema),
});

/** Which file of a mail in the log: its place among the mail's attachments. */
export const mailLogAttachmentParams = z.object({
  id: z.string().max(100),
  index: z.coerce.number().int().min(0).max(99),
});
