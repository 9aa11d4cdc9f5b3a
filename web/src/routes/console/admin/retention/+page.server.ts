import { error, fail } from '@sveltejs/kit';
import { createCaller } from '$lib/api/client';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors } from '$lib/server/forms';
import type { RetentionSettingsView } from '$server/features/retention/retention.service';
import type { Actions, PageServerLoad } from './$types';

/** How long each class of data is kept: service admins, within the installation's bounds. */
export const load: PageServerLoad = async ({ fetch, locals }) => {
  const t = translator(locals.lang);
  if (locals.staff?.role !== 'admin')
    error(403, { message: t('error.forbidden_text'), code: 'auth.forbidden' });
  const result = await createCaller(fetch)<RetentionSettingsView>('GET', '/api/v1/retention');
  if (!result.ok) error(result.status, { message: result.error.message, code: result.error.code });
  return { settings: result.data };
};

export const actions: Actions = {
  default: async ({ request, fetch, locals }) => {
    const t = translator(locals.lang);
    const form = await request.formData();
    const call = createCaller(fetch);
    // The classes as the API names them: the form has one field per class.
    const current = await call<RetentionSettingsView>('GET', '/api/v1/retention');
    if (!current.ok) return fail(current.status, { errors: apiFormErrors(current.error, t) });
    const retentionClasses = current.data.classes.map((c) => c.class);
    const values: Record<string, string> = {};
    const days: Record<string, number> = {};
    const errors: Record<string, string> = {};
    for (const k of retentionClasses) {
      const raw = form.get(k);
      const value = typeof raw === 'string' ? raw.trim() : '';
      values[k] = value;
      if (!/^\d{1,5}$/.test(value)) errors[k] = t('retention.not_a_number');
      else days[k] = Number(value);
    }
    if (Object.keys(errors).length)
      return fail(400, { values, errors: { ...errors, _form: t('retention.check') } });
    const result = await call<RetentionSettingsView>('PUT', '/api/v1/retention', { days });
    if (!result.ok) {
      const mapped = apiFormErrors(
        result.error,
        t,
        Object.fromEntries(retentionClasses.map((k) => [`days.${k}`, k])),
      );
      const bounds = result.error.details as { minDays?: number; maxDays?: number } | undefined;
      for (const k of retentionClasses) {
        if (mapped[k])
          mapped[k] = t('retention.out_of_limits', { min: bounds?.minDays ?? 0, max: bounds?.maxDays ?? 0 });
      }
      return fail(result.status, { values, errors: mapped });
    }
    return { saved: true };
  },
};
