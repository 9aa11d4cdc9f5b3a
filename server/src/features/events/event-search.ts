import type { Db } from '../../db/database-types.js';
import { municipalities } from '../../shared/municipalities.js';
import { placeLine } from './event.presenter.js';
import { normaliseQuery } from '../../shared/search/query-normalisation.js';
import { expandTerms } from '../../shared/search/terms.js';
import { escapeHtml } from '../../shared/html.js';
import type { ArticleLang } from '../../shared/languages.js';
import { searchEventText, selectEvents } from './event.repository.js';
import { eventUrl } from '../../shared/urls/event-urls.js';

const locales = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

function when(start: Date, end: Date, lang: 'fi' | 'sv' | 'en'): string {
  const day = new Intl.DateTimeFormat(locales[lang], {
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    timeZone: 'Europe/Helsinki',
  }).format(start);
  const time = new Intl.DateTimeFormat(locales[lang], {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/Helsinki',
  });
  return `${day} ${time.format(start)}–${time.format(end)}`;
}

/** Upcoming published pop-up events for the site search (`types=event`). */
export async function searchEvents(db: Db, lang: ArticleLang, q: string, limit: number) {
  const uiLang = lang === 'sv' || lang === 'en' ? lang : 'fi';
  const words = normaliseQuery(q);
  if (words.length === 0) return [];
  const terms = expandTerms(lang, words).map(({ position, word }) => ({ position, word }));
  const hits = await searchEventText(db, {
    lang: uiLang,
    terms,
    // Both names of a bilingual municipality match (Oulu, Uleåborg).
    municipalities: municipalities.map((m) => ({
      code: m.code,
      name: m.sv === m.fi ? m.fi : `${m.fi} ${m.sv}`,
    })),
    now: new Date(),
    limit,
  });
  if (hits.length === 0) return [];
  const rows = await selectEvents(db, { ids: hits.map((hit) => hit.id), statuses: ['published'] });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return hits.flatMap((hit) => {
    const row = byId.get(hit.id);
    if (!row) return [];
    const place = placeLine(row, uiLang);
    return [
      {
        type: 'event' as const,
        id: row.id,
        title: row.title,
        url: eventUrl(uiLang, row.id),
        snippet: escapeHtml(
          `${when(row.starts_at, row.ends_at, uiLang)} · ${place} – ${row.description}`.slice(0, 300),
        ),
        score: Math.round(hit.rank * 10_000) / 10_000,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        place,
      },
    ];
  });
}
