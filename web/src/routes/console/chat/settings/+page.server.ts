import { error, fail, redirect } from '@sveltejs/kit';
import { createApi } from '$lib/api/client';
import { createChatConsoleApi } from '$lib/api/chat-console';
import { localisedName, sortByName } from '$lib/console/names';
import { chatErrorText } from '$lib/chat/format';
import { translator } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import { scheduleFromForm, type ScheduleView } from './schedule-form';
import type { Actions, PageServerLoad } from './$types';

/**
 * Admins set the assignment mode, the longest wait and the service's and every provider's
 * opening hours; a provider's admin sets only their own provider's hours.
 */
export const load: PageServerLoad = async ({ fetch, locals, url, parent }) => {
  const staff = locals.staff!;
  const isAdmin = staff.role === 'admin';
  if (!isAdmin && !(staff.role === 'org_admin' && staff.organisationId)) {
    error(403, { message: 'Admins only', code: 'auth.forbidden' });
  }
  const api = createChatConsoleApi(fetch);
  const organisationId = isAdmin ? url.searchParams.get('organisation') || '' : staff.organisationId!;
  const [settings, hours, organisations] = await Promise.all([
    isAdmin ? api.settings() : null,
    api.openingHours(organisationId || undefined),
    isAdmin ? createApi(fetch).listOrganisations() : null,
  ]);
  if (!hours.ok)
    error(hours.status === 403 ? 403 : 503, { message: hours.error.message, code: hours.error.code });
  return {
    isAdmin,
    settings: settings?.ok ? settings.data : null,
    schedule: hours.data as ScheduleView,
    organisationId,
    organisations: organisations?.ok
      ? sortByName(
          organisations.data.items.map((o) => ({ id: o.id, name: localisedName(o.name, locals.lang) })),
          (o) => o.name,
          locals.lang,
        )
      : staff.organisationId
        ? [
            {
              id: staff.organisationId,
              // The layout names the person's provider in the console's language.
              name: (await parent()).staff?.organisationName ?? '',
            },
          ]
        : [],
    saved: url.searchParams.get('saved'),
  };
};

export const actions: Actions = {
  settings: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const assignment = text(form, 'assignment') === 'auto' ? 'auto' : 'manual';
    const maxWaitSeconds = Number(text(form, 'maxWaitSeconds'));
    const result = await createChatConsoleApi(fetch).saveSettings({ assignment, maxWaitSeconds });
    if (!result.ok) {
      return fail(result.status, {
        settingsError: chatErrorText(translator(locals.lang), {
          code: result.error.code,
          status: result.status,
        }),
      });
    }
    redirect(303, '/console/chat/settings?saved=settings');
  },
  hours: async ({ request, fetch, locals }) => {
    const form = await request.formData();
    const t = translator(locals.lang);
    const organisationId = text(form, 'organisation');
    const { schedule, badLine } = scheduleFromForm(form);
    if (badLine !== null) {
      return fail(400, { hoursError: t('chat_settings.line_error', { line: badLine }), schedule });
    }
    const result = await createChatConsoleApi(fetch).saveOpeningHours(schedule, organisationId || undefined);
    if (!result.ok) {
      const message =
        result.status === 400
          ? t('chat_settings.hours_error')
          : chatErrorText(t, { code: result.error.code, status: result.status });
      return fail(result.status, { hoursError: message, schedule });
    }
    const query = organisationId ? `&organisation=${encodeURIComponent(organisationId)}` : '';
    redirect(303, `/console/chat/settings?saved=hours${query}`);
  },
};
