import { createCaller } from './client';

type Fetch = typeof fetch;

/** A language of guidance: its code and its name in that language ("العربية" for ar). */
export interface GuidanceLanguage {
  code: string;
  name: string;
}

/** The languages some active counsellor guides in (GET /api/v1/languages), for the public forms. */
export function createLanguagesApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    list: () => call<{ items: GuidanceLanguage[] }>('GET', '/api/v1/languages'),
  };
}
