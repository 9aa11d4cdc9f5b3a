import type { Db } from '../../db/database-types.js';
import { guideSegment, searchSegment, type UiLang } from '../../shared/urls/article-urls.js';
import { catalogueSegment, finderSegment } from '../../shared/urls/catalogue-urls.js';
import { httpOrigin } from '../../http/service-origin.js';
import type { EntryPoint } from '../../conversations/vocabulary.js';
import { NON_GUIDE_CATEGORIES } from '../articles/article-vocabulary.js';

export interface Entry {
  entry: EntryPoint;
  /** The guide whose page it was, when it was a guide's page. */
  guideKey: string | null;
}

const uiLangs: UiLang[] = ['fi', 'sv', 'en'];

/**
 * The kind of page a visitor asked from: the service's front page, a guide, the catalogue or
 * finder, search, another page of the service, or a member's own site ('external'). Only the
 * kind and a guide's key are kept, never the address itself.
 */
export async function entryOf(
  db: Db,
  sourcePage: string | null | undefined,
  serviceOrigin: string | undefined,
): Promise<Entry> {
  const none: Entry = { entry: 'other', guideKey: null };
  if (!sourcePage) return none;
  let url: URL;
  try {
    url = new URL(sourcePage);
  } catch {
    return none;
  }
  if (httpOrigin(url.href) === undefined) return none;
  if (serviceOrigin && url.origin !== serviceOrigin) return { entry: 'external', guideKey: null };
  const [lang, section, slug] = url.pathname.split('/').filter(Boolean).map(decodeSegment);
  if (!lang || !uiLangs.includes(lang as UiLang)) return none;
  const ui = lang as UiLang;
  if (!section) return { entry: 'front', guideKey: null };
  const plain = ui === 'fi' && section === 'selko';
  if (section === guideSegment[ui] || plain) {
    return { entry: 'guide', guideKey: slug ? await guideKeyOf(db, ui, plain, slug) : null };
  }
  if (section === catalogueSegment[ui] || section === finderSegment[ui])
    return { entry: 'catalogue', guideKey: null };
  if (section === searchSegment[ui]) return { entry: 'search', guideKey: null };
  return none;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment).slice(0, 200);
  } catch {
    return '';
  }
}

async function guideKeyOf(db: Db, ui: UiLang, plain: boolean, slug: string): Promise<string | null> {
  let query = db
    .selectFrom('article_versions')
    .innerJoin('articles', 'articles.id', 'article_versions.article_id')
    .select('articles.key')
    .where('article_versions.slug', '=', slug)
    .where('article_versions.status', '=', 'published')
    .where('articles.category', 'not in', NON_GUIDE_CATEGORIES);
  // Articles in languages without a UI of their own live under the English guide.
  if (plain) query = query.where('article_versions.lang', '=', 'fi-selko');
  else if (ui === 'en') query = query.where('article_versions.lang', 'not in', ['fi', 'fi-selko', 'sv']);
  else query = query.where('article_versions.lang', '=', ui);
  const row = await query.limit(1).executeTakeFirst();
  return row?.key ?? null;
}
