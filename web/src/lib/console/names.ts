import type { Lang } from '$lib/i18n/i18n';

/** A name kept per language, as providers' are; only the Finnish one is required. */
export interface LocalisedName {
  fi: string;
  sv?: string | null;
  en?: string | null;
}

/** The name in the console's language, or the Finnish one when that language has none. */
export function localisedName(name: LocalisedName, lang: Lang): string {
  return name[lang] || name.fi;
}

/**
 * A provider's name in the console's language. Conversation, staff and report rows carry the
 * provider's id and its Finnish name; `names` (the console layout's `providerNames`) holds every
 * provider the person may see, named in the console's language. A provider missing from it (an
 * inactive one, for a counsellor) keeps the name its row carries.
 */
export function providerName(
  names: Record<string, string>,
  id: string | null | undefined,
  fallback: string | null | undefined,
): string | null {
  return (id ? names[id] : undefined) ?? fallback ?? null;
}

/** Items in the alphabetical order of their names in the console's language. */
export function sortByName<T>(items: readonly T[], nameOf: (item: T) => string, lang: Lang): T[] {
  const collator = new Intl.Collator(lang);
  return [...items].sort((a, b) => collator.compare(nameOf(a), nameOf(b)));
}
