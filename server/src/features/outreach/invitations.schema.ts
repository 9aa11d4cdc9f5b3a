import { z } from 'zod';

/** An invitation rule as admins see and edit it. */
export const invitationRuleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  pathPrefix: z.string(),
  delaySeconds: z.number().int(),
  everyDays: z.number().int(),
  messageFi: z.string(),
  messageSv: z.string(),
  messageEn: z.string(),
  active: z.boolean(),
  updatedAt: z.string(),
});

/** Every rule with how often it was shown, accepted and dismissed in the last 30 days. */
export const invitationRuleListSchema = z.object({
  items: z.array(
    invitationRuleViewSchema.extend({
      last30Days: z.object({
        shown: z.number().int(),
        accepted: z.number().int(),
        dismissed: z.number().int(),
      }),
    }),
  ),
});

/** What the widget shows on a page when a counsellor is free. */
export const invitationSchema = z.object({
  id: z.string(),
  delaySeconds: z.number().int(),
  everyDays: z.number().int(),
  message: z.string(),
});
