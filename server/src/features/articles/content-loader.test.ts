import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticleFiles, splitFrontMatter } from './content-loader.js';

const contentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../content');

describe('the article content', () => {
  it('loads, and covers the required languages', async () => {
    const files = await loadArticleFiles(contentDir);
    const count = (lang: string) => files.filter((f) => f.lang === lang).length;
    expect(count('fi')).toBeGreaterThanOrEqual(30);
    expect(count('sv')).toBeGreaterThanOrEqual(12);
    expect(count('en')).toBeGreaterThanOrEqual(12);
    expect(count('fi-selko')).toBeGreaterThanOrEqual(10);
    for (const lang of ['uk', 'ru', 'ar']) expect(count(lang)).toBeGreaterThanOrEqual(5);
    const keys = new Set(files.map((f) => f.key));
    for (const file of files) {
      for (const related of file.related)
        expect(keys, `${file.file} relates to ${related}`).toContain(related);
    }
    // Slugs are unique within a language: they are the page addresses.
    const slugs = files.map((f) => `${f.lang}/${f.slug}`);
    expect(new Set(slugs).size).toBe(slugs.length);
    // The statutory pages in the UI languages; no guide relates to them.
    for (const key of ['privacy-notice', 'accessibility-statement']) {
      const own = files.filter((f) => f.key === key);
      expect(own.map((f) => `${f.lang}:${f.category}`).sort()).toEqual(['en:legal', 'fi:legal', 'sv:legal']);
      expect(files.filter((f) => f.related.includes(key))).toEqual([]);
    }
  });
});

describe('splitFrontMatter', () => {
  it('separates YAML from the body', () => {
    expect(splitFrontMatter('---\ntitle: Hei\ntags: [a, b]\n---\n\nTeksti')).toEqual({
      data: { title: 'Hei', tags: ['a', 'b'] },
      body: 'Teksti',
    });
  });

  it('refuses a file without front matter', () => {
    expect(() => splitFrontMatter('Pelkkä teksti')).toThrow('missing front matter');
  });
});
