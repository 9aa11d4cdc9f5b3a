import { en } from './messages/en';
import { fi, type MessageKey } from './messages/fi';
import { sv } from './messages/sv';

export const langs = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof langs)[number];
export type { MessageKey };

const catalogues: Record<Lang, Record<MessageKey, string>> = { fi, sv, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (langs as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A translator for one language: `t('front.title')`, with `{name}` placeholders filled from params. */
export function translator(lang: Lang): Translate {
  const messages = catalogues[lang];
  return (key, params) => {
    const text = messages[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

/**
 * The catalogue's label for a code shown to people (a topic, an outcome, a programme type):
 * `<prefix>.<code>`, or the code itself when the catalogue has no such label.
 */
export function codeLabel(t: Translate, prefix: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `${prefix}.${code}`;
  return key in fi ? t(key as MessageKey) : code;
}

/** The translation of an API error code, or the generic message for codes the UI does not know. */
export function errorMessage(t: Translate, code: string | undefined): string {
  const key = `error.${code ?? 'generic'}`;
  return key in fi ? t(key as MessageKey) : t('error.generic');
}

/** Picks the best UI language from an Accept-Language header; Finnish when nothing matches. */
export function negotiateLang(acceptLanguage: string | null): Lang {
  if (!acceptLanguage) return 'fi';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.base && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.base).find(isLang) ?? 'fi';
}

/** The name of a language in the UI language, e.g. "arabia" for `ar` in Finnish. */
export function languageName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A date and time in Helsinki time, formatted for the UI language. */
export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}

/** A time of day in Helsinki, for message lines. */
export function formatTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}
