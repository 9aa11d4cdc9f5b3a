import type { ProgrammeListItem } from '$lib/api/client';
import { translator, type Lang, type Translate } from '$lib/i18n/i18n';
import { fields } from '$server/features/catalogue/catalogue-vocabulary';

/*
 * A programme's facts in words, the same on every page that shows them. The words are the
 * catalogue's (catalogue.*); the field names come with the field codes from the server's
 * vocabulary.
 */

/** The name of a field of education (koulutusala) in the UI language; undefined for an unknown code. */
export function fieldName(code: string, lang: Lang): string | undefined {
  return (fields as Record<string, Record<Lang, string> | undefined>)[code]?.[lang];
}

/** "1 koulutus", "12 koulutusta". */
export function programmeCount(t: Translate, n: number): string {
  return n === 1 ? t('catalogue.count_one') : t('catalogue.count_other', { n });
}

/** A duration in whole years when it is one ("2 v"), otherwise in months ("18 kk"). */
export function programmeDuration(t: Translate, months: number): string {
  return months % 12 === 0
    ? t('catalogue.duration_years', { n: months / 12 })
    : t('catalogue.duration_months', { n: months });
}

const locales: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
/** 12.1.2027 in Finnish time. */
export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(new Date(iso));
}
/** 12.1.2027 klo 15.00 in Finnish time. */
export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locales[lang], {
    timeZone: 'Europe/Helsinki',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

type Listed = Pick<ProgrammeListItem, 'application' | 'onlineOnly' | 'municipalities' | 'start'>;

/** The application status line of a programme, the same on every page that shows one. */
export function applicationText(p: Listed, lang: Lang, withTime = false): string {
  const t = translator(lang);
  const when = (iso: string) => (withTime ? formatDateTime(iso, lang) : formatDate(iso, lang));
  const a = p.application;
  if (a.continuous) return t('catalogue.continuous_open');
  if (a.openNow && a.closesAt) return t('catalogue.closes_at', { date: when(a.closesAt) });
  if (a.openNow) return t('catalogue.open_now');
  if (a.opensAt) return t('catalogue.opens_at', { date: when(a.opensAt) });
  return t('catalogue.application_closed');
}

/** Where a programme can be studied. */
export function placesText(p: Listed, lang: Lang): string {
  const t = translator(lang);
  return p.onlineOnly
    ? t('catalogue.online_only')
    : p.municipalities.map((m) => m.name).join(', ') || t('catalogue.online');
}

/** When a programme starts: flexibly, or its start dates (the first only when `first`). */
export function startText(p: Listed, lang: Lang, first = false): string {
  const t = translator(lang);
  if (p.start.continuous) return t('catalogue.start_continuous');
  const dates = (first ? p.start.dates.slice(0, 1) : p.start.dates).map((d) => formatDate(d, lang));
  if (dates.length === 0) return '–';
  return first ? t('catalogue.starts_on', { date: dates[0]! }) : dates.join(', ');
}
