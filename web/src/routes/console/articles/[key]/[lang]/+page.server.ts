import { error, fail } from '@sveltejs/kit';
import { articleLangSchema } from '$server/shared/languages';
import { createApi } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params }) => {
  if (!articleLangSchema.safeParse(params.lang).success) error(404, { message: 'Not found' });
  const api = createApi(fetch);
  const article = await api.editorArticle(params.key);
  if (!article.ok) error(article.status, { message: article.error.message, code: article.error.code });
  const version = article.data.versions.find((v) => v.lang === params.lang) ?? null;
  const finnish = params.lang === 'fi' ? null : (article.data.versions.find((v) => v.lang === 'fi') ?? null);
  const preview = version ? await api.preview(version.bodyMd) : null;
  return {
    key: params.key,
    versionLang: params.lang,
    version,
    finnish,
    initialPreview: preview?.ok ? preview.data.html : '',
  };
};

function valuesFrom(form: FormData) {
  const body = form.get('bodyMd');
  return {
    slug: text(form, 'slug'),
    title: text(form, 'title'),
    summary: text(form, 'summary'),
    tags: text(form, 'tags'),
    lastReviewed: text(form, 'lastReviewed'),
    status: text(form, 'status') === 'published' ? ('published' as const) : ('draft' as const),
    // Browsers send a textarea's line breaks as CRLF; stored Markdown uses LF, or every line of
    // a revision saved from the form would differ from the seeded text in the revision diff.
    bodyMd: typeof body === 'string' ? body.replace(/\r\n?/g, '\n') : '',
    expectedRevision: Number(text(form, 'expectedRevision')) || null,
  };
}

const fieldNames: Record<string, string> = {
  slug: 'slug',
  title: 'title',
  summary: 'summary',
  bodyMd: 'bodyMd',
  lastReviewed: 'lastReviewed',
};

export const actions: Actions = {
  preview: async ({ request, fetch }) => {
    const values = valuesFrom(await request.formData());
    const preview = await createApi(fetch).preview(values.bodyMd);
    return { values, previewHtml: preview.ok ? preview.data.html : '' };
  },
  save: async ({ request, fetch, params, locals }) => {
    const t = translator(locals.lang);
    const values = valuesFrom(await request.formData());
    const result = await createApi(fetch).saveVersion(params.key, params.lang, {
      ...values,
      tags: values.tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
      lastReviewed: values.lastReviewed || null,
    });
    if (!result.ok) {
      const errors = apiFormErrors(result.error, t, fieldNames);
      for (const field of Object.keys(errors)) {
        if (field.startsWith('tags')) errors.tags = errors[field]!;
      }
      return fail(result.status, { values, errors, stale: result.error.code === 'article.stale' });
    }
    return { saved: result.data.revision };
  },
};
