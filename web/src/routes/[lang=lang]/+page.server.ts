import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

/** Served as HTML alone: no framework JavaScript; the chat launcher is /widget.js. */
export const csr = false;

export const load: PageServerLoad = async ({ fetch, setHeaders }) => {
  const result = await createApi(fetch).listOrganisations();
  setHeaders({ 'cache-control': 'public, max-age=60' });
  return { organisations: result.ok ? result.data.items : null };
};
