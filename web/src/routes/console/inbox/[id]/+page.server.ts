import { error, fail } from '@sveltejs/kit';
import { helsinkiToday, helsinkiToIso } from '$lib/inbox/format';
import type { ApiResult } from '$lib/api/client';
import { createAboutYouApi } from '$lib/api/about-you';
import {
  aboutClientBody,
  aboutClientFormValues,
  aboutClientFromForm,
  warningsOf,
} from '$lib/console/about-client';
import { createInboxApi, type InboxApi } from '$lib/api/inbox';
import type { MessageKey } from '$lib/i18n/i18n';
import { text } from '$lib/server/forms';
import { MESSAGE_MAX_LENGTH } from '$server/conversations/vocabulary';
import { callOutcomes } from '$server/features/inbox/inbox.types';
import type { Actions, PageServerLoad } from './$types';

const handlers = ['counsellor', 'org_admin', 'admin'];

export const load: PageServerLoad = async ({ fetch, params, locals, url }) => {
  const staff = locals.staff!;
  if (!handlers.includes(staff.role))
    error(403, { message: 'The inbox is for counsellors', code: 'auth.forbidden' });
  const api = createInboxApi(fetch);
  const [detail, vocabulary] = await Promise.all([api.detail(params.id), api.colleagues()]);
  if (!detail.ok) {
    const status = detail.status === 404 || detail.status === 403 ? detail.status : 503;
    error(status, { message: detail.error.message, code: detail.error.code });
  }
  // Guides, programmes and canned responses for the client's latest message, and a search of
  // the guides and the catalogue (?cardq=) in the conversation's language: both work without JS.
  const cardQuery = (url.searchParams.get('cardq') ?? '').trim().slice(0, 200);
  const isClosed = detail.data.conversation.status === 'closed';
  const [suggestions, cardSearch, aboutOptions] = await Promise.all([
    detail.data.conversation.channel === 'chat' ? null : api.suggestions(params.id),
    cardQuery ? api.searchSuggestions(cardQuery, detail.data.conversation.language ?? 'fi') : null,
    // The choices of "about the client" in the close and call-outcome forms.
    isClosed ? null : createAboutYouApi(fetch).options(locals.lang),
  ]);
  const now = Date.now();
  return {
    detail: detail.data,
    suggestions: suggestions?.ok ? suggestions.data : null,
    cardQuery,
    cardSearch: cardSearch?.ok ? cardSearch.data : null,
    aboutOptions: aboutOptions?.ok ? aboutOptions.data : null,
    // A suggested canned response chosen to start the reply (?canned=<id>).
    cannedText:
      (suggestions?.ok &&
        suggestions.data.canned.find((item) => item.id === url.searchParams.get('canned'))?.body) ||
      null,
    topics: vocabulary.ok ? vocabulary.data.topics : [],
    outcomes: vocabulary.ok ? vocabulary.data.outcomes : [],
    // A fresh id per form shown: sending the same form twice (a double click, a reload of the
    // answer) is recognised by the API and stored once.
    clientMsgIds: { reply: crypto.randomUUID(), note: crypto.randomUUID() },
    now,
    today: helsinkiToday(now),
    // The API takes a retry time within 60 days.
    lastRetryDay: helsinkiToday(now + 60 * 86_400_000),
  };
};

export type ConversationAction = 'claim' | 'reply' | 'note' | 'card' | 'close' | 'callOutcome' | 'retryMail';

/** A refused form: field errors by the field's id, or the API's coded refusal, and what was typed. */
function refuse(
  action: ConversationAction,
  status: number,
  detail: { errors?: Record<string, MessageKey>; values?: Record<string, string> },
) {
  return fail(status, { action, ...detail });
}

/**
 * The answer of an action: done (with the values the API left out as unrecognised, if any), or
 * the API's refusal with the form's values kept.
 */
function answer(action: ConversationAction, result: ApiResult<unknown>, values: Record<string, string> = {}) {
  if (!result.ok)
    return fail(result.status, {
      action,
      failure: { code: result.error.code, status: result.status },
      values,
    });
  return { action, done: true as const, warnings: warningsOf(result.data) };
}

async function postText(
  fetch: typeof globalThis.fetch,
  id: string,
  form: FormData,
  kind: 'message' | 'note',
): Promise<ReturnType<typeof answer> | ReturnType<typeof refuse>> {
  const action = kind === 'message' ? 'reply' : 'note';
  const field = kind === 'message' ? 'reply-body' : 'note-body';
  const body = text(form, field);
  const values = { [field]: body };
  if (!body) return refuse(action, 400, { errors: { [field]: 'inbox_conv.empty_text' }, values });
  if (body.length > MESSAGE_MAX_LENGTH)
    return refuse(action, 400, { errors: { [field]: 'inbox.error.too_long' }, values });
  const clientMsgId = text(form, 'clientMsgId') || crypto.randomUUID();
  const result = await createInboxApi(fetch).postMessage(id, { clientMsgId, body, kind });
  return answer(action, result, values);
}

export const actions: Actions = {
  claim: async ({ fetch, params }) => answer('claim', await createInboxApi(fetch).claim(params.id)),

  reply: async ({ request, fetch, params }) =>
    postText(fetch, params.id, await request.formData(), 'message'),

  note: async ({ request, fetch, params }) => postText(fetch, params.id, await request.formData(), 'note'),

  /** A guide or programme sent as a card with the reply (whose text may then be empty). */
  card: async ({ request, fetch, params }) => {
    const form = await request.formData();
    const body = text(form, 'reply-body');
    const values = { 'reply-body': body };
    const [type, ...rest] = text(form, 'card').split(':');
    const cardId = rest.join(':');
    if ((type !== 'article' && type !== 'program') || !cardId || cardId.length > 100)
      return fail(400, { action: 'card' as const, failure: { code: 'card.unknown', status: 400 }, values });
    if (body.length > MESSAGE_MAX_LENGTH)
      return refuse('card', 400, { errors: { 'reply-body': 'inbox.error.too_long' }, values });
    const clientMsgId = text(form, 'clientMsgId') || crypto.randomUUID();
    const result = await createInboxApi(fetch).postMessage(params.id, {
      clientMsgId,
      body,
      kind: 'message',
      card: { type, id: cardId },
    });
    return answer('card', result, values);
  },

  close: async ({ request, fetch, params }) => {
    const form = await request.formData();
    const about = aboutClientFromForm(form, 'close-about');
    const values = {
      'close-topic': text(form, 'close-topic'),
      'close-outcome': text(form, 'close-outcome'),
      ...aboutClientFormValues(about, 'close-about'),
    };
    const errors: Record<string, MessageKey> = {};
    if (!values['close-topic']) errors['close-topic'] = 'inbox_conv.close_choose';
    if (!values['close-outcome']) errors['close-outcome'] = 'inbox_conv.close_choose';
    if (Object.keys(errors).length) return refuse('close', 400, { errors, values });
    const result = await createInboxApi(fetch).close(
      params.id,
      values['close-topic'],
      values['close-outcome'],
      aboutClientBody(about),
    );
    return answer('close', result, values);
  },

  callOutcome: async ({ request, fetch, params }) => {
    const form = await request.formData();
    const about = aboutClientFromForm(form, 'outcome-about');
    const values = {
      outcome: text(form, 'outcome'),
      'retry-date': text(form, 'retry-date'),
      'retry-time': text(form, 'retry-time'),
      'outcome-note': text(form, 'outcome-note'),
      ...aboutClientFormValues(about, 'outcome-about'),
    };
    const outcome = callOutcomes.find((candidate) => candidate === values.outcome);
    if (!outcome)
      return refuse('callOutcome', 400, {
        errors: { 'outcome-reached': 'inbox_conv.outcome_required' },
        values,
      });
    let retryAt: string | undefined;
    if (outcome === 'no_answer') {
      retryAt = helsinkiToIso(values['retry-date'], values['retry-time']);
      if (!retryAt)
        return refuse('callOutcome', 400, { errors: { 'retry-date': 'inbox_conv.retry_required' }, values });
      if (Date.parse(retryAt) <= Date.now())
        return refuse('callOutcome', 400, { errors: { 'retry-date': 'inbox_conv.retry_past' }, values });
    }
    const body: Parameters<InboxApi['callOutcome']>[1] = { outcome };
    if (retryAt) body.retryAt = retryAt;
    if (values['outcome-note']) body.note = values['outcome-note'].slice(0, 1000);
    const aboutBody = aboutClientBody(about);
    if (aboutBody) body.about = aboutBody;
    const result = await createInboxApi(fetch).callOutcome(params.id, body);
    if (!result.ok && result.error.details?.fields?.some((field) => field.field === 'retryAt'))
      return refuse('callOutcome', 400, { errors: { 'retry-date': 'inbox_conv.retry_range' }, values });
    return answer('callOutcome', result, values);
  },

  retryMail: async ({ request, fetch }) => {
    const form = await request.formData();
    return answer('retryMail', await createInboxApi(fetch).retryMail(text(form, 'mailId')));
  },
};
