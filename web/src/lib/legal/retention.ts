import type { Lang, MessageKey, Translate } from '$lib/i18n/i18n';

/** The classes of data the privacy notice lists, in the order of its table. */
export const retentionClasses = [
  'chat',
  'email',
  'phone',
  'booking',
  'web_form',
  'popup',
  'contact_request',
  'outgoing_mail',
  'audit_log',
  'search_log',
  'practice',
  'event_registration',
] as const;
export type RetentionClass = (typeof retentionClasses)[number];

export interface RetentionRow {
  class: RetentionClass;
  days: number;
}

const isRetentionClass = (value: unknown): value is RetentionClass =>
  retentionClasses.some((code) => code === value);

/**
 * The rows of the privacy notice's retention table from GET /api/v1/retention/public, in the
 * table's order; null when the answer is not `{ classes: [{ class, days }] }` or names none of
 * the classes the page has words for (the page then says the service sets the periods).
 */
export function retentionRows(answer: unknown): RetentionRow[] | null {
  if (!answer || typeof answer !== 'object' || !('classes' in answer) || !Array.isArray(answer.classes)) {
    return null;
  }
  const rows: RetentionRow[] = [];
  for (const item of answer.classes as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const { class: code, days } = item as { class?: unknown; days?: unknown };
    if (!isRetentionClass(code) || typeof days !== 'number' || !Number.isInteger(days) || days < 0) continue;
    if (!rows.some((row) => row.class === code)) rows.push({ class: code, days });
  }
  rows.sort((a, b) => retentionClasses.indexOf(a.class) - retentionClasses.indexOf(b.class));
  return rows.length > 0 ? rows : null;
}

/** "365 päivää", "1 dag", "30 days". */
export function retentionPeriod(t: Translate, lang: Lang, days: number): string {
  return days === 1
    ? t('legal.retention_days_one')
    : t('legal.retention_days', { days: new Intl.NumberFormat(lang).format(days) });
}

export const retentionLabel = (t: Translate, code: RetentionClass) =>
  t(`legal.retention_class.${code}` as MessageKey);
