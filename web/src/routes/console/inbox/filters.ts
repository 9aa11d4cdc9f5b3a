import { chatLanguages, closeTopics } from '$server/conversations/vocabulary';
import { inboxSorts, inboxStatusFilters } from '$server/features/inbox/inbox.types';
import type { InboxListQuery } from '$lib/api/inbox';

/** The channels the inbox lists (video and face-to-face contacts are not handled here). */
export const inboxChannels = ['email', 'phone', 'web_form', 'chat'] as const;
export const assignedFilters = ['me', 'unassigned'] as const;
export const PAGE_SIZE = 50;

export interface InboxFilters {
  channel: (typeof inboxChannels)[number] | undefined;
  status: (typeof inboxStatusFilters)[number];
  topic: (typeof closeTopics)[number] | undefined;
  language: (typeof chatLanguages)[number] | undefined;
  provider: string | undefined;
  assigned: (typeof assignedFilters)[number] | undefined;
  q: string;
  sort: (typeof inboxSorts)[number];
  offset: number;
}

function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((item) => item === value);
}

/**
 * The list's filters from the page address. Unknown values are dropped rather than refused:
 * an old bookmark or a hand-edited address still shows a list.
 */
export function readFilters(params: URLSearchParams, mayChooseProvider: boolean): InboxFilters {
  const offset = Number(params.get('offset'));
  const provider = params.get('provider') ?? '';
  return {
    channel: pick(params.get('channel'), inboxChannels),
    status: pick(params.get('status'), inboxStatusFilters) ?? 'open',
    topic: pick(params.get('topic'), closeTopics),
    language: pick(params.get('language'), chatLanguages),
    provider: mayChooseProvider && /^[0-9a-f-]{36}$/i.test(provider) ? provider : undefined,
    assigned: pick(params.get('assigned'), assignedFilters),
    q: (params.get('q') ?? '').trim().slice(0, 200),
    sort: pick(params.get('sort'), inboxSorts) ?? 'recent',
    offset: Number.isInteger(offset) && offset > 0 ? Math.min(offset, 100_000) : 0,
  };
}

/** The API query for the filters. */
export function listQuery(filters: InboxFilters): InboxListQuery {
  return {
    channel: filters.channel,
    status: filters.status,
    topic: filters.topic,
    language: filters.language,
    provider: filters.provider,
    assigned: filters.assigned,
    q: filters.q || undefined,
    sort: filters.sort,
    limit: PAGE_SIZE,
    offset: filters.offset || undefined,
  };
}

/** The page address for the filters, leaving defaults out so that tabs and links stay short. */
export function filtersHref(filters: InboxFilters, change: Partial<InboxFilters> = {}): string {
  const next = { ...filters, ...change };
  const params = new URLSearchParams();
  if (next.channel) params.set('channel', next.channel);
  if (next.status !== 'open') params.set('status', next.status);
  if (next.topic) params.set('topic', next.topic);
  if (next.language) params.set('language', next.language);
  if (next.provider) params.set('provider', next.provider);
  if (next.assigned) params.set('assigned', next.assigned);
  if (next.q) params.set('q', next.q);
  if (next.sort !== 'recent') params.set('sort', next.sort);
  if (next.offset) params.set('offset', String(next.offset));
  const query = params.toString();
  return `/console/inbox${query ? `?${query}` : ''}`;
}
