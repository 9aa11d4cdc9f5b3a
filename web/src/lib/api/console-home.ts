/*
 * The console home's API (GET /api/v1/console/today): the day's work of the person signed in.
 * Read on the SvelteKit server for the first page and again in the browser whenever the staff
 * socket says the day changed. The shape is the server's own type.
 */
import type { Today } from '$server/features/console-home/console-home.schema';
import type { Lang } from '$lib/i18n/i18n';
import { createCaller, queryString, type CallOptions } from './client';

type Fetch = typeof fetch;

export type { Today };

export function createConsoleHomeApi(fetch: Fetch) {
  const call = createCaller(fetch);
  return {
    today: (lang: Lang, options: CallOptions = {}) =>
      call<Today>('GET', `/api/v1/console/today${queryString({ lang })}`, undefined, options),
  };
}
