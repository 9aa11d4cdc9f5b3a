import type { z } from 'zod';
import type { LegalPageView } from '$server/features/articles/article.schema';
import type { accessibilityFeedbackSchema } from '$server/features/contact-forms/accessibility-feedback.service';
import type { LegalPage } from '$server/shared/urls/legal-urls';
import { createCaller, queryString } from './client';

export type { LegalPageView };

/** The accessibility feedback form, as sent (docs/email-and-phone.md). */
export type AccessibilityFeedbackBody = z.input<typeof accessibilityFeedbackSchema>;

/**
 * GET /api/v1/retention/public: how long each class of data is kept, as the service is set up
 * (chat, email, phone, booking, web_form, popup, contact_request, outgoing_mail, audit_log,
 * search_log). Read as unknown and checked by the page: it may be missing on a server.
 */
export type PublicRetentionAnswer = unknown;

/** The privacy notice, the accessibility statement and the accessibility feedback form. */
export function createLegalApi(fetch: typeof globalThis.fetch) {
  const call = createCaller(fetch);
  return {
    legalPage: (page: LegalPage, lang: string) =>
      call<LegalPageView>('GET', `/api/v1/legal-pages/${page}${queryString({ lang })}`),
    publicRetention: () => call<PublicRetentionAnswer>('GET', '/api/v1/retention/public'),
    sendAccessibilityFeedback: (body: AccessibilityFeedbackBody) =>
      call<{ conversationId: string }>('POST', '/api/v1/contact/accessibility-feedback', body),
  };
}
