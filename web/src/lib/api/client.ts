import type { z } from 'zod';
import type { AuditEntryView } from '$server/features/audit/audit.schema';
import type {
  CreateOrganisationInput,
  OrganisationView,
  UpdateOrganisationInput,
} from '$server/features/organisations/organisation.schema';
import type { ArticlePageView, GuideIndexView } from '$server/features/articles/article.schema';
import type {
  EditorArticle,
  EditorArticleListItem,
  EditorVersion,
  RevisionView,
  SaveVersionInput,
} from '$server/features/articles/article-editor.schema';
import type { SearchResponse } from '$server/features/search/search.schema';
import type { HandbookArticle, HandbookList } from '$server/features/handbook/handbook.schema';
import type { ContentInsight } from '$server/features/insight/insight.service';
import type {
  ProgrammeDetail,
  ProgrammeListItem,
  ProgrammeListResponse,
} from '$server/features/catalogue/programme.schema';
import type { FinderResponse } from '$server/features/catalogue/finder';
import type { ImportReport } from '$server/features/catalogue/import/import.service';
import type { StaffView } from '$server/features/staff/staff.schema';
import type {
  callbackRequestSchema,
  contactMessageSchema,
  FormContactResult,
} from '$server/features/contact-forms/contact-forms.service';
import type { StaffGrant, StaffRole } from '$server/access/actor';
import type { FunderReport } from '$server/features/reports/funder-report.service';
import type { Report } from '$server/features/reports/report.service';
import type { OwnSession } from '$server/features/auth/own-sessions.service';
import type { TotpSetup, TwoStepStatus } from '$server/features/auth/two-step.service';
import type { PasskeyView } from '$server/features/auth/passkeys.service';
import type { SsoProviderInput, SsoProviderView } from '$server/features/auth/sso-providers.service';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { InvitationView } from '$server/features/staff/staff-invitations';
import type { TwoStepRequirement } from '$server/features/auth/auth.table';

export type {
  FinderResponse,
  FunderReport,
  Report,
  ImportReport,
  ProgrammeDetail,
  ProgrammeListItem,
  ProgrammeListResponse,
  ArticlePageView,
  AuditEntryView,
  GuideIndexView,
  OrganisationView,
  SearchResponse,
  StaffView,
  StaffRole,
  TwoStepRequirement,
};

/** The API's error body: a stable code, a developer message, optional details (e.g. fields). */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: {
    fields?: { field: string; message: string }[];
    field?: string;
    retryAfterSeconds?: number;
    [key: string]: unknown;
  };
}

export type ApiResult<T> =
  | { ok: true; status: number; data: T; headers: Headers }
  | { ok: false; status: number; error: ApiErrorBody; headers: Headers };

type Fetch = typeof fetch;

export interface CreateStaffBody {
  email: string;
  name: string;
  organisationId: string | null;
  role: StaffRole;
  languages: string[];
  expertise: string[];
}
export type UpdateStaffBody = Partial<CreateStaffBody> & { isActive?: boolean; grants?: StaffGrant[] };

/** The public "write to us" and "call me back" forms, as sent (docs/email-and-phone.md). */
export type ContactMessageBody = z.input<typeof contactMessageSchema>;
export type CallbackRequestBody = z.input<typeof callbackRequestSchema>;

/** What a caller may add to a request: a signal to abandon it (a newer keystroke, a closed dialog). */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * Sends one request and reads the API's answer: the JSON body on success, the coded error on
 * failure, 503 `api.unreachable` when nothing answered. Every typed client goes through it.
 */
export async function sendRequest<T>(fetch: Fetch, path: string, init: RequestInit): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return {
      ok: false,
      status: 503,
      error: { code: 'api.unreachable', message: 'API unreachable' },
      headers: new Headers(),
    };
  }
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  const payload: unknown = response.status === 204 || !isJson ? null : await response.json();
  if (response.ok)
    return { ok: true, status: response.status, data: payload as T, headers: response.headers };
  const error =
    payload && typeof payload === 'object' && 'error' in payload
      ? (payload.error as ApiErrorBody)
      : { code: 'api.unexpected', message: `HTTP ${response.status}` };
  return { ok: false, status: response.status, error, headers: response.headers };
}

/**
 * One JSON call to the API (the body as JSON) through `sendRequest`. Shared by every typed
 * client in this folder, on the SvelteKit server and in the browser alike.
 */
export function createCaller(fetch: Fetch) {
  return function call<T>(
    method: string,
    path: string,
    body?: unknown,
    options: CallOptions = {},
  ): Promise<ApiResult<T>> {
    return sendRequest<T>(fetch, path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  };
}

/** A query string from the set values, `?a=1&b=x`, or nothing. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The typed API client for everything without a file of its own here. It calls relative /api
 * paths: on the SvelteKit server through its fetch (`handleFetch` in hooks.server.ts sends them
 * to the API server), in the browser (search suggestions, the article preview) with the cookie.
 */
export function createApi(fetch: Fetch) {
  const call = createCaller(fetch);
  const query = queryString;

  return {
    login: (email: string, password: string) =>
      call<
        | { staff: StaffView; expiresAt: string }
        | { secondStep: { challenge: string; expiresAt: string; methods: string[] } }
      >('POST', '/api/v1/auth/login', { email, password }),
    loginSecondStep: (body: { challenge: string; code?: string; recoveryCode?: string }) =>
      call<{ staff: StaffView; expiresAt: string }>('POST', '/api/v1/auth/login/second-step', body),
    logout: () => call<null>('POST', '/api/v1/auth/logout', {}),
    me: () => call<StaffView & { mustSetUpTwoStep: boolean }>('GET', '/api/v1/auth/me'),
    twoStepStatus: () => call<TwoStepStatus>('GET', '/api/v1/auth/two-step'),
    beginTwoStep: () => call<TotpSetup>('POST', '/api/v1/auth/two-step/setup', {}),
    pendingTwoStep: () => call<TotpSetup>('GET', '/api/v1/auth/two-step/setup'),
    confirmTwoStep: (code: string) =>
      call<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/two-step/confirm', { code }),
    renewRecoveryCodes: (code: string) =>
      call<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/two-step/recovery-codes', { code }),
    disableTwoStep: (code: string) => call<null>('POST', '/api/v1/auth/two-step/disable', { code }),
    authSettings: () => call<{ requireTwoStep: TwoStepRequirement }>('GET', '/api/v1/auth/settings'),
    updateAuthSettings: (requireTwoStep: TwoStepRequirement) =>
      call<{ requireTwoStep: TwoStepRequirement }>('PUT', '/api/v1/auth/settings', { requireTwoStep }),
    resetStaffTwoStep: (id: string) =>
      call<null>('POST', `/api/v1/staff/${encodeURIComponent(id)}/reset-two-step`, {}),
    changePassword: (currentPassword: string, newPassword: string) =>
      call<null>('POST', '/api/v1/auth/password', { currentPassword, newPassword }),

    listOrganisations: (options: { includeInactive?: boolean } = {}) =>
      call<{ items: OrganisationView[] }>('GET', `/api/v1/organisations${query(options)}`),
    getOrganisation: (id: string) =>
      call<OrganisationView>('GET', `/api/v1/organisations/${encodeURIComponent(id)}`),
    createOrganisation: (body: CreateOrganisationInput) =>
      call<OrganisationView>('POST', '/api/v1/organisations', body),
    updateOrganisation: (id: string, body: UpdateOrganisationInput) =>
      call<OrganisationView>('PATCH', `/api/v1/organisations/${encodeURIComponent(id)}`, body),

    listStaff: (options: { organisationId?: string; includeInactive?: boolean } = {}) =>
      call<{ items: StaffView[] }>('GET', `/api/v1/staff${query(options)}`),
    getStaff: (id: string) => call<StaffView>('GET', `/api/v1/staff/${encodeURIComponent(id)}`),
    createStaff: (body: CreateStaffBody) => call<StaffView>('POST', '/api/v1/staff', body),
    updateStaff: (id: string, body: UpdateStaffBody) =>
      call<StaffView>('PATCH', `/api/v1/staff/${encodeURIComponent(id)}`, body),
    sendStaffInvitation: (id: string) =>
      call<{ expiresAt: string }>('POST', `/api/v1/staff/${encodeURIComponent(id)}/invitation`, {}),
    invitation: (token: string) =>
      call<InvitationView>('GET', `/api/v1/auth/invitations/${encodeURIComponent(token)}`),
    acceptInvitation: (token: string, password: string) =>
      call<{ staff: StaffView; expiresAt: string } | { passwordSet: true }>(
        'POST',
        `/api/v1/auth/invitations/${encodeURIComponent(token)}/accept`,
        { password },
      ),
    endStaffSessions: (id: string) =>
      call<{ ended: number }>('POST', `/api/v1/staff/${encodeURIComponent(id)}/end-sessions`, {}),
    passkeys: () => call<{ items: PasskeyView[] }>('GET', '/api/v1/auth/passkeys'),
    passkeyOptions: () =>
      call<{ ceremonyId: string; options: PublicKeyCredentialCreationOptionsJSON }>(
        'POST',
        '/api/v1/auth/passkeys/options',
        {},
      ),
    addPasskey: (body: { ceremonyId: string; name: string; response: RegistrationResponseJSON }) =>
      call<PasskeyView>('POST', '/api/v1/auth/passkeys', body),
    renamePasskey: (id: string, name: string) =>
      call<PasskeyView>('PATCH', `/api/v1/auth/passkeys/${encodeURIComponent(id)}`, { name }),
    removePasskey: (id: string) => call<null>('DELETE', `/api/v1/auth/passkeys/${encodeURIComponent(id)}`),
    passkeyLoginOptions: (challenge?: string) =>
      call<{ ceremonyId: string; options: PublicKeyCredentialRequestOptionsJSON }>(
        'POST',
        '/api/v1/auth/passkey-login/options',
        challenge ? { challenge } : {},
      ),
    passkeyLogin: (body: { ceremonyId: string; response: AuthenticationResponseJSON; challenge?: string }) =>
      call<{ staff: StaffView; expiresAt: string }>('POST', '/api/v1/auth/passkey-login', body),
    ssoProviders: () => call<{ items: SsoProviderView[] }>('GET', '/api/v1/sso-providers'),
    createSsoProvider: (body: SsoProviderInput & { clientSecret: string }) =>
      call<SsoProviderView>('POST', '/api/v1/sso-providers', body),
    updateSsoProvider: (id: string, body: Partial<SsoProviderInput>) =>
      call<SsoProviderView>('PATCH', `/api/v1/sso-providers/${encodeURIComponent(id)}`, body),
    discoverSignIn: (email: string) =>
      call<{ provider: { id: string; name: string } | null; passwordSignIn: boolean }>(
        'POST',
        '/api/v1/auth/sso/discover',
        { email },
      ),
    ssoLogoutUrl: () => call<{ url: string | null }>('GET', '/api/v1/auth/sso/logout-url'),
    ownSessions: () => call<{ items: OwnSession[] }>('GET', '/api/v1/auth/sessions'),
    endOwnSession: (id: string) =>
      call<{ ended: number }>('POST', `/api/v1/auth/sessions/${encodeURIComponent(id)}/end`, {}),
    endOtherSessions: () => call<{ ended: number }>('POST', '/api/v1/auth/sessions/end-others', {}),

    guideIndex: (lang: string) => call<GuideIndexView>('GET', `/api/v1/articles${query({ lang })}`),
    article: (lang: string, slug: string) =>
      call<ArticlePageView>(
        'GET',
        `/api/v1/articles/${encodeURIComponent(lang)}/${encodeURIComponent(slug)}`,
      ),
    articleFeedback: (lang: string, slug: string, helpful: boolean, comment?: string) =>
      call<null>(
        'POST',
        `/api/v1/articles/${encodeURIComponent(lang)}/${encodeURIComponent(slug)}/feedback`,
        {
          helpful,
          ...(comment ? { comment } : {}),
        },
      ),
    /** The catalogue listing; `params` is the page's own query string, passed on as is. */
    programmes: (params: URLSearchParams) => call<ProgrammeListResponse>('GET', `/api/v1/programs?${params}`),
    programme: (id: string, lang: string) =>
      call<ProgrammeDetail>('GET', `/api/v1/programs/${encodeURIComponent(id)}${query({ lang })}`),
    programmesByIds: (ids: string[], lang: string) =>
      call<{ items: ProgrammeDetail[] }>(
        'GET',
        `/api/v1/programs/by-ids${query({ lang, ids: ids.join(',') })}`,
      ),
    finder: (params: URLSearchParams) => call<FinderResponse>('GET', `/api/v1/finder/suggestions?${params}`),
    sendContactMessage: (body: ContactMessageBody) =>
      call<FormContactResult>('POST', '/api/v1/contact/messages', body),
    requestCallback: (body: CallbackRequestBody) =>
      call<FormContactResult>('POST', '/api/v1/contact/callbacks', body),
    createContactRequest: (body: Record<string, unknown>) =>
      call<{ id: string }>('POST', '/api/v1/contact-requests', body),
    importProgrammes: (
      bytes: ArrayBuffer,
      options: { fileName: string; provider?: string; dryRun: boolean },
    ) =>
      sendRequest<ImportReport>(
        fetch,
        `/api/v1/programs/import${query({ fileName: options.fileName, provider: options.provider, dryRun: options.dryRun })}`,
        { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes },
      ),
    /** Articles matching `q`; the search box's suggestions pass a signal to drop a stale request. */
    search: (q: string, lang: string, limit = 10, options: CallOptions = {}) =>
      call<SearchResponse>(
        'GET',
        `/api/v1/search${query({ q, lang, limit, types: 'article' })}`,
        undefined,
        options,
      ),
    /** The site's search page: the same search, logged for the editors' insight (scrubbed). */
    siteSearch: (q: string, lang: string, limit = 20) =>
      call<SearchResponse>(
        'GET',
        `/api/v1/search${query({ q, lang, limit, types: 'article', log: 'site' })}`,
      ),
    contentInsight: (weeks: number, lang: string) =>
      call<ContentInsight>('GET', `/api/v1/insight${query({ weeks, lang })}`),
    searchEvents: (q: string, lang: string, limit = 5) =>
      call<SearchResponse>('GET', `/api/v1/search${query({ q, lang, limit, types: 'event' })}`),

    /** The staff handbook, or a search of it (staff only). */
    handbook: (lang: string, q?: string) =>
      call<HandbookList>('GET', `/api/v1/handbook${query({ lang, q })}`),
    handbookArticle: (lang: string, slug: string) =>
      call<HandbookArticle>(
        'GET',
        `/api/v1/handbook/${encodeURIComponent(lang)}/${encodeURIComponent(slug)}`,
      ),

    editorArticles: () => call<{ items: EditorArticleListItem[] }>('GET', '/api/v1/editor/articles'),
    createArticle: (key: string, category: string) =>
      call<EditorArticle>('POST', '/api/v1/editor/articles', { key, category, relatedKeys: [] }),
    editorArticle: (key: string) =>
      call<EditorArticle>('GET', `/api/v1/editor/articles/${encodeURIComponent(key)}`),
    saveVersion: (key: string, lang: string, body: SaveVersionInput) =>
      call<EditorVersion>(
        'PUT',
        `/api/v1/editor/articles/${encodeURIComponent(key)}/versions/${encodeURIComponent(lang)}`,
        body,
      ),
    revisions: (key: string, lang: string) =>
      call<{ items: Omit<RevisionView, 'slug' | 'summary' | 'bodyMd' | 'tags' | 'lastReviewed'>[] }>(
        'GET',
        `/api/v1/editor/articles/${encodeURIComponent(key)}/versions/${encodeURIComponent(lang)}/revisions`,
      ),
    revision: (key: string, lang: string, revision: number) =>
      call<RevisionView>(
        'GET',
        `/api/v1/editor/articles/${encodeURIComponent(key)}/versions/${encodeURIComponent(lang)}/revisions/${revision}`,
      ),
    restoreRevision: (key: string, lang: string, revision: number, expectedRevision: number) =>
      call<EditorVersion>(
        'POST',
        `/api/v1/editor/articles/${encodeURIComponent(key)}/versions/${encodeURIComponent(lang)}/revisions/${revision}/restore`,
        { expectedRevision },
      ),
    preview: (bodyMd: string) => call<{ html: string }>('POST', '/api/v1/editor/preview', { bodyMd }),
    articleFeedbackList: (key: string) =>
      call<{ items: { lang: string; helpful: boolean; comment: string | null; createdAt: string }[] }>(
        'GET',
        `/api/v1/editor/articles/${encodeURIComponent(key)}/feedback`,
      ),

    listAudit: (
      options: {
        beforeId?: number;
        limit?: number;
        targetType?: string;
        targetId?: string;
        action?: string;
      } = {},
    ) => call<{ items: AuditEntryView[] }>('GET', `/api/v1/audit${query(options)}`),
    /** Every report figure; `params` holds from, to and the filters (docs/reports.md). */
    report: (params: URLSearchParams) => call<Report>('GET', `/api/v1/reports?${params}`),
    funderReport: (params: URLSearchParams) => call<FunderReport>('GET', `/api/v1/reports/funder?${params}`),
  };
}

export type Api = ReturnType<typeof createApi>;

/** Where a report table downloads as CSV (a link: the browser sends the session cookie). */
export const reportCsvPath = (table: string, query: string) =>
  `/api/v1/reports/${encodeURIComponent(table)}.csv?${query}`;

/** The session cookie the API set in a response, if any (value and expiry). */
export function readSessionCookie(headers: Headers): { value: string; expires?: Date } | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    if (pair.slice(0, index).trim() !== SESSION_COOKIE) continue;
    const expires = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('expires='));
    return {
      value: pair.slice(index + 1).trim(),
      ...(expires ? { expires: new Date(expires.slice('expires='.length)) } : {}),
    };
  }
  return undefined;
}

export const SESSION_COOKIE = 'opintori_session';
