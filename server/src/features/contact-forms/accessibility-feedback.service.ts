import { z } from 'zod';
import type { ContactDeps } from '../../conversations/channel-deps.js';
import {
  ACCESSIBILITY_REPLY_DAYS,
  MESSAGE_MAX_LENGTH,
  chatLanguages,
} from '../../conversations/vocabulary.js';
import { multiLineText, singleLineText } from '../../shared/text.js';
import { accessibilityConfirmation } from './contact-forms.mail.js';
import { emailSchema, openFormContact, type ContactMeta } from './contact-forms.service.js';

/** How long the "which page or part of the service" answer may be. */
export const ACCESSIBILITY_PAGE_MAX_LENGTH = 300;

/**
 * Feedback on the service's accessibility (Act 306/2019): where, what, and an address only if
 * the person wants a reply — then with their consent to be contacted, as on every other form.
 */
export const accessibilityFeedbackSchema = z
  .object({
    lang: z.enum(chatLanguages).default('fi'),
    page: singleLineText(ACCESSIBILITY_PAGE_MAX_LENGTH, {
      min: 1,
      minMessage: 'say which page or part of the service',
      maxMessage: `at most ${ACCESSIBILITY_PAGE_MAX_LENGTH} characters`,
    }),
    problem: multiLineText(MESSAGE_MAX_LENGTH, {
      min: 1,
      minMessage: 'describe the problem',
      maxMessage: `at most ${MESSAGE_MAX_LENGTH} characters`,
    }),
    email: z
      .union([z.literal(''), emailSchema])
      .optional()
      .default(''),
    consent: z.boolean().optional().default(false),
  })
  .superRefine((input, ctx) => {
    if (input.email && !input.consent) {
      ctx.addIssue({
        code: 'custom',
        path: ['consent'],
        message: 'consent is required for a reply by email',
      });
    }
  });
export type AccessibilityFeedbackInput = z.infer<typeof accessibilityFeedbackSchema>;

/**
 * Accessibility feedback becomes a conversation in the shared inbox, topic `accessibility`,
 * due in ACCESSIBILITY_REPLY_DAYS: the law's deadline for the answer. An address given gets a
 * confirmation that says so, and the counsellor's reply goes to it like any email answer;
 * without one, nothing about the person is stored.
 */
export async function createAccessibilityFeedback(
  deps: ContactDeps,
  input: AccessibilityFeedbackInput,
  meta: ContactMeta,
  now = new Date(),
): Promise<{ conversationId: string }> {
  const dueAt = new Date(now.getTime() + ACCESSIBILITY_REPLY_DAYS * 86_400_000);
  return openFormContact(deps, { name: '', lang: input.lang, topic: 'accessibility' }, meta, {
    channel: 'email',
    client: input.email ? { email: input.email } : null,
    subject: input.page.slice(0, 80),
    body: input.problem,
    dueAt,
    details: { accessibility: { page: input.page } },
    confirmation: input.email
      ? {
          kind: 'accessibility_confirmation',
          to: input.email,
          mail: accessibilityConfirmation(input.lang, {
            page: input.page,
            problem: input.problem,
            dueAt,
          }),
        }
      : undefined,
  });
}
