// The topic codes and languages are the server's own (bundled in, nothing else of the server is).
import { chatTopics, type ChatLanguage, type ChatTopic } from '../../server/src/conversations/vocabulary';

/** The visitor HTTP API of docs/chat.md; from member sites cross-origin and without cookies. */

export const topics = chatTopics;
export type Topic = ChatTopic;
export type { ChatLanguage };

export interface ChatStatus {
  open: boolean;
  available: boolean;
  reason: null | 'closed' | 'no_counsellors';
  queueLength: number;
  estimatedWaitSeconds: number | null;
  maxWaitSeconds: number | null;
  hoursToday: { opens: string; closes: string }[];
  nextOpen: string | null;
  /** The languages a chat may be in, in their own names; onDuty: someone speaking it is free. */
  languages?: { code: string; name: string; onDuty: boolean; estimatedWaitSeconds: number | null }[];
}

export interface ChatState {
  id: string;
  status: 'queued' | 'active' | 'waiting' | 'closed';
  counsellor: { firstName: string; provider: string } | null;
  queuePosition: number | null;
  estimatedWaitSeconds: number | null;
  lastSeq: number;
  rated: boolean;
}

export interface Message {
  seq: number;
  kind: 'message' | 'event';
  author: 'client' | 'staff' | 'system';
  authorName: string | null;
  body: string;
  eventType: string | null;
  clientMsgId: string | null;
  createdAt: string;
  /** On the events of a video call offered in the chat. */
  videoCall?: { id: string; expiresAt: string | null };
  /** A guide or programme the counsellor sent as a card; `url` is a path on the service. */
  card?: { type: 'article' | 'program'; title: string; summary: string; url: string };
}

export interface Credentials {
  conversationId: string;
  secret: string;
}

/** A guide or programme suggested for the visitor's question; `url` is a path on the service. */
export interface Suggestion {
  type: 'article' | 'program';
  id: string;
  title: string;
  summary: string;
  url: string;
}
export type SuggestionRef = Pick<Suggestion, 'type' | 'id'>;
/** The question asked and what the widget showed and the visitor opened for it. */
export interface SelfHelpRecord {
  q: string;
  shown: SuggestionRef[];
  opened: SuggestionRef[];
}

export interface StartRequest {
  provider?: string;
  topic: Topic;
  /** A language some counsellor guides in (the status's `languages`). */
  language: string;
  firstName?: string;
  consent: boolean;
  browserKey?: string;
  sourcePage?: string;
  shortlist?: string[];
  selfHelp?: SelfHelpRecord;
}

interface OfflineCommon {
  provider?: string;
  topic: Topic;
  /** fi, sv or en: the reply comes by mail. */
  language: string;
  /** The widget's language: the confirmation mail's. */
  lang?: ChatLanguage;
  /** "About you", when anything was chosen. */
  about?: AboutAnswers;
  firstName?: string;
  consent: true;
}
export type OfflineRequest =
  | (OfflineCommon & { kind: 'message'; email: string; message: string })
  | (OfflineCommon & {
      kind: 'callback';
      phone: string;
      window: { date: string; from: string; to: string };
      note?: string;
      /** Where to send a confirmation, when given. */
      email?: string;
    });

/** A coded failure: the server's `{ error: { code } }`, or `network` when nothing came back. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(code);
  }
}

/** "About you": the choices the service offers (municipality names from the service). */
export interface AboutOptions {
  ageBands: string[];
  situations: string[];
  municipalities: { code: string; name: string; inRegion: boolean }[];
}
export interface AboutAnswers {
  ageBand: string;
  situation: string;
  municipality: string;
}

/** Calls the service: JSON both ways, no cookies, coded errors thrown as ApiError. */
export function createApi(origin: string) {
  async function call<T>(method: string, path: string, body?: unknown, secret?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (secret) headers['x-conversation-secret'] = secret;
    let response: Response;
    try {
      response = await fetch(origin + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // Same-origin only: on the service's own pages the server reads the (HttpOnly) shortlist
        // cookie when the visitor consents; member sites never send cookies.
        credentials: 'same-origin',
        mode: 'cors',
      });
    } catch {
      throw new ApiError('network', 0);
    }
    const data: unknown = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const error = (data as { error?: { code?: string; details?: { fields?: unknown } } } | null)?.error;
      const fields = Array.isArray(error?.details?.fields)
        ? (error.details.fields as ApiError['fields'])
        : [];
      throw new ApiError(error?.code ?? 'http', response.status, fields);
    }
    return data as T;
  }
  const conversation = (c: Credentials) =>
    `/api/v1/chat/conversations/${encodeURIComponent(c.conversationId)}`;

  return {
    status: (provider: string) =>
      call<ChatStatus>('GET', `/api/v1/chat/status?provider=${encodeURIComponent(provider)}`),
    start: (request: StartRequest) => call<Credentials>('POST', '/api/v1/chat/conversations', request),
    close: (c: Credentials, answeredBy?: SuggestionRef) =>
      call<unknown>('POST', `${conversation(c)}/close`, answeredBy ? { answeredBy } : {}, c.secret),
    suggestions: (q: string, lang: string) =>
      call<{ lang: string; fallback: boolean; results: Suggestion[] }>(
        'GET',
        `/api/v1/suggestions?q=${encodeURIComponent(q)}&lang=${lang}`,
      ),
    selfHelp: (record: SelfHelpRecord & { lang: string; sourcePage: string; outcome: 'answered' | 'chat' }) =>
      call<null>('POST', '/api/v1/self-help', record),
    rate: (c: Credentials, score: number, comment?: string) =>
      call<unknown>(
        'POST',
        `${conversation(c)}/rating`,
        { score, ...(comment ? { comment } : {}) },
        c.secret,
      ),
    erase: (c: Credentials) => call<unknown>('POST', `${conversation(c)}/erase`, {}, c.secret),
    transcript: (c: Credentials, email: string) =>
      call<unknown>('POST', `${conversation(c)}/transcript`, { email }, c.secret),
    aboutOptions: (lang: string) => call<AboutOptions>('GET', `/api/v1/about-you/options?lang=${lang}`),
    about: (c: Credentials, answers: AboutAnswers) =>
      call<{ warnings: { field: string; code: string }[] }>(
        'POST',
        `${conversation(c)}/about`,
        answers,
        c.secret,
      ),
    offline: (request: OfflineRequest) =>
      call<{ conversationId: string }>('POST', '/api/v1/chat/offline', request),
  };
}
export type Api = ReturnType<typeof createApi>;
