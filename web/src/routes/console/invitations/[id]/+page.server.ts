import { error, fail, redirect } from '@sveltejs/kit';
import { createOutreachApi, type InvitationRuleBody } from '$lib/api/outreach';
import { translator } from '$lib/i18n/i18n';
import { apiFormErrors, text } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

type Values = Record<keyof InvitationRuleBody, string | boolean>;

const empty: Values = {
  name: '',
  pathPrefix: '/fi/',
  delaySeconds: '45',
  everyDays: '7',
  messageFi: '',
  messageSv: '',
  messageEn: '',
  active: true,
};

/** The API's field names are the form's. */
const fieldNames = Object.fromEntries(Object.keys(empty).map((k) => [k, k]));

function fromForm(form: FormData): { values: Values; body: InvitationRuleBody } {
  const values: Values = {
    name: text(form, 'name'),
    pathPrefix: text(form, 'pathPrefix'),
    delaySeconds: text(form, 'delaySeconds'),
    everyDays: text(form, 'everyDays'),
    messageFi: text(form, 'messageFi'),
    messageSv: text(form, 'messageSv'),
    messageEn: text(form, 'messageEn'),
    active: form.get('active') === 'on',
  };
  const whole = (value: string | boolean) => (/^\d{1,5}$/.test(String(value)) ? Number(value) : -1);
  return {
    values,
    body: {
      name: values.name as string,
      pathPrefix: values.pathPrefix as string,
      delaySeconds: whole(values.delaySeconds),
      everyDays: whole(values.everyDays),
      messageFi: values.messageFi as string,
      messageSv: values.messageSv as string,
      messageEn: values.messageEn as string,
      active: values.active as boolean,
    },
  };
}

export const load: PageServerLoad = async ({ fetch, locals, params }) => {
  if (locals.staff?.role !== 'admin') {
    error(403, { message: translator(locals.lang)('error.forbidden_text'), code: 'auth.forbidden' });
  }
  if (params.id === 'new') return { isNew: true, values: empty };
  const result = await createOutreachApi(fetch).invitation(params.id);
  if (!result.ok) {
    if (result.status === 404) error(404, { message: 'Not found', code: 'invitation.not_found' });
    error(503, { message: result.error.message, code: result.error.code });
  }
  const rule = result.data;
  const values: Values = {
    name: rule.name,
    pathPrefix: rule.pathPrefix,
    delaySeconds: String(rule.delaySeconds),
    everyDays: String(rule.everyDays),
    messageFi: rule.messageFi,
    messageSv: rule.messageSv,
    messageEn: rule.messageEn,
    active: rule.active,
  };
  return { isNew: false, values };
};

export const actions: Actions = {
  save: async ({ fetch, locals, params, request }) => {
    const { values, body } = fromForm(await request.formData());
    const api = createOutreachApi(fetch);
    const result =
      params.id === 'new' ? await api.createInvitation(body) : await api.updateInvitation(params.id, body);
    if (!result.ok) {
      return fail(result.status, {
        values,
        errors: apiFormErrors(result.error, translator(locals.lang), fieldNames),
      });
    }
    redirect(303, '/console/invitations?saved=1');
  },
};
