import type { Db } from '../../db/database-types.js';
import type { LexemeItem } from './search.repository.js';

/**
 * How long an expansion of a query word is reused. The vocabulary only grows when articles are
 * published, possibly on another node, so a cached expansion may miss the newest words (for
 * typos and compound parts; the word's own stem is always searched) for at most this long.
 */
export const LEXEME_CACHE_TTL_MS = 60_000;
export const LEXEME_CACHE_MAX_ENTRIES = 5_000;

interface Entry {
  items: LexemeItem[];
  expires: number;
}

// One cache per database handle, so that two databases in one process never share entries.
const caches = new WeakMap<Db, Map<string, Entry>>();

export interface WordToExpand {
  word: string;
  fuzzy: boolean;
}

const keyOf = (lang: string, { word, fuzzy }: WordToExpand) => `${lang}\u0000${fuzzy ? 1 : 0}\u0000${word}`;

/**
 * The expansion of each word, from the cache where fresh and otherwise from `load`, which gets
 * only the missing words (each once) and returns their expansions in the same order.
 * Least recently used entries are dropped first.
 */
export async function cachedExpansions(
  db: Db,
  lang: string,
  words: WordToExpand[],
  load: (missing: WordToExpand[]) => Promise<LexemeItem[][]>,
  now: number = Date.now(),
): Promise<LexemeItem[][]> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const found = new Map<string, LexemeItem[]>();
  const missing = new Map<string, WordToExpand>();
  for (const word of words) {
    const key = keyOf(lang, word);
    const entry = cache.get(key);
    if (entry && entry.expires > now) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      cache.delete(key);
      cache.set(key, entry);
      found.set(key, entry.items);
    } else if (!found.has(key)) {
      missing.set(key, word);
    }
  }
  if (missing.size > 0) {
    const loaded = await load([...missing.values()]);
    [...missing.keys()].forEach((key, i) => {
      const items = loaded[i] ?? [];
      found.set(key, items);
      cache.delete(key);
      cache.set(key, { items, expires: now + LEXEME_CACHE_TTL_MS });
    });
    for (const key of cache.keys()) {
      if (cache.size <= LEXEME_CACHE_MAX_ENTRIES) break;
      cache.delete(key);
    }
  }
  return words.map((word) => found.get(keyOf(lang, word)) ?? []);
}

/** Forgets every cached expansion for a database (tests, or after a bulk change). */
export function clearLexemeCache(db: Db): void {
  caches.delete(db);
}
