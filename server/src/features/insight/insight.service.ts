import { z } from 'zod';
import type { Db } from '../../db/database-types.js';
import { authorize } from '../../access/policy.js';
import type { RequestContext } from '../../access/request-context.js';
import { chatTopics, type ChatTopic } from '../../conversations/vocabulary.js';
import type { ArticleCategory } from '../articles/article-vocabulary.js';
import { selectGuideTitles } from '../reports/self-help-figures.repository.js';
import { SEARCH_LOG_RETENTION_DAYS } from '../search/search-log.js';
import {
  selectAnsweredBy,
  selectCardsSent,
  selectClosedTopics,
  selectGuidesPerCategory,
  selectHelpfulness,
  selectMostRead,
  selectOpened,
  selectSearchWeeks,
  selectTopQueries,
} from './insight.repository.js';

export const insightQuerySchema = z.object({
  /** How far back: at most the search log's retention. */
  weeks: z.coerce
    .number()
    .int()
    .min(1)
    .max(Math.floor(SEARCH_LOG_RETENTION_DAYS / 7))
    .default(4),
  lang: z.enum(['fi', 'sv', 'en']).default('fi'),
});

/** The guide categories that answer each conversation topic ('other': none in particular). */
const topicCategories: Record<ChatTopic, ArticleCategory[]> = {
  applying: ['hakeminen'],
  financing: ['rahoitus'],
  apprenticeship: ['tutkinnot', 'tyo-ja-ura'],
  recognition: ['tutkinnot'],
  immigrants: ['maahanmuuttajat'],
  special_support: ['tuki'],
  career_change: ['tyo-ja-ura'],
  other: [],
};

const LIST_LIMIT = 20;
const num = (n: string | number) => Number(n);

/**
 * What clients look for and don't find, for the editors (docs/self-help.md): searches that
 * found nothing or that nobody opened, per language and week; topics of closed conversations
 * against the guides that cover them; what was opened, what answered widget questions, which
 * guides and programmes counsellors sent as cards, which guides readers found unhelpful, and
 * which are read most (since publishing). The log holds scrubbed queries only.
 */
export async function contentInsight(db: Db, ctx: RequestContext, input: z.infer<typeof insightQuerySchema>) {
  authorize(ctx.actor, 'content.insight');
  const since = new Date(Date.now() - input.weeks * 7 * 86_400_000);
  const [weeks, empty, unopened, opened, answered, topics, guides, cards, helpfulness, read] =
    await Promise.all([
      selectSearchWeeks(db, since),
      selectTopQueries(db, since, 'empty', LIST_LIMIT),
      selectTopQueries(db, since, 'unopened', LIST_LIMIT),
      selectOpened(db, since, LIST_LIMIT),
      selectAnsweredBy(db, since, LIST_LIMIT),
      selectClosedTopics(db, since),
      selectGuidesPerCategory(db),
      selectCardsSent(db, since, LIST_LIMIT),
      selectHelpfulness(db, since, LIST_LIMIT),
      selectMostRead(db, LIST_LIMIT),
    ]);
  // Guides are named in the language asked (Finnish when that has no version); programmes by
  // the title a card carried, or their id.
  const guideKeys = [
    ...[...opened, ...answered]
      .map((r) => r.ref)
      .filter((ref) => ref.startsWith('article:'))
      .map((ref) => ref.slice('article:'.length)),
    ...helpfulness.map((h) => h.key),
    ...read.map((r) => r.key),
  ];
  const titleRows = await selectGuideTitles(db, [...new Set(guideKeys)], input.lang);
  const titles = new Map<string, string>();
  for (const row of titleRows) {
    if (row.lang === input.lang || !titles.has(`article:${row.key}`))
      titles.set(`article:${row.key}`, row.title);
  }
  for (const card of cards) if (!titles.has(card.ref)) titles.set(card.ref, card.title);
  const named = (rows: { ref: string; n: string | number }[]) =>
    rows.map((r) => ({ ref: r.ref, title: titles.get(r.ref) ?? r.ref, count: num(r.n) }));
  const perCategory = new Map(guides.map((g) => [g.category, num(g.n)]));
  const closed = new Map(topics.map((t) => [t.topic, num(t.n)]));
  return {
    since: since.toISOString(),
    weeks: weeks.map((w) => ({
      week: w.week,
      lang: w.lang,
      searches: num(w.searches),
      empty: num(w.empty),
      unopened: num(w.unopened),
    })),
    empty: empty.map((q) => ({ query: q.query, lang: q.lang, count: num(q.n) })),
    unopened: unopened.map((q) => ({ query: q.query, lang: q.lang, count: num(q.n) })),
    topics: chatTopics
      .map((topic) => ({
        topic,
        conversations: closed.get(topic) ?? 0,
        guides: topicCategories[topic].reduce((sum, c) => sum + (perCategory.get(c) ?? 0), 0),
      }))
      .filter((t) => t.conversations > 0)
      // Fewest guides for the most conversations first: where a guide is missing.
      .sort((a, b) => b.conversations / (b.guides + 1) - a.conversations / (a.guides + 1)),
    opened: named(opened),
    answered: named(answered),
    cards: named(cards),
    helpfulness: helpfulness.map((h) => ({
      ref: `article:${h.key}`,
      title: titles.get(`article:${h.key}`) ?? h.key,
      helpful: num(h.helpful),
      notHelpful: num(h.not_helpful),
    })),
    mostRead: named(read.map((r) => ({ ref: `article:${r.key}`, n: r.n }))),
  };
}
export type ContentInsight = Awaited<ReturnType<typeof contentInsight>>;
