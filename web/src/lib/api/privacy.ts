import type { z } from 'zod';
import { createCaller } from './client';
import type {
  erasureResultSchema,
  exportRequestSchema,
  PersonRequest,
  PersonSummary,
  legalHoldResultSchema,
} from '$server/features/privacy/privacy.schema';
import type { IdentifierKind } from '$server/features/privacy/person-lookup';

export type { IdentifierKind, PersonRequest, PersonSummary };
export type ErasureResult = z.infer<typeof erasureResultSchema>;
export type LegalHoldResult = z.infer<typeof legalHoldResultSchema>;
export type ExportRequest = z.input<typeof exportRequestSchema>;

type Fetch = typeof fetch;

/** Data-subject requests (docs/privacy.md): the identifiers always travel in a POST body. */
export function createPrivacyApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    search: (body: PersonRequest) => call<PersonSummary>('POST', '/api/v1/privacy/search', body),
    erase: (body: PersonRequest & { confirm: true }) =>
      call<ErasureResult>('POST', '/api/v1/privacy/erase', body),
    placeHold: (id: string, reason: string) =>
      call<LegalHoldResult>('PUT', `/api/v1/privacy/conversations/${id}/legal-hold`, { reason }),
    releaseHold: (id: string, reason: string) =>
      call<LegalHoldResult>('POST', `/api/v1/privacy/conversations/${id}/legal-hold/release`, { reason }),
    /** The API's answer as it came (the file with its type and name, or a coded error); null when unreachable. */
    exportFile: (body: ExportRequest): Promise<Response | null> =>
      fetch('/api/v1/privacy/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch(() => null),
  };
}
