import { describe, expect, it } from 'vitest';
import { gradationVariants, normaliseQuery } from './query-normalisation.js';

describe('normaliseQuery', () => {
  it('keeps lower-case words and drops tsquery syntax and one-letter words', () => {
    expect(normaliseQuery("Oppisopimus & (palkka) | !tuki:* 'x' \\ a")).toEqual([
      'oppisopimus',
      'palkka',
      'tuki',
    ]);
  });

  it('gives nothing for empty or punctuation-only input', () => {
    expect(normaliseQuery('')).toEqual([]);
    expect(normaliseQuery("&|!:*()'\\")).toEqual([]);
  });

  it('cuts very long input to a few words', () => {
    expect(normaliseQuery('opiskelu '.repeat(200)).length).toBe(1);
    expect(normaliseQuery(Array.from({ length: 50 }, (_, i) => `sana${i}`).join(' ')).length).toBe(8);
  });

  it('keeps Finnish, Swedish, Cyrillic and Arabic letters', () => {
    expect(normaliseQuery('Työtön ÄÖÅ навчання التعليم')).toEqual(['työtön', 'äöå', 'навчання', 'التعليم']);
  });
});

describe('gradationVariants', () => {
  it('restores the k of the weak grade (tuen → tuken)', () => {
    expect(gradationVariants('tuen')).toContain('tuken');
  });

  it('swaps strong and weak consonants (opin ↔ oppin, lähden ↔ lähten)', () => {
    expect(gradationVariants('opin')).toContain('oppin');
    expect(gradationVariants('lähden')).toContain('lähten');
    expect(gradationVariants('kengän')).toContain('kenkän');
  });
});
