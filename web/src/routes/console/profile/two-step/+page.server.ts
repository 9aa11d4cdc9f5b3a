import { error, fail, redirect } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { translator, type Translate } from '$lib/i18n/i18n';
import { apiFormErrors, text } from '$lib/server/forms';
import type { ApiResult } from '$lib/api/client';
import type { Actions, PageServerLoad } from './$types';

/**
 * One's own two-step verification: set up a code app (QR code and the secret in text), see the
 * recovery codes once, renew them, turn it off where the installation allows.
 */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  const api = createApi(fetch);
  const status = await api.twoStepStatus();
  if (!status.ok) error(status.status, { message: status.error.message, code: status.error.code });
  const pending = status.data.pending ? await api.pendingTwoStep() : undefined;
  return {
    status: status.data,
    setup: pending?.ok
      ? {
          secret: pending.data.secret,
          // The QR code as an image, so its markup never mixes with the page's.
          qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(pending.data.qrSvg).toString('base64')}`,
        }
      : undefined,
    mustSetUp: locals.staff?.mustSetUpTwoStep ?? false,
  };
};

type CodeAction = 'confirm' | 'renew' | 'disable';

/** Runs one code-proven step; a missing or wrong code comes back under that form's code field. */
async function withCode<T>(
  request: Request,
  t: Translate,
  action: CodeAction,
  run: (code: string) => Promise<ApiResult<T>>,
) {
  const field = `code-${action}`;
  const code = text(await request.formData(), 'code');
  if (!code)
    return {
      failure: fail(400, { errors: { _form: t('login.code_missing'), [field]: t('login.code_missing') } }),
    };
  const result = await run(code);
  if (!result.ok) {
    const message = apiFormErrors(result.error, t)._form ?? t('error.generic');
    return { failure: fail(result.status, { errors: { _form: message, [field]: message } }) };
  }
  return { data: result.data };
}

export const actions: Actions = {
  begin: async ({ fetch, locals }) => {
    const result = await createApi(fetch).beginTwoStep();
    if (!result.ok)
      return fail(result.status, { errors: apiFormErrors(result.error, translator(locals.lang)) });
    redirect(303, '/console/profile/two-step#setup');
  },
  confirm: async ({ request, fetch, locals }) => {
    const done = await withCode(request, translator(locals.lang), 'confirm', createApi(fetch).confirmTwoStep);
    return done.failure ?? { recoveryCodes: done.data.recoveryCodes, enabled: true };
  },
  renew: async ({ request, fetch, locals }) => {
    const done = await withCode(
      request,
      translator(locals.lang),
      'renew',
      createApi(fetch).renewRecoveryCodes,
    );
    return done.failure ?? { recoveryCodes: done.data.recoveryCodes };
  },
  disable: async ({ request, fetch, locals }) => {
    const done = await withCode(request, translator(locals.lang), 'disable', createApi(fetch).disableTwoStep);
    return done.failure ?? { disabled: true };
  },
};
