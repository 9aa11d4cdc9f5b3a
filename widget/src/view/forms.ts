import { aboutFieldset } from './about-you';
import { topics, type AboutOptions, type ChatStatus, type OfflineRequest, type Topic } from '../api';
import { formatClock, formatMoment, widgetLangs, type Messages, type WidgetLang } from '../messages';
import {
  alertBox,
  field,
  h,
  isEmail,
  isPhone,
  showRequestError,
  validate,
  whileBusy,
  type Field,
} from './dom';
import type { SuggestionBox } from './self-help';

export interface AboutYou {
  topic: Topic;
  /** fi, sv or en on the offline forms (answered by mail); any offered language in a chat. */
  language: string;
  firstName?: string;
}

/** Topic, chat language and first name: asked by the chat and by both offline forms. */
function aboutFields(
  text: Messages,
  lang: WidgetLang,
  prefix: string,
  languages: { code: string; name: string }[] = widgetLangs.map((code) => ({
    code,
    name: languageName(code),
  })),
) {
  const topicSelect = h(
    'select',
    { id: `${prefix}-topic`, name: 'topic', required: true },
    h('option', { value: '' }, text.chooseTopic),
    ...topics.map((code) => h('option', { value: code }, text.topics[code])),
  );
  const languageSelect = h(
    'select',
    { id: `${prefix}-language`, name: 'language' },
    ...languages.map(({ code, name }) =>
      h('option', { value: code, lang: code, selected: code === lang }, name),
    ),
  );
  const firstName = h('input', {
    id: `${prefix}-firstName`,
    name: 'firstName',
    type: 'text',
    autocomplete: 'given-name',
    maxlength: 50,
  });
  const fields = {
    topic: field(text.topic, topicSelect),
    language: field(text.chatLanguage, languageSelect),
    firstName: field(text.firstName, firstName),
  };
  const read = (): AboutYou => ({
    topic: topicSelect.value as Topic,
    language: languageSelect.value,
    ...(firstName.value.trim() ? { firstName: firstName.value.trim() } : {}),
  });
  return { fields, read };
}

export function languageName(code: WidgetLang): string {
  return { fi: 'suomi', sv: 'svenska', en: 'English' }[code];
}

function consentField(id: string, label: string): Field {
  return field(label, h('input', { id, name: 'consent', type: 'checkbox' }));
}

const isChecked = (f: Field): boolean => (f.control as HTMLInputElement).checked;

function submitButton(label: string): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'btn' }, label);
}

/** Runs a form's request; failures land next to the fields or in the alert. */
function run(
  button: HTMLButtonElement,
  text: Messages,
  fields: Field[],
  alert: HTMLElement,
  request: () => Promise<void>,
): Promise<void> {
  alert.hidden = true;
  return whileBusy(button, () => request().catch((error) => showRequestError(text, error, fields, alert)));
}

/**
 * The start form: the question (optional; guides and programmes that may answer it appear as
 * it is typed), what the chat is about, in which language, and the optional consent.
 */
export function renderStart(
  text: Messages,
  lang: WidgetLang,
  status: ChatStatus,
  suggestions: SuggestionBox,
  start: (about: AboutYou, consent: boolean, question: string) => Promise<void>,
  bookingHref: string,
): HTMLElement {
  const question = field(
    text.question,
    h('textarea', { id: 'start-question', name: 'question', maxlength: 2000, rows: 3 }),
  );
  question.control.value = suggestions.question;
  question.control.addEventListener('input', () => suggestions.ask(question.control.value));
  const about = aboutFields(text, lang, 'start', status.languages);
  // Nobody free speaks the chosen language: said at once, with a way to book a time instead.
  const offDuty = h('p', { class: 'notice', id: 'start-language-note', hidden: true });
  const languageSelect = about.fields.language.control;
  // The wait for a chat in the chosen language (shared among those who speak it).
  const waitLine = h('p', { class: 'muted' });
  const checkDuty = () => {
    const chosen = status.languages?.find((l) => l.code === languageSelect.value);
    const wait = chosen ? chosen.estimatedWaitSeconds : status.estimatedWaitSeconds;
    waitLine.hidden = wait === null || status.queueLength === 0;
    waitLine.textContent = wait === null ? '' : text.wait(Math.round(wait / 60));
    offDuty.hidden = !chosen || chosen.onDuty;
    offDuty.replaceChildren(
      text.noneOnDuty,
      ' ',
      h(
        'a',
        {
          href: `${bookingHref}?language=${encodeURIComponent(languageSelect.value)}`,
          target: '_blank',
          rel: 'noopener',
        },
        text.bookTime,
      ),
    );
    if (offDuty.hidden) languageSelect.removeAttribute('aria-describedby');
    else languageSelect.setAttribute('aria-describedby', offDuty.id);
  };
  languageSelect.addEventListener('change', checkDuty);
  checkDuty();
  about.fields.language.wrap.append(offDuty);
  const consent = consentField('start-consent', text.consentChat);
  const alert = alertBox();
  const button = submitButton(text.startChat);
  const all = [question, about.fields.topic, about.fields.language, about.fields.firstName, consent];
  const form = h(
    'form',
    { novalidate: true },
    question.wrap,
    suggestions.status,
    suggestions.element,
    ...all.slice(1).map((f) => f.wrap),
    alert,
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!validate([[about.fields.topic, () => (about.read().topic ? null : text.required)]])) return;
    void run(button, text, all, alert, () =>
      start(about.read(), isChecked(consent), question.control.value.trim()),
    );
  });
  return h('div', { class: 'view' }, h('p', {}, text.intro), waitLine, form);
}

export type OfflineReason = 'closed' | 'no_counsellors' | 'long_wait';

export interface OfflineOptions {
  reason: OfflineReason;
  status: ChatStatus | null;
  form: 'message' | 'callback' | null;
  choose(form: 'message' | 'callback'): void;
  backToQueue?: () => void;
  submit(request: OfflineRequest): Promise<void>;
  /** The service's booking page (a phone, video or face-to-face time), opened in a new tab. */
  bookingUrl: string;
  /** A search of the guides and programmes, beside the ways to be contacted. */
  suggestions: SuggestionBox;
  /** The "about you" choices, asked (folded, optional) on both offline forms. */
  aboutOptions(): Promise<AboutOptions>;
}

/** Why the chat is not available, and the two ways to be contacted later. */
export function renderOffline(text: Messages, lang: WidgetLang, options: OfflineOptions): HTMLElement {
  const { status } = options;
  const view = h('div', { class: 'view' });
  if (options.reason === 'closed') {
    view.append(h('p', { class: 'notice' }, text.closedNow));
    const hours = status?.hoursToday ?? [];
    view.append(
      h(
        'p',
        {},
        hours.length
          ? `${text.hoursToday} ${hours.map((slot) => `${formatClock(lang, slot.opens)}–${formatClock(lang, slot.closes)}`).join(', ')}.`
          : text.closedToday,
      ),
    );
    if (status?.nextOpen) view.append(h('p', {}, text.nextOpen(formatMoment(lang, status.nextOpen))));
  } else if (options.reason === 'no_counsellors') {
    view.append(h('p', { class: 'notice' }, text.busyNow));
  }
  const search = h('input', {
    id: 'offline-search',
    name: 'q',
    type: 'search',
    maxlength: 200,
    value: options.suggestions.question,
  });
  search.addEventListener('input', () => options.suggestions.ask(search.value));
  view.append(h('p', {}, text.offlineIntro));
  const choices = h('div', { class: 'actions' });
  for (const [kind, label] of [
    ['message', text.leaveMessage],
    ['callback', text.askCallback],
  ] as const) {
    const button = h(
      'button',
      {
        type: 'button',
        class: options.form === kind ? 'btn' : 'btn secondary',
        'aria-expanded': String(options.form === kind),
        'aria-controls': 'offline-form',
      },
      label,
    );
    button.addEventListener('click', () => options.choose(kind));
    choices.append(button);
  }
  view.append(choices);
  // After the ways to be contacted, which come first.
  view.append(field(text.searchGuides, search).wrap, options.suggestions.status, options.suggestions.element);
  view.append(
    h('p', {}, h('a', { href: options.bookingUrl, target: '_blank', rel: 'noopener' }, text.bookTime)),
  );
  if (options.backToQueue) {
    const back = h('button', { type: 'button', class: 'link' }, text.backToQueue);
    back.addEventListener('click', options.backToQueue);
    view.append(back);
  }
  if (options.form)
    view.append(
      offlineForm(text, lang, options.form, options.submit, options.status?.languages, options.aboutOptions),
    );
  return view;
}

function offlineForm(
  text: Messages,
  lang: WidgetLang,
  kind: 'message' | 'callback',
  submit: (request: OfflineRequest) => Promise<void>,
  languages: { code: string; name: string }[] | undefined,
  aboutOptions: () => Promise<AboutOptions>,
): HTMLElement {
  // Answered in any language of guidance; the confirmation mail in the widget's own.
  const about = aboutFields(text, lang, kind, languages);
  const aboutYou = aboutFieldset(text, aboutOptions, `${kind}-about`);
  const alert = alertBox();
  const consent = consentField(`${kind}-consent`, text.consentOffline);
  const button = submitButton(kind === 'message' ? text.sendMessage : text.sendCallback);
  const heading = h(
    'h3',
    { id: 'offline-form-title' },
    kind === 'message' ? text.leaveMessage : text.askCallback,
  );
  const form = h(
    'form',
    { id: 'offline-form', novalidate: true, 'aria-labelledby': 'offline-form-title' },
    heading,
  );
  const aboutList = [about.fields.topic, about.fields.language, about.fields.firstName];
  const topicRule: [Field, () => string | null] = [
    about.fields.topic,
    () => (about.read().topic ? null : text.required),
  ];
  const consentRule: [Field, () => string | null] = [
    consent,
    () => (isChecked(consent) ? null : text.consentRequired),
  ];

  if (kind === 'message') {
    const email = field(
      text.email,
      h('input', {
        id: 'message-email',
        name: 'email',
        type: 'email',
        autocomplete: 'email',
        maxlength: 254,
      }),
    );
    const message = field(
      text.message,
      h('textarea', { id: 'message-body', name: 'message', maxlength: 4000, rows: 4 }),
    );
    const all = [...aboutList, email, message, consent];
    form.append(...all.slice(0, -1).map((f) => f.wrap), aboutYou.element, consent.wrap, alert, button);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const ok = validate([
        topicRule,
        [
          email,
          () =>
            !email.control.value.trim()
              ? text.required
              : isEmail(email.control.value.trim())
                ? null
                : text.invalidEmail,
        ],
        [message, () => (message.control.value.trim() ? null : text.required)],
        consentRule,
      ]);
      if (!ok) return;
      void run(button, text, all, alert, () =>
        submit({
          kind: 'message',
          ...about.read(),
          lang,
          about: aboutYou.read(),
          email: email.control.value.trim(),
          message: message.control.value.trim(),
          consent: true,
        }),
      );
    });
  } else {
    const isoToday = isoDate(new Date());
    const isoLatest = isoDate(new Date(Date.now() + 60 * 86_400_000));
    const phone = field(
      text.phone,
      h('input', { id: 'callback-phone', name: 'phone', type: 'tel', autocomplete: 'tel', maxlength: 30 }),
    );
    const date = field(
      text.date,
      h('input', { id: 'callback-date', name: 'window.date', type: 'date', min: isoToday, max: isoLatest }),
    );
    const from = field(text.timeFrom, h('input', { id: 'callback-from', name: 'window.from', type: 'time' }));
    const to = field(text.timeTo, h('input', { id: 'callback-to', name: 'window.to', type: 'time' }));
    const note = field(
      text.note,
      h('textarea', { id: 'callback-note', name: 'note', maxlength: 1000, rows: 3 }),
    );
    const email = field(
      text.emailForConfirmation,
      h('input', {
        id: 'callback-email',
        name: 'email',
        type: 'email',
        autocomplete: 'email',
        maxlength: 254,
      }),
    );
    const callWindow = h(
      'fieldset',
      {},
      h('legend', {}, text.callWindow),
      date.wrap,
      h('div', { class: 'row' }, from.wrap, to.wrap),
    );
    const all = [...aboutList, phone, date, from, to, note, email, consent];
    form.append(
      ...aboutList.map((f) => f.wrap),
      phone.wrap,
      callWindow,
      note.wrap,
      email.wrap,
      aboutYou.element,
      consent.wrap,
      alert,
      button,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (f: Field) => f.control.value.trim();
      const ok = validate([
        topicRule,
        [phone, () => (!value(phone) ? text.required : isPhone(value(phone)) ? null : text.invalidPhone)],
        [
          date,
          () =>
            !value(date)
              ? text.required
              : value(date) < isoToday || value(date) > isoLatest
                ? text.invalidDate
                : null,
        ],
        [from, () => (value(from) ? null : text.required)],
        [to, () => (!value(to) ? text.required : value(to) <= value(from) ? text.invalidTime : null)],
        [email, () => (!value(email) || isEmail(value(email)) ? null : text.invalidEmail)],
        consentRule,
      ]);
      if (!ok) return;
      void run(button, text, all, alert, () =>
        submit({
          kind: 'callback',
          ...about.read(),
          lang,
          about: aboutYou.read(),
          phone: value(phone),
          window: { date: value(date), from: value(from), to: value(to) },
          ...(value(note) ? { note: value(note) } : {}),
          ...(value(email) ? { email: value(email) } : {}),
          consent: true,
        }),
      );
    });
  }
  return form;
}

/** A local calendar day as YYYY-MM-DD, the value of a date input. */
function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The confirmation after an offline request; focusable so that it is read out first. */
export function renderOfflineDone(text: Messages, kind: 'message' | 'callback'): HTMLElement {
  return h(
    'div',
    { class: 'view' },
    h(
      'p',
      { class: 'success', tabindex: -1, 'data-focus': true },
      kind === 'message' ? text.messageSent : text.callbackSent,
    ),
  );
}

/** After a suggestion answered the question: thanks, and the way back to a counsellor. */
export function renderAnswered(text: Messages, leftQueue: boolean, askAnyway: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'btn secondary' }, text.askAnyway);
  button.addEventListener('click', askAnyway);
  return h(
    'div',
    { class: 'view' },
    h(
      'p',
      { class: 'success', tabindex: -1, 'data-focus': true },
      leftQueue ? `${text.leftQueue} ${text.answeredThanks}` : text.answeredThanks,
    ),
    button,
  );
}

/** Loading, or a failure with a way to try again. */
export function renderMessage(body: string, retry?: { label: string; onClick: () => void }): HTMLElement {
  const view = h(
    'div',
    { class: 'view' },
    h('p', { class: retry ? 'alert' : 'muted', role: retry ? 'alert' : undefined }, body),
  );
  if (retry) {
    const button = h('button', { type: 'button', class: 'btn secondary' }, retry.label);
    button.addEventListener('click', retry.onClick);
    view.append(button);
  }
  return view;
}
