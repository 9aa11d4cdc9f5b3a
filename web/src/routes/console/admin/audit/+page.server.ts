import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ fetch, url }) => {
  const before = Number(url.searchParams.get('beforeId'));
  const result = await createApi(fetch).listAudit({
    limit: PAGE_SIZE,
    ...(Number.isInteger(before) && before > 0 ? { beforeId: before } : {}),
  });
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  const entries = result.data.items;
  return { entries, olderId: entries.length === PAGE_SIZE ? entries[entries.length - 1]?.id : undefined };
};
