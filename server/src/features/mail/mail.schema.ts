import { z } from 'zod';
import { outgoingMailViewSchema } from '../../conversations/mail-outbox.schema.js';

/** A failed mail queued again. */
export const mailRetrySchema = z.object({
  id: z.string(),
  /** Always `queued`: the sender tries it again next. */
  status: z.string(),
});

/** The outgoing mail log, newest first. */
export const mailLogSchema = z.object({
  /** True when mail goes out through a relay (SMTP_URL); otherwise it is only stored. */
  relay: z.boolean(),
  items: z.array(outgoingMailViewSchema),
});
