/*
 * Counsellor training's API (server/src/features/training): scenarios, practice conversations,
 * their reviews and progress. The same calls run on the SvelteKit server and in the browser.
 */
import type { z } from 'zod';
import type {
  Onboarding,
  PracticeMessage,
  Progress,
  Scenario,
  ScenarioSummary,
  Session,
  SessionSummary,
  Team,
  scenarioInputSchema,
  reviewInputSchema,
} from '$server/features/training/training.schema';
import type { ShadowableChat, ShadowRequest, ShadowView } from '$server/features/training/shadowing.service';
import { createCaller, queryString } from './client';

export type { ShadowableChat, ShadowRequest, ShadowView };

export type {
  Onboarding,
  PracticeMessage,
  Progress,
  Scenario,
  ScenarioSummary,
  Session,
  SessionSummary,
  Team,
};
export type ScenarioBody = z.input<typeof scenarioInputSchema>;
export type ReviewBody = z.input<typeof reviewInputSchema>;
export type PracticeCard = NonNullable<PracticeMessage['card']>;

type Fetch = typeof fetch;
const session = (id: string) => `/api/v1/training/sessions/${encodeURIComponent(id)}`;

export function createTrainingApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    scenarios: (lang?: string, all?: boolean) =>
      call<{ items: ScenarioSummary[] }>('GET', `/api/v1/training/scenarios${queryString({ lang, all })}`),
    scenario: (id: string) => call<Scenario>('GET', `/api/v1/training/scenarios/${encodeURIComponent(id)}`),
    createScenario: (body: ScenarioBody) => call<Scenario>('POST', '/api/v1/training/scenarios', body),
    updateScenario: (id: string, body: ScenarioBody) =>
      call<Scenario>('PUT', `/api/v1/training/scenarios/${encodeURIComponent(id)}`, body),
    sessions: () =>
      call<{ mine: SessionSummary[]; playing: SessionSummary[]; awaitingReview: SessionSummary[] }>(
        'GET',
        '/api/v1/training/sessions',
      ),
    start: (body: { scenarioId: string; mode?: 'scripted' | 'live'; counsellorId?: string }) =>
      call<Session>('POST', '/api/v1/training/sessions', body),
    session: (id: string) => call<Session>('GET', session(id)),
    messages: (id: string, after: number) =>
      call<{ status: 'active' | 'finished'; items: PracticeMessage[] }>(
        'GET',
        `${session(id)}/messages${queryString({ after })}`,
      ),
    send: (id: string, body: { body: string; clientMsgId: string; card?: PracticeCard }) =>
      call<{ items: PracticeMessage[] }>('POST', `${session(id)}/messages`, body),
    finish: (id: string) => call<Session>('POST', `${session(id)}/finish`),
    transfer: (
      id: string,
      body: { staffId?: string; organisationId?: string; expertise?: string; note: string },
    ) => call<Session>('POST', `${session(id)}/transfer`, body),
    selfReview: (id: string, body: ReviewBody) => call<Session>('PUT', `${session(id)}/self-review`, body),
    review: (id: string, body: ReviewBody) => call<Session>('PUT', `${session(id)}/review`, body),
    comment: (id: string, body: { seq: number; body: string }) =>
      call<Session>('POST', `${session(id)}/comments`, body),
    suggestionsPath: (id: string) => `${session(id)}/suggestions`,
    progress: (staffId?: string) =>
      call<Progress>('GET', `/api/v1/training/progress${queryString({ staffId })}`),
    team: () => call<Team>('GET', '/api/v1/training/team'),
    onboarding: () => call<Onboarding>('GET', '/api/v1/training/onboarding'),
  };
}

export type TrainingApi = ReturnType<typeof createTrainingApi>;

/** Following a colleague's live chat: the observer's calls and the colleague's answer. */
export function createShadowingApi(fetch: Fetch) {
  const call = createCaller(fetch);
  const one = (id: string) => `/api/v1/training/shadowing/${encodeURIComponent(id)}`;
  return {
    chats: () => call<{ items: ShadowableChat[] }>('GET', '/api/v1/training/shadowing/chats'),
    request: (conversationId: string) =>
      call<{ id: string; status: string }>('POST', '/api/v1/training/shadowing', { conversationId }),
    requests: () => call<{ items: ShadowRequest[] }>('GET', '/api/v1/training/shadowing/requests'),
    accept: (id: string) => call<{ id: string; status: string }>('POST', `${one(id)}/accept`),
    decline: (id: string) => call<{ id: string; status: string }>('POST', `${one(id)}/decline`),
    end: (id: string) => call<{ id: string; status: string }>('POST', `${one(id)}/end`),
    view: (id: string, after = 0) => call<ShadowView>('GET', `${one(id)}${queryString({ after })}`),
    note: (id: string, body: string) => call<ShadowView>('POST', `${one(id)}/notes`, { body }),
  };
}
