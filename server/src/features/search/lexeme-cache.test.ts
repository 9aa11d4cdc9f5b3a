import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/database-types.js';
import {
  cachedExpansions,
  clearLexemeCache,
  LEXEME_CACHE_MAX_ENTRIES,
  LEXEME_CACHE_TTL_MS,
  type WordToExpand,
} from './lexeme-cache.js';
import type { LexemeItem } from './search.repository.js';

const fakeDb = () => ({}) as Db;
const itemFor = (word: string): LexemeItem => ({ lexeme: word, prefix: true, item: `${word}:*` });
const loader = () =>
  vi.fn((missing: WordToExpand[]) => Promise.resolve(missing.map((w) => [itemFor(w.word)])));

describe('cachedExpansions', () => {
  it('loads only the words it has not seen, each once, and answers in the order asked', async () => {
    const db = fakeDb();
    const load = loader();
    const words = [
      { word: 'tuki', fuzzy: true },
      { word: 'opinto', fuzzy: false },
      { word: 'tuki', fuzzy: true },
    ];
    expect(await cachedExpansions(db, 'fi', words, load, 0)).toEqual([
      [itemFor('tuki')],
      [itemFor('opinto')],
      [itemFor('tuki')],
    ]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load.mock.calls[0]![0]).toEqual([
      { word: 'tuki', fuzzy: true },
      { word: 'opinto', fuzzy: false },
    ]);

    // Fuzzy and exact expansions of a word, and languages, are kept apart.
    await cachedExpansions(db, 'fi', [{ word: 'tuki', fuzzy: false }], load, 1);
    await cachedExpansions(db, 'sv', [{ word: 'tuki', fuzzy: true }], load, 2);
    await cachedExpansions(db, 'fi', words, load, 3);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('loads again after the time to live, after clearing, and for another database', async () => {
    const db = fakeDb();
    const load = loader();
    const words = [{ word: 'haku', fuzzy: true }];
    await cachedExpansions(db, 'fi', words, load, 0);
    await cachedExpansions(db, 'fi', words, load, LEXEME_CACHE_TTL_MS - 1);
    expect(load).toHaveBeenCalledTimes(1);
    await cachedExpansions(db, 'fi', words, load, LEXEME_CACHE_TTL_MS);
    expect(load).toHaveBeenCalledTimes(2);
    clearLexemeCache(db);
    await cachedExpansions(db, 'fi', words, load, LEXEME_CACHE_TTL_MS);
    expect(load).toHaveBeenCalledTimes(3);
    await cachedExpansions(fakeDb(), 'fi', words, load, LEXEME_CACHE_TTL_MS);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('drops the least recently used entries beyond its size', async () => {
    const db = fakeDb();
    const load = loader();
    const many = Array.from({ length: LEXEME_CACHE_MAX_ENTRIES }, (_, i) => ({ word: `w${i}`, fuzzy: true }));
    await cachedExpansions(db, 'fi', many, load, 0);
    // w0 is used again, so w1 is now the least recent and goes first.
    await cachedExpansions(db, 'fi', [many[0]!], load, 1);
    await cachedExpansions(db, 'fi', [{ word: 'new', fuzzy: true }], load, 2);
    expect(load).toHaveBeenCalledTimes(2);
    await cachedExpansions(db, 'fi', [many[0]!], load, 3);
    expect(load).toHaveBeenCalledTimes(2);
    await cachedExpansions(db, 'fi', [many[1]!], load, 4);
    expect(load).toHaveBeenCalledTimes(3);
  });
});
