import { ApiError } from '../api';
import { errorText, type Messages } from '../messages';
import { h } from './h';

export { h } from './h';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field {
  wrap: HTMLElement;
  control: Control;
  error: HTMLElement;
}

/** A labelled control with a place for its error message right below it. */
export function field(label: string, control: Control, hint?: HTMLElement): Field {
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, hidden: true });
  const isCheck = control instanceof HTMLInputElement && control.type === 'checkbox';
  const labelElement = h('label', { for: control.id }, label);
  const wrap = isCheck
    ? h('div', { class: 'field check' }, control, labelElement, error)
    : h('div', { class: 'field' }, labelElement, control, hint, error);
  return { wrap, control, error };
}

export function setFieldError(f: Field, message: string | null): void {
  f.error.textContent = message ?? '';
  f.error.hidden = !message;
  const described = (f.control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter((id) => id && id !== f.error.id);
  if (message) {
    f.control.setAttribute('aria-invalid', 'true');
    described.push(f.error.id);
  } else {
    f.control.removeAttribute('aria-invalid');
  }
  if (described.length) f.control.setAttribute('aria-describedby', described.join(' '));
  else f.control.removeAttribute('aria-describedby');
}

/**
 * Shows every rule's message next to its field and focuses the first field in error.
 * A rule returns the message for a bad value, or null.
 */
export function validate(rules: [Field, () => string | null][]): boolean {
  let first: Field | null = null;
  for (const [f, rule] of rules) {
    const message = rule();
    setFieldError(f, message);
    if (message && !first) first = f;
  }
  first?.control.focus();
  return !first;
}

/**
 * Shows a failed request: validation errors next to the fields the server names (by the
 * control's name), anything else in the form's alert.
 */
export function showRequestError(text: Messages, error: unknown, fields: Field[], alert: HTMLElement): void {
  const apiError = error instanceof ApiError ? error : new ApiError('generic', 0);
  let first: Field | null = null;
  for (const problem of apiError.fields) {
    const name = problem.field.replace(/^body\./, '');
    const f = fields.find((candidate) => candidate.control.name === name);
    if (!f) continue;
    setFieldError(f, fieldMessages(text)[name] ?? text.checkField);
    first ??= f;
  }
  if (first) {
    alert.hidden = true;
    first.control.focus();
    return;
  }
  alert.textContent = errorText(text, apiError.code);
  alert.hidden = false;
}

const fieldMessages = (text: Messages): Record<string, string> => ({
  email: text.invalidEmail,
  phone: text.invalidPhone,
  'window.date': text.invalidDate,
  'window.to': text.invalidTime,
});

/**
 * Runs a request started from a button, ignoring clicks until it ends. The button is marked
 * aria-disabled rather than disabled: disabling the focused button would drop focus to the page.
 */
export async function whileBusy(button: HTMLButtonElement, task: () => Promise<void>): Promise<void> {
  if (button.getAttribute('aria-disabled') === 'true') return;
  button.setAttribute('aria-disabled', 'true');
  try {
    await task();
  } finally {
    button.removeAttribute('aria-disabled');
  }
}

export function alertBox(): HTMLElement {
  return h('p', { class: 'alert', role: 'alert', hidden: true });
}

export const isEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
/** Roughly what the server accepts (it normalises to E.164): digits and separators, 7+ digits. */
export const isPhone = (value: string): boolean =>
  /^\+?[\d\s()./-]{7,30}$/.test(value) && value.replace(/\D/g, '').length >= 7;
