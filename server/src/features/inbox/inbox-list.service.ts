/* The all-channel inbox list: filters, search and sort over what the staff member may see. */
import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { recordAudit } from '../../access/audit.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { chatLanguages, closeTopics } from '../../conversations/vocabulary.js';
import { channels } from '../../conversations/conversation.table.js';
import { staffProfile } from '../../conversations/access.js';
import { inboxSorts, inboxStatusFilters, type InboxListItem } from './inbox.types.js';
import { countInbox, selectInboxPage, type InboxSearch } from './inbox-list.repository.js';
import { presentInboxListItem } from './inbox.presenter.js';

export const inboxListSchema = z.object({
  channel: z.enum(channels).optional().catch(undefined),
  status: z.enum(inboxStatusFilters).default('open').catch('open'),
  topic: z.enum(closeTopics).optional().catch(undefined),
  language: z.enum(chatLanguages).optional().catch(undefined),
  provider: z.uuid().optional().catch(undefined),
  assigned: z.enum(['me', 'unassigned']).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(inboxSorts).default('recent').catch('recent'),
  limit: z.coerce.number().int().min(1).max(100).default(50).catch(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0).catch(0),
});
export type InboxListFilter = z.infer<typeof inboxListSchema>;

/**
 * Words of a search as a prefix tsquery; only letters and digits pass. Longer words lose their
 * last two letters first, so that Finnish inflection still matches: `oppisopimus` finds
 * "oppisopimuksesta", `opintotuki` finds "opintotuen".
 */
export function prefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  const stem = (w: string) =>
    [...w].length <= 5 ? w : [...w].slice(0, Math.max(5, [...w].length - 2)).join('');
  return words.length ? words.map((w) => `${stem(w)}:*`).join(' & ') : null;
}

/** What a search looks for: the text as typed, message words as prefixes, and a phone number's digits. */
function searchOf(q: string): InboxSearch {
  // Numbers are stored as E.164: "040 123 4567" is looked for as "401234567".
  const digits = q.replace(/[^\d]/g, '').replace(/^0+/, '');
  return { text: q, tsquery: prefixQuery(q), digits: digits.length >= 4 ? digits : null };
}

/**
 * The unified inbox: every channel the staff member may see, filtered, searched and sorted,
 * with first-response and waiting indicators. Search covers subjects, the client's name,
 * address and number, and every message and note (full text, word prefixes).
 */
export async function listInbox(
  db: Db,
  ctx: RequestContext,
  filter: InboxListFilter,
): Promise<{ items: InboxListItem[]; total: number }> {
  const actor = authorize(ctx.actor, 'chat.handle');
  const staff = await staffProfile(db, actor);
  const query = {
    channel: filter.channel,
    status: filter.status,
    topic: filter.topic,
    language: filter.language,
    organisationId: filter.provider,
    assignedStaffId: filter.assigned === 'me' ? staff.id : undefined,
    unassigned: filter.assigned === 'unassigned',
    search: filter.q ? searchOf(filter.q) : undefined,
    sort: filter.sort,
    limit: filter.limit,
    offset: filter.offset,
  };
  const [rows, total] = await Promise.all([selectInboxPage(db, staff, query), countInbox(db, staff, query)]);
  if (filter.q) {
    await recordAudit(db, ctx, { action: 'inbox.search', details: { results: total } });
  }
  return { total, items: rows.map(presentInboxListItem) };
}
