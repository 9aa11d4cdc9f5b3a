import type { RecordedMessage } from '../../conversations/record-history.js';
import type { EntryPoint } from '../../conversations/vocabulary.js';
import { articleUrl } from '../../shared/urls/article-urls.js';
import type { Random } from './demo-random.js';
import { instantAt, weekdayOf, writingMinute } from './demo-year-calendar.js';
import type { PlannedContact } from './demo-year-meetings.js';

/*
 * Self-help in the demo year: widget questions that the suggestions answered or that went on to
 * a chat, chats started beside a guide, and guides counsellors sent as cards. Drawn from a random
 * stream of its own, so the rest of the year stays as it was.
 */

/** A published guide in one language, as a card shows it. */
export interface DemoGuide {
  key: string;
  lang: string;
  slug: string;
  title: string;
  summary: string;
}

export interface DemoSelfHelpOutcome {
  createdAt: Date;
  lang: string;
  entry: EntryPoint;
  guideKey: string | null;
  outcome: 'answered' | 'chat';
  answeredBy: string | null;
}

/** Where widget questions are asked from, and how often the suggestions answer them there. */
const entries: readonly (readonly [EntryPoint, number, number])[] = [
  ['front', 0.3, 0.22],
  ['guide', 0.35, 0.41],
  ['catalogue', 0.15, 0.28],
  ['search', 0.05, 0.35],
  ['other', 0.05, 0.2],
  ['external', 0.1, 0.25],
];
/** Widget questions on an ordinary weekday. */
const QUESTIONS_PER_DAY = 6;
/** The share of answers in chat and mail that carry a guide as a card. */
const CARD_SHARE = 0.18;

const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 200 ? flat : `${flat.slice(0, 199).trimEnd()}…`;
};

/** Guides read most first: the first keys of the list are picked far more often. */
function pickGuide(rng: Random, keys: string[]): string {
  return keys[Math.min(Math.floor(rng.next() ** 2 * keys.length), keys.length - 1)]!;
}

/** The widget questions of the year's days and what became of them. */
export function planSelfHelpOutcomes(
  rng: Random,
  days: string[],
  busyOf: (day: string) => number,
  now: Date,
  guideKeys: string[],
): DemoSelfHelpOutcome[] {
  if (guideKeys.length === 0) return [];
  const out: DemoSelfHelpOutcome[] = [];
  for (const day of days) {
    const weekend = weekdayOf(day) > 5;
    for (let i = rng.around(QUESTIONS_PER_DAY * busyOf(day) * (weekend ? 0.4 : 1)); i > 0; i--) {
      const [entry, , answeredShare] = rng.weighted(entries.map((e) => [e, e[1]] as const));
      const createdAt = instantAt(day, writingMinute(rng), rng.int(0, 59));
      if (createdAt >= now) continue;
      const guideKey = entry === 'guide' ? pickGuide(rng, guideKeys) : null;
      const answered = rng.chance(answeredShare);
      out.push({
        createdAt,
        lang: rng.weighted([
          ['fi', 0.85],
          ['sv', 0.08],
          ['en', 0.07],
        ] as const),
        entry,
        guideKey,
        outcome: answered ? 'answered' : 'chat',
        answeredBy: answered ? `article:${guideKey ?? pickGuide(rng, guideKeys)}` : null,
      });
    }
  }
  return out;
}

/**
 * Chats started on a guide's page get that guide as their entry (a third of them beside another
 * guide than the one the plan named), and some counsellor answers in chat and mail carry a guide
 * as a card in the client's language (Finnish where the guide has none).
 */
export function addSelfHelpToContacts(rng: Random, contacts: PlannedContact[], guides: DemoGuide[]): void {
  const keys = [...new Set(guides.map((g) => g.key))];
  if (keys.length === 0) return;
  const guide = (key: string, lang: string) =>
    guides.find((g) => g.key === key && g.lang === lang) ??
    guides.find((g) => g.key === key && g.lang === 'fi');
  for (const contact of contacts) {
    if (contact.channel === 'chat' && contact.sourcePage) {
      const [, lang, section] = contact.sourcePage.split('/');
      if (!section) contact.entry = { entry: 'front', guideKey: null };
      else if (section === 'koulutukset') contact.entry = { entry: 'catalogue', guideKey: null };
      else if (section === 'ohjeet') {
        const named = guides.find((g) => g.lang === lang && contact.sourcePage?.endsWith(`/${g.slug}`));
        const key = rng.chance(0.33) || !named ? pickGuide(rng, keys) : named.key;
        const page = guide(key, 'fi');
        if (page) contact.sourcePage = articleUrl('fi', page.slug);
        contact.entry = { entry: 'guide', guideKey: key };
      }
    }
    if (contact.channel !== 'chat' && contact.channel !== 'email' && contact.channel !== 'web_form') continue;
    const answer = contact.messages.find((m) => m.kind === 'message' && m.authorType === 'staff');
    if (!answer || !rng.chance(CARD_SHARE)) continue;
    const card = guide(pickGuide(rng, keys), contact.language ?? 'fi');
    if (card) attachCard(answer, card);
  }
}

function attachCard(message: RecordedMessage, g: DemoGuide): void {
  message.details = {
    ...(typeof message.details === 'object' && message.details ? message.details : {}),
    card: {
      type: 'article',
      id: g.key,
      title: g.title,
      summary: oneLine(g.summary),
      url: articleUrl(g.lang, g.slug),
    },
  };
}
