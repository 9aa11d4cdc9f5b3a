import type { Db } from '../../db/database-types.js';
import { entryPoints } from '../../conversations/vocabulary.js';
import { num, type NamedCount } from './contact-figures.service.js';
import type { Scope } from './report-scope.js';
import {
  selectCardsByStaff,
  selectChatsAfterGuide,
  selectGuideTitles,
  selectOutcomesByEntry,
} from './self-help-figures.repository.js';

/** How many guides the "chats started on a guide" table lists. */
export const TOP_GUIDES = 20;

export interface SelfHelpEntry {
  /** front, guide, catalogue, search, other, external (a member's site), or `all`. */
  entry: string;
  /** Widget questions the suggestions answered, without a chat. */
  answered: number;
  /** Widget questions that went on to a chat. */
  chat: number;
  /** answered / (answered + chat); null when there were none. */
  share: number | null;
}

export interface SelfHelpFigures {
  /** Service-wide, like article helpfulness: the outcomes name no provider. Last row: `all`. */
  byEntry: SelfHelpEntry[];
  /** Contacts started on a guide's page, per guide (Finnish title), most first. */
  chatsAfterGuide: { key: string; title: string; count: number }[];
  /** Guides and programmes sent as cards, per provider of the counsellor who sent them. */
  cardsByProvider: NamedCount[];
  /** Per counsellor: admins (everyone) and provider admins (their own staff) only. */
  cardsByStaff: NamedCount[] | null;
}

const share = (answered: number, chat: number) =>
  answered + chat === 0 ? null : Math.round((answered / (answered + chat)) * 1000) / 1000;

function byEntry(rows: { entry: string; outcome: string; n: string | number }[]): SelfHelpEntry[] {
  const entries = new Map<string, { answered: number; chat: number }>(
    entryPoints.map((e) => [e, { answered: 0, chat: 0 }]),
  );
  for (const row of rows) {
    const counts = entries.get(row.entry) ?? { answered: 0, chat: 0 };
    if (row.outcome === 'answered') counts.answered += num(row.n);
    else counts.chat += num(row.n);
    entries.set(row.entry, counts);
  }
  const list = [...entries].map(([entry, c]) => ({ entry, ...c, share: share(c.answered, c.chat) }));
  const answered = list.reduce((sum, e) => sum + e.answered, 0);
  const chat = list.reduce((sum, e) => sum + e.chat, 0);
  return [...list, { entry: 'all', answered, chat, share: share(answered, chat) }];
}

/**
 * What self-help did in a period: the share of widget questions answered without a chat per
 * entry point, contacts started on each guide, and the cards counsellors sent. Contacts and cards
 * keep the report's scope (a provider's own; per counsellor for admins and their own staff for
 * provider admins).
 */
export async function selfHelpFigures(
  db: Db,
  scope: Scope,
  query: { from: string; to: string; staff?: string | undefined },
  names: {
    providers: (ids: string[]) => Promise<Map<string, string>>;
    staff: (ids: string[]) => Promise<Map<string, string>>;
  },
): Promise<SelfHelpFigures> {
  const filter = { from: query.from, to: query.to, provider: scope.provider, staff: query.staff };
  const [outcomes, guides, cards] = await Promise.all([
    selectOutcomesByEntry(db, query.from, query.to),
    selectChatsAfterGuide(db, filter, TOP_GUIDES),
    selectCardsByStaff(db, filter),
  ]);
  const titles = new Map<string, string>();
  for (const row of await selectGuideTitles(
    db,
    guides.map((g) => g.key),
    'fi',
  )) {
    titles.set(row.key, row.title);
  }
  const perProvider = new Map<string, number>();
  for (const row of cards) {
    const key = row.organisation_id ?? 'none';
    perProvider.set(key, (perProvider.get(key) ?? 0) + num(row.n));
  }
  const [providerNames, staffNames] = await Promise.all([
    names.providers([...perProvider.keys()]),
    scope.staffBreakdown
      ? names.staff(cards.map((c) => c.staff_id))
      : Promise.resolve(new Map<string, string>()),
  ]);
  // The scope already limits the cards to the provider's own counsellors for a provider admin.
  const cardsByStaff: NamedCount[] | null = scope.staffBreakdown
    ? cards
        .map((c) => ({ key: c.staff_id, name: staffNames.get(c.staff_id) ?? '', count: num(c.n) }))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    : null;
  return {
    byEntry: byEntry(outcomes),
    chatsAfterGuide: guides.map((g) => ({ key: g.key, title: titles.get(g.key) ?? g.key, count: num(g.n) })),
    cardsByProvider: [...perProvider]
      .map(([key, count]) => ({ key, name: providerNames.get(key) ?? '', count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    cardsByStaff,
  };
}
