import type { Api, SelfHelpRecord, Suggestion, SuggestionRef } from '../api';
import type { Messages, WidgetLang } from '../messages';
import { h } from './dom';

/** A guide or programme as a card: its title a link opening in a new tab, and its one line. */
export function linkCard(
  text: Messages,
  serviceOrigin: string,
  card: Pick<Suggestion, 'title' | 'summary' | 'url'>,
  tag: 'span' | 'li' = 'span',
  onOpen?: () => void,
): HTMLElement {
  const link = h(
    'a',
    { href: `${serviceOrigin}${card.url}`, target: '_blank', rel: 'noopener' },
    card.title,
    h('span', { class: 'sr-only' }, ` ${text.newTab}`),
  );
  if (onOpen) link.addEventListener('click', onOpen);
  return h(tag, { class: 'card' }, link, card.summary && h('span', {}, card.summary));
}

const ASK_DELAY_MS = 400;
const refOf = (s: SuggestionRef): SuggestionRef => ({ type: s.type, id: s.id });

/**
 * Up to three guides and programmes for the visitor's question (docs/self-help.md), each
 * opening in a new tab, and "This answered my question". Asks again after each pause in
 * typing; an answer to an older question is dropped. A failed request shows nothing: the
 * suggestions are a help beside the chat, never in its way.
 */
export class SuggestionBox {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'suggestion-list' });
  private readonly count = h('p', { class: 'sr-only', role: 'status' });
  private readonly note = h('p', { class: 'muted', hidden: true });
  private readonly answerButton: HTMLButtonElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = '';
  private turn = 0;
  private readonly title: HTMLElement;
  private shown: Suggestion[] = [];
  private opened: SuggestionRef[] = [];
  private found: { lang: string; fallback: boolean } | null = null;

  constructor(
    private text: Messages,
    private readonly api: Api,
    private readonly lang: () => WidgetLang,
    private readonly serviceOrigin: string,
    id: string,
    answered: (ref: SuggestionRef) => void | Promise<void>,
  ) {
    this.answerButton = h('button', { type: 'button', class: 'btn secondary' });
    this.title = h('h3', { id: `${id}-title` });
    this.answerButton.addEventListener('click', () => {
      const first = this.opened[0] ?? this.shown[0];
      if (first) void answered(refOf(first));
    });
    this.element = h(
      'section',
      { class: 'suggestions', 'aria-labelledby': `${id}-title`, hidden: true },
      this.title,
      this.note,
      this.list,
      this.answerButton,
    );
    this.draw();
  }

  /** The question last asked, to put back in a rebuilt form. */
  get question(): string {
    return this.asked;
  }

  /** Redraws in another language, keeping what was found. */
  setText(text: Messages): void {
    this.text = text;
    this.draw();
  }

  /** The status line that reads out how many were found; placed outside the box so it is heard even when none were. */
  get status(): HTMLElement {
    return this.count;
  }

  /** What was asked, shown and opened; null when nothing was shown. */
  get record(): SelfHelpRecord | null {
    return this.shown.length ? { q: this.asked, shown: this.shown.map(refOf), opened: this.opened } : null;
  }

  ask(question: string, delay = ASK_DELAY_MS): void {
    clearTimeout(this.timer);
    const q = question.trim();
    if (q === this.asked) return;
    this.timer = setTimeout(() => void this.fetch(q), delay);
  }

  private async fetch(q: string): Promise<void> {
    const turn = ++this.turn;
    this.asked = q;
    // An empty or one-letter question has no suggestions (the server says the same).
    const found =
      q.replace(/[^\p{L}\p{N}]/gu, '').length < 2
        ? null
        : await this.api.suggestions(q, this.lang()).catch(() => null);
    if (turn !== this.turn) return;
    this.shown = found?.results ?? [];
    this.opened = [];
    this.found = found;
    this.draw();
  }

  private draw(): void {
    const { text, found } = this;
    this.title.textContent = text.suggestionsTitle;
    this.answerButton.textContent = text.answeredMine;
    this.note.textContent = text.inFinnish;
    this.note.hidden = !(found?.fallback && found.lang !== this.lang());
    this.list.replaceChildren(
      ...this.shown.map((s) =>
        linkCard(text, this.serviceOrigin, s, 'li', () => {
          if (!this.opened.some((o) => o.type === s.type && o.id === s.id)) this.opened.push(refOf(s));
        }),
      ),
    );
    this.element.hidden = this.shown.length === 0;
    this.count.textContent = found ? text.matches(this.shown.length) : '';
  }
}
