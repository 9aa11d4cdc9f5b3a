/** Longest query text considered; anything beyond is ignored, not an error. */
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 8;

/**
 * Turns what a visitor typed into search terms: lower-case words of letters and digits.
 * Everything with a meaning in tsquery syntax (& | ! : * ( ) ' \ and the like) is dropped,
 * as are one-letter words, so any input gives a normal answer.
 */
export function normaliseQuery(query: string): string[] {
  let text = query.normalize('NFC').toLowerCase();
  if (text.length > MAX_QUERY_LENGTH) {
    // Cut at a word boundary: half a word would search for something nobody typed.
    const cut = text.slice(0, MAX_QUERY_LENGTH);
    const lastSpace = cut.search(/\s\S*$/);
    text = lastSpace > 0 ? cut.slice(0, lastSpace) : cut;
  }
  const words = text.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').split(' ');
  const unique: string[] = [];
  for (const word of words) {
    if (word.length < 2 || unique.includes(word)) continue;
    unique.push(word);
    if (unique.length === MAX_TERMS) break;
  }
  return unique;
}

// Finnish consonant gradation: the stem alternates between a strong and a weak grade
// (tuki / tuen, oppia / opin, lähteä / lähden, kenkä / kengän). Snowball stems the two grades
// differently, so a query in one grade must also be tried in the other.
const gradationPairs: [strong: string, weak: string][] = [
  ['kk', 'k'],
  ['pp', 'p'],
  ['tt', 't'],
  ['nk', 'ng'],
  ['mp', 'mm'],
  ['lt', 'll'],
  ['nt', 'nn'],
  ['rt', 'rr'],
  ['lk', 'lj'],
  ['rk', 'rj'],
  ['ht', 'hd'],
  ['t', 'd'],
  ['p', 'v'],
];
const vowels = 'aeiouyäö';

/**
 * Other grades of a Finnish word: each strong consonant swapped for its weak partner and back,
 * and a k restored between two vowels (tuen → tuken, haen → haken). Only the last consonant
 * cluster of the first syllables alternates, so variants are few.
 */
export function gradationVariants(word: string): string[] {
  const variants = new Set<string>();
  for (const [strong, weak] of gradationPairs) {
    for (const [from, to] of [
      [strong, weak],
      [weak, strong],
    ] as const) {
      let index = word.indexOf(from, 1);
      while (index > 0) {
        const before = word[index - 1] ?? '';
        const after = word[index + from.length] ?? '';
        // Gradation happens between a vowel (or l/r/h/n/m) and a vowel.
        if (vowels.includes(after) && (vowels.includes(before) || 'lrhnm'.includes(before))) {
          variants.add(word.slice(0, index) + to + word.slice(index + from.length));
        }
        index = word.indexOf(from, index + 1);
      }
    }
  }
  // The k that disappears in the weak grade (tuki → tuen, lukea → luen, hakea → haen).
  for (let index = 1; index < word.length - 1; index++) {
    const before = word[index - 1] ?? '';
    const after = word[index] ?? '';
    if (vowels.includes(before) && vowels.includes(after) && before !== after) {
      variants.add(word.slice(0, index) + 'k' + word.slice(index));
    }
  }
  variants.delete(word);
  return [...variants].slice(0, 12);
}
