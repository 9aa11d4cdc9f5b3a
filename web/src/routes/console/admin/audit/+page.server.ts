import { error } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit log, newest first; `?conversation=<id>` narrows it to who opened that conversation (the access log). */
export const load: PageServerLoad = async ({ fetch, url }) => {
  const before = Number(url.searchParams.get('beforeId'));
  const asked = url.searchParams.get('conversation');
  const conversation = asked && uuid.test(asked) ? asked : undefined;
  const result = await createApi(fetch).listAudit({
    limit: PAGE_SIZE,
    ...(Number.isInteger(before) && before > 0 ? { beforeId: before } : {}),
    ...(conversation
      ? { targetType: 'conversation', targetId: conversation, action: 'conversation.read' }
      : {}),
  });
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  const entries = result.data.items;
  return {
    entries,
    conversation,
    olderId: entries.length === PAGE_SIZE ? entries[entries.length - 1]?.id : undefined,
  };
};
