/** The front page's sections made from what the other features' services return. */
import type { InboxItem } from '../../conversations/staff-view.js';
import type { EditorArticleListItem } from '../articles/article-editor.schema.js';
import type { StaffEventView } from '../events/event.schema.js';
import type { InboxListItem } from '../inbox/inbox.types.js';
import type { Report } from '../reports/report.service.js';
import { HOME_LIST_LIMIT, type HomeContact, type Today } from './console-home.schema.js';

type Section<K extends keyof Today> = NonNullable<Today[K]>;

const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null || a < b ? a : b);

/** Queued chats by language and topic, the longest waiting group first. */
export function presentQueue(items: InboxItem[]): Section<'queue'> {
  const groups = new Map<string, Section<'queue'>['groups'][number]>();
  let oldest: string | null = null;
  for (const item of items) {
    const key = `${item.language ?? ''}|${item.topic ?? ''}`;
    const group = groups.get(key) ?? {
      language: item.language,
      topic: item.topic,
      count: 0,
      oldestQueuedAt: null,
    };
    group.count += 1;
    group.oldestQueuedAt = earlier(group.oldestQueuedAt, item.queuedAt);
    groups.set(key, group);
    oldest = earlier(oldest, item.queuedAt);
  }
  return {
    total: items.length,
    recommended: items.filter((item) => item.recommended).length,
    oldestQueuedAt: oldest,
    groups: [...groups.values()].sort(
      (a, b) =>
        (a.oldestQueuedAt ?? '').localeCompare(b.oldestQueuedAt ?? '') ||
        b.count - a.count ||
        `${a.language}${a.topic}`.localeCompare(`${b.language}${b.topic}`),
    ),
  };
}

/** A conversation of the inbox as a line of the page: no messages, no addresses or numbers. */
export function presentContact(item: InboxListItem, staffId: string): HomeContact {
  return {
    id: item.id,
    channel: item.channel,
    status: item.status,
    topic: item.topic,
    language: item.language,
    subject: item.subject,
    clientName: item.clientName,
    assignedToMe: item.assignedStaffId === staffId,
    createdAt: item.createdAt,
    waitingSince: item.waitingSince,
    dueAt: item.dueAt,
  };
}

/** One list of the page from one page of the inbox. */
export function presentContactList(
  page: { items: InboxListItem[]; total: number },
  staffId: string,
): Section<'mine'> {
  return {
    total: page.total,
    more: page.total > HOME_LIST_LIMIT,
    items: page.items.slice(0, HOME_LIST_LIMIT).map((item) => presentContact(item, staffId)),
  };
}

/**
 * Call-back requests due by `until` from pages of the inbox sorted by when they are due (phone
 * bookings, which have a due time too, are left out). A page that is full of due ones may have
 * more behind it, so its count is a lower bound then.
 */
export function presentCallbacks(
  pages: { items: InboxListItem[]; limit: number }[],
  until: Date,
  staffId: string,
): Section<'callbacks'> {
  const isDue = (item: InboxListItem) =>
    item.callback !== null && item.dueAt !== null && Date.parse(item.dueAt) < until.getTime();
  const due = pages.flatMap((page) => page.items.filter(isDue));
  const more = pages.some((page) => {
    const last = page.items.at(-1);
    return page.items.length === page.limit && last !== undefined && isDue(last);
  });
  due.sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.id.localeCompare(b.id));
  return {
    total: due.length,
    more,
    items: due.slice(0, HOME_LIST_LIMIT).map((item) => presentContact(item, staffId)),
  };
}

/** Unassigned emails and web-form contacts, oldest first, from one inbox page per channel. */
export function presentWaiting(
  pages: { items: InboxListItem[]; total: number }[],
  staffId: string,
): Section<'waiting'> {
  const total = pages.reduce((sum, page) => sum + page.total, 0);
  const items = pages
    .flatMap((page) => page.items)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .slice(0, HOME_LIST_LIMIT);
  return { total, more: total > items.length, items: items.map((item) => presentContact(item, staffId)) };
}

/** The day's figures from a one-day report. */
export function presentFigures(report: Report): Section<'figures'> {
  const chat = report.firstResponse.find((timing) => timing.channel === 'chat');
  return {
    provider: report.scope.provider,
    contacts: report.totals.contacts,
    byChannel: report.byChannel,
    chatsAnswered: chat?.count ?? 0,
    chatsAbandoned: report.abandoned.abandoned,
    chatWaitMedianSeconds: chat?.p50 ?? null,
    feedbackMean: report.satisfaction.mean,
  };
}

/** Today's events with their place and provider named in the page's language. */
export function presentEvents(
  events: StaffEventView[],
  names: { municipality(code: string): string; organisation(id: string, fallback: string): string },
  staffId: string,
): Section<'events'> {
  return {
    items: events.map((event) => ({
      id: event.id,
      title: event.title,
      place: event.place,
      municipality: event.municipality ? names.municipality(event.municipality.code) : '',
      format: event.format,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      status: event.status,
      organisationId: event.organisationId,
      organisationName: names.organisation(event.organisationId, event.organisation.name),
      staffedByMe: event.staff.some((person) => person.id === staffId),
    })),
  };
}

/** Guides with something to do, those with the most to do first. */
export function presentGuides(articles: EditorArticleListItem[]): Section<'guides'> {
  const wanted = ['fi', 'sv', 'en'];
  const rows = articles
    .map((article) => ({
      key: article.key,
      title: article.title,
      outdatedLangs: article.versions.filter((v) => v.isOutdated).map((v) => v.lang),
      draftLangs: article.versions.filter((v) => v.status === 'draft').map((v) => v.lang),
      missingLangs: article.missingLangs.filter((lang) => wanted.includes(lang)),
    }))
    .filter((row) => row.outdatedLangs.length + row.draftLangs.length + row.missingLangs.length > 0);
  const work = (row: (typeof rows)[number]) =>
    row.outdatedLangs.length + row.draftLangs.length + row.missingLangs.length;
  rows.sort((a, b) => work(b) - work(a) || a.title.localeCompare(b.title, 'fi'));
  const sum = (field: 'outdatedLangs' | 'draftLangs' | 'missingLangs') =>
    rows.reduce((total, row) => total + row[field].length, 0);
  return {
    total: rows.length,
    outdated: sum('outdatedLangs'),
    drafts: sum('draftLangs'),
    missing: sum('missingLangs'),
    items: rows.slice(0, HOME_LIST_LIMIT),
  };
}
