/** Reading konfo-backend JSON leniently: objects, lists, strings, code URIs and HTML texts. */
import type { LocalText } from '../catalogue-vocabulary.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
export const asArray = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;

/** `kunta_564#2` → `kunta_564`. */
export const withoutVersion = (uri: string) => uri.replace(/#\d+$/, '');

/** Codes given either as `…KoodiUrit: ["x#1"]`, `…KoodiUri: "x"` or enriched `[{ koodiUri, nimi }]`. */
export function codeUris(container: Obj, name: string): string[] {
  const raw = [
    ...asArray(container[`${name}KoodiUrit`]),
    ...asArray(container[`${name}KoodiUri`]),
    ...asArray(container[name]),
  ];
  const uris = raw
    .map((item) => (typeof item === 'string' ? item : isObj(item) ? str(item.koodiUri) : undefined))
    .filter((uri): uri is string => !!uri)
    .map(withoutVersion);
  return [...new Set(uris)];
}

const HTML_BLOCK = /<\/(p|li|h\d|div)>|<br\s*\/?>/gi;
/** Opintopolku descriptions are HTML: keep the text, paragraphs separated by blank lines. */
export function htmlToText(html: string): string {
  return html
    .replace(HTML_BLOCK, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

/** A `{ fi, sv, en }` text object, each language kept when it has text (transformed). */
export function readLocalText(value: unknown, transform: (s: string) => string = (s) => s): LocalText {
  const out: LocalText = {};
  const o = asObj(value);
  for (const lang of ['fi', 'sv', 'en'] as const) {
    const text = str(o[lang]);
    if (text) out[lang] = transform(text);
  }
  return out;
}

export const firstParagraph = (text: LocalText): LocalText => {
  const out: LocalText = {};
  for (const [lang, value] of Object.entries(text) as [keyof LocalText, string][]) {
    out[lang] = value.split(/\n\n/)[0];
  }
  return out;
};
