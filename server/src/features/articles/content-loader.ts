import fs from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ARTICLE_LIMITS, contentCategories, LEGAL_CATEGORY, slugSchema } from './article-vocabulary.js';
import { legalPageOfKey } from '../../shared/urls/legal-urls.js';
import { articleLangSchema, type ArticleLang } from '../../shared/languages.js';

const dateSchema = z.union([
  z.date().transform((date) => date.toISOString().slice(0, 10)),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
]);

export const articleFileSchema = z.object({
  id: slugSchema,
  lang: articleLangSchema,
  slug: slugSchema,
  title: z.string().trim().min(1).max(ARTICLE_LIMITS.title),
  summary: z.string().trim().max(ARTICLE_LIMITS.summary),
  category: z.enum(contentCategories),
  tags: z.array(z.string().trim().min(1).max(ARTICLE_LIMITS.tag)).max(ARTICLE_LIMITS.tags).default([]),
  related: z.array(slugSchema).default([]),
  lastReviewed: dateSchema.optional(),
  status: z.enum(['draft', 'published']).default('published'),
});

export interface ArticleFile {
  key: string;
  lang: ArticleLang;
  slug: string;
  title: string;
  summary: string;
  category: (typeof contentCategories)[number];
  tags: string[];
  related: string[];
  lastReviewed: string | null;
  status: 'draft' | 'published';
  body: string;
  file: string;
}

/** Splits `---` YAML front matter from the Markdown body. */
export function splitFrontMatter(text: string): { data: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text.replace(/^\uFEFF/, ''));
  if (!match) throw new Error('missing front matter');
  return { data: parseYaml(match[1] ?? ''), body: (match[2] ?? '').trim() };
}

/**
 * Reads every article version under `content/articles/<id>/<lang>.md`, validated. Any invalid
 * file fails the whole load with the file named, so broken content never half-loads.
 */
export async function loadArticleFiles(contentDir: string): Promise<ArticleFile[]> {
  const root = path.join(contentDir, 'articles');
  const entries = await fs.readdir(root, { withFileTypes: true }).catch(() => []);
  const files: ArticleFile[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const names = (await fs.readdir(path.join(root, entry.name)))
      .filter((name) => name.endsWith('.md'))
      .sort();
    for (const name of names) {
      const file = path.join(root, entry.name, name);
      const { data, body } = splitFrontMatter(await fs.readFile(file, 'utf8'));
      const parsed = articleFileSchema.safeParse(data);
      if (!parsed.success) {
        throw new Error(
          `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      const meta = parsed.data;
      if (meta.id !== entry.name || `${meta.lang}.md` !== name) {
        throw new Error(`${file}: id and lang must match the folder and file name`);
      }
      if ((meta.category === LEGAL_CATEGORY) !== (legalPageOfKey(meta.id) !== undefined)) {
        throw new Error(`${file}: only the privacy notice and the accessibility statement are legal pages`);
      }
      if (body.length > ARTICLE_LIMITS.body)
        throw new Error(`${file}: body longer than ${ARTICLE_LIMITS.body}`);
      files.push({
        key: meta.id,
        lang: meta.lang,
        slug: meta.slug,
        title: meta.title,
        summary: meta.summary,
        category: meta.category,
        tags: meta.tags,
        related: meta.related,
        lastReviewed: meta.lastReviewed ?? null,
        status: meta.status,
        body,
        file,
      });
    }
  }
  return files;
}
