import type { aboutYouOptions, InputWarning } from '$server/conversations/about-you';
import { createCaller, queryString } from './client';

type Fetch = typeof fetch;

/** The age bands, situations and municipalities (names in fi or sv, the region's first) to choose from. */
export type AboutYouOptions = ReturnType<typeof aboutYouOptions>;
export type { InputWarning };

/** "About you": the choices the public forms offer (GET /api/v1/about-you/options). */
export function createAboutYouApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    options: (lang: string) =>
      call<AboutYouOptions>('GET', `/api/v1/about-you/options${queryString({ lang })}`),
  };
}
