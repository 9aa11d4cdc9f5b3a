import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { articleUrl } from '$server/shared/urls/article-urls';
import { createApi, type ArticlePageView } from '$lib/api/client';
import { errorMessage, translator, type Lang } from '$lib/i18n/i18n';

/**
 * Loads a published article for its page. The English guide also shows the languages that
 * have no UI of their own (Ukrainian, Russian, Arabic …), so their slugs are tried there too.
 */
export async function loadArticle(fetch: typeof globalThis.fetch, langs: string[], slug: string) {
  const api = createApi(fetch);
  for (const lang of langs) {
    const result = await api.article(lang, slug);
    if (result.ok) return pageData(result.data);
    if (result.status !== 404 && result.status !== 400) error(503, { message: result.error.message });
  }
  error(404, { message: 'Not found' });
}

function hreflangOf(lang: string): string {
  return lang === 'fi-selko' ? 'fi-x-selko' : lang;
}

function pageData(article: ArticlePageView) {
  const self = { lang: article.lang, url: articleUrl(article.lang, article.slug) };
  return {
    article,
    // The plain-Finnish switch belongs to the Finnish page only.
    plain: article.lang === 'fi' ? (article.translations.find((t) => t.lang === 'fi-selko') ?? null) : null,
    standard:
      article.lang === 'fi-selko' ? (article.translations.find((t) => t.lang === 'fi') ?? null) : null,
    alternates: [self, ...article.translations].map((v) => ({ hreflang: hreflangOf(v.lang), href: v.url })),
  };
}

/**
 * The "was this helpful?" form: a plain POST, so it works without JavaScript. The form names
 * the article's language, one of those this page may show; the API checks that the article
 * exists, so the action needs no lookup of its own (and counts no extra page view).
 */
export async function sendFeedback(event: RequestEvent, langs: string[], slug: string) {
  const t = translator(event.locals.lang as Lang);
  const form = await event.request.formData();
  const named = form.get('articleLang');
  const lang = typeof named === 'string' && langs.includes(named) ? named : langs[0]!;
  const helpful = form.get('helpful');
  const comment = typeof form.get('comment') === 'string' ? (form.get('comment') as string).trim() : '';
  if (helpful !== 'yes' && helpful !== 'no') {
    return fail(400, { feedbackError: t('feedback.choose'), comment });
  }
  const result = await createApi(event.fetch).articleFeedback(
    lang,
    slug,
    helpful === 'yes',
    comment || undefined,
  );
  if (!result.ok) return fail(result.status, { feedbackError: errorMessage(t, result.error.code), comment });
  return { feedbackSent: true };
}
