import { error } from '@sveltejs/kit';
import { createPrivacyApi } from '$lib/api/privacy';
import { errorMessage, translator } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import { handlesPrivacy, personRequest, privacyValues } from '$lib/server/privacy-form';
import type { RequestHandler } from './$types';

/** The privacy page's export form posts here: the answer is the file itself, as a download. */
export const POST: RequestHandler = async ({ request, fetch, locals }) => {
  const t = translator(locals.lang);
  if (!handlesPrivacy(locals.staff))
    error(403, { message: t('error.forbidden_text'), code: 'auth.forbidden' });
  const form = await request.formData();
  const format = text(form, 'format') === 'html' ? 'html' : 'json';
  const lang = text(form, 'lang');
  const response = await createPrivacyApi(fetch).exportFile({
    ...personRequest(privacyValues(form)),
    format,
    ...(lang === 'fi' || lang === 'sv' || lang === 'en' ? { lang } : {}),
  });
  if (!response) error(503, { message: errorMessage(t, 'api.unreachable'), code: 'api.unreachable' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
    const code = body?.error?.code;
    error(response.status, { message: errorMessage(t, code), code: code ?? 'generic' });
  }
  return new Response(response.body, {
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': response.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'private, no-store',
    },
  });
};
