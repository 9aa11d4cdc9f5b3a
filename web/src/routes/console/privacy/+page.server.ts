import { error, fail } from '@sveltejs/kit';
import { createPrivacyApi } from '$lib/api/privacy';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, text } from '$lib/server/forms';
import {
  handlesPrivacy,
  identifierFieldNames,
  personRequest,
  privacyValues,
  type PrivacyFormValues,
} from '$lib/server/privacy-form';
import type { Actions, PageServerLoad } from './$types';

/**
 * Data-subject requests: find everything about a person by what they can give, export it,
 * erase it, and put a conversation on legal hold. Every step is a plain form post; the
 * identifiers travel in the bodies, never in an address.
 */
export const load: PageServerLoad = ({ locals }) => {
  if (!handlesPrivacy(locals.staff)) {
    error(403, { message: translator(locals.lang)('error.forbidden_text'), code: 'auth.forbidden' });
  }
  return {};
};

function missingInput(values: PrivacyFormValues, t: ReturnType<typeof translator>) {
  const errors: Record<string, string> = {};
  if (Object.values(values.identifiers).every((v) => v === '')) {
    errors.email = t('privacy.identifier_missing');
  }
  if (values.reason.length < 3) errors.reason = t('privacy.reason_missing');
  if (Object.keys(errors).length) errors._form = t('privacy.search_incomplete');
  return Object.keys(errors).length ? errors : undefined;
}

/** Searches again after a change, so the page shows what is now stored. */
async function searchAgain(api: ReturnType<typeof createPrivacyApi>, values: PrivacyFormValues) {
  const found = await api.search(personRequest(values));
  return found.ok ? found.data : undefined;
}

export const actions: Actions = {
  search: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const values = privacyValues(await request.formData());
    const missing = missingInput(values, t);
    if (missing) return fail(400, { values, errors: missing });
    const result = await createPrivacyApi(fetch).search(personRequest(values));
    if (!result.ok) {
      return fail(result.status, {
        values,
        errors: apiFormErrors(result.error, t, identifierFieldNames(values)),
      });
    }
    return { values, summary: result.data };
  },

  erase: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const values = privacyValues(form);
    const api = createPrivacyApi(fetch);
    const summary = await searchAgain(api, values);
    if (form.get('confirm') !== 'on') {
      return fail(400, { values, summary, eraseError: t('privacy.erase_confirm_missing') });
    }
    const result = await api.erase({ ...personRequest(values), confirm: true });
    if (!result.ok) {
      const held = result.error.code === 'privacy.legal_hold';
      return fail(result.status, {
        values,
        summary,
        eraseError: held
          ? t('error.privacy.legal_hold_named', {
              reason: result.error.message.replace(/^Under a legal hold: /, ''),
            })
          : apiFormErrors(result.error, t)._form,
      });
    }
    return { values, summary: await searchAgain(api, values), erased: result.data };
  },

  hold: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const values = privacyValues(form);
    const id = text(form, 'conversationId');
    const holdReason = text(form, 'holdReason');
    const api = createPrivacyApi(fetch);
    const release = form.get('release') === '1';
    const result =
      holdReason.length < 3
        ? null
        : release
          ? await api.releaseHold(id, holdReason)
          : await api.placeHold(id, holdReason);
    const summary = await searchAgain(api, values);
    if (!result)
      return fail(400, { values, summary, holdError: { id, message: t('privacy.hold_reason_missing') } });
    if (!result.ok) {
      return fail(result.status, {
        values,
        summary,
        holdError: { id, message: apiFormErrors(result.error, t)._form },
      });
    }
    return { values, summary, held: { id, released: release } };
  },
};
