import type { z } from 'zod';
import type { invitationRuleSchema } from '$server/features/outreach/invitations.service';
import { createCaller } from './client';

type Fetch = typeof fetch;

export type InvitationRuleBody = z.input<typeof invitationRuleSchema>;

export interface InvitationRule {
  id: string;
  name: string;
  pathPrefix: string;
  delaySeconds: number;
  everyDays: number;
  messageFi: string;
  messageSv: string;
  messageEn: string;
  active: boolean;
  updatedAt: string;
  last30Days?: { shown: number; accepted: number; dismissed: number };
}

/** What a mailed feedback link has recorded. */
export interface FeedbackView {
  channel: string;
  language: 'fi' | 'sv' | 'en';
  score: number | null;
  comment: string;
}

/** Invitation rules (admins) and the feedback links mailed after a closed contact. */
export function createOutreachApi(fetch: Fetch) {
  const call = createCaller(fetch);
  const feedback = (token: string) => `/api/v1/feedback/${encodeURIComponent(token)}`;
  return {
    feedback: (token: string) => call<FeedbackView>('GET', feedback(token)),
    saveFeedback: (token: string, body: { score: number; comment?: string }) =>
      call<FeedbackView>('POST', feedback(token), body),
    invitations: () => call<{ items: InvitationRule[] }>('GET', '/api/v1/invitations'),
    invitation: (id: string) => call<InvitationRule>('GET', `/api/v1/invitations/${encodeURIComponent(id)}`),
    createInvitation: (body: InvitationRuleBody) => call<InvitationRule>('POST', '/api/v1/invitations', body),
    updateInvitation: (id: string, body: InvitationRuleBody) =>
      call<InvitationRule>('PUT', `/api/v1/invitations/${encodeURIComponent(id)}`, body),
  };
}
