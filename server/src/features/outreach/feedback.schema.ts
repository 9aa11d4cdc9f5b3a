import { z } from 'zod';

/** What a mailed feedback link has recorded so far. */
export const feedbackViewSchema = z.object({
  /** The channel of the contact the feedback is about (chat, email, phone, video, …). */
  channel: z.string(),
  language: z.enum(['fi', 'sv', 'en']),
  /** 1–5, or null before the first rating. */
  score: z.number().int().nullable(),
  comment: z.string(),
});
export type FeedbackView = z.infer<typeof feedbackViewSchema>;
