/** Report days are Helsinki calendar days (as the API counts them). */
const helsinkiDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Helsinki as YYYY-MM-DD. */
export function today(now = new Date()): string {
  return helsinkiDay.format(now);
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

export type PresetName = 'this_month' | 'last_month' | 'this_year' | 'last_12_months';

/** The quick choices of the period picker, relative to a Helsinki day. */
export function presets(day: string): Record<PresetName, { from: string; to: string }> {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return {
    this_month: { from: iso(y, m, 1), to: day },
    last_month: { from: iso(y, m - 1, 1), to: iso(y, m, 0) },
    this_year: { from: iso(y, 1, 1), to: day },
    last_12_months: { from: iso(y - 1, m, d + 1), to: day },
  };
}

/** The report's filter fields, in the order the form shows them. */
export const filterKeys = [
  'provider',
  'channel',
  'topic',
  'language',
  'staff',
  'ageBand',
  'situation',
] as const;
export type FilterKey = (typeof filterKeys)[number];

/** The period and the non-empty filters of a page URL, as the API takes them. */
export function reportParams(url: URL, keys: readonly string[] = filterKeys): URLSearchParams {
  const params = new URLSearchParams();
  const day = today();
  params.set('from', url.searchParams.get('from') || presets(day).this_month.from);
  params.set('to', url.searchParams.get('to') || day);
  for (const key of keys) {
    const value = url.searchParams.get(key);
    if (value) params.set(key, value);
  }
  return params;
}

/** A link to the same report for another period, the filters kept. */
export function withPeriod(params: Record<string, string>, period: { from: string; to: string }): string {
  const query = new URLSearchParams(params);
  query.set('from', period.from);
  query.set('to', period.to);
  return `?${query}`;
}

/** Only the period of a report query string (for the other report view). */
export function periodOnly(query: string): string {
  const params = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const key of ['from', 'to']) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  return kept.toString();
}
